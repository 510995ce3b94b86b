package sqlite

import (
	"encoding/json"

	"github.com/paulmach/orb"

	"github.com/zonegate/zonegate/geo/jsonfloat"
)

// The JSON text of an inspection's position and reason codes, appended by
// hand: json.Marshal of the two was a third of building a logged check's
// row. Each writes json.Marshal's bytes (inspectionjson_test.go compares
// them) and reports false where the caller must use json.Marshal.

// appendPointJSON appends p as json.Marshal encodes an orb.Point; false
// for NaN or an infinity, which json.Marshal refuses.
func appendPointJSON(b []byte, p orb.Point) ([]byte, bool) {
	b = append(b, '[')
	b, ok := jsonfloat.Append(b, p[0])
	if !ok {
		return b, false
	}
	b = append(b, ',')
	if b, ok = jsonfloat.Append(b, p[1]); !ok {
		return b, false
	}
	return append(b, ']'), true
}

// reasonsJSON returns codes as json.Marshal encodes them: appended by
// hand when every code is printable ASCII that JSON and its HTML escaping
// leave alone (the rules' codes are), else by json.Marshal.
func reasonsJSON(codes []string) (string, error) {
	if codes == nil {
		return "null", nil
	}
	n := 2
	for _, c := range codes {
		for i := 0; i < len(c); i++ {
			if ch := c[i]; ch < 0x20 || ch >= 0x7f || ch == '"' || ch == '\\' || ch == '<' || ch == '>' || ch == '&' {
				b, err := json.Marshal(codes)
				return string(b), err
			}
		}
		n += len(c) + 3
	}
	b := make([]byte, 0, n)
	b = append(b, '[')
	for i, c := range codes {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '"')
		b = append(b, c...)
		b = append(b, '"')
	}
	return string(append(b, ']')), nil
}
