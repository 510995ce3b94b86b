package wire

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/jsonfloat"
)

// Append-style JSON for the small answers of the hot routes (a point
// lookup): the same bytes encoding/json writes with SetEscapeHTML(false),
// without its reflection and allocations. Each Append* reports false for a
// value encoding/json would refuse (NaN, a year outside 0–9999), so the
// caller can fall back to WriteJSON and answer exactly as before.

// AppendString appends s as a JSON string, escaped as encoding/json's
// Encoder does with SetEscapeHTML(false).
func AppendString(b []byte, s string) []byte { return appendString(b, s, false) }

// AppendHTMLString appends s as json.Marshal does: also <, > and & are
// escaped.
func AppendHTMLString(b []byte, s string) []byte { return appendString(b, s, true) }

func appendString(b []byte, s string, html bool) []byte {
	start := len(b)
	b = append(b, '"')
	run := 0 // s[run:i] is to be appended as it is
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c >= 0x20 && c < utf8.RuneSelf && c != '"' && c != '\\':
			if html && (c == '<' || c == '>' || c == '&') {
				// \u003c, \u003e, \u0026, as json.Marshal writes them.
				b = append(b, s[run:i]...)
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
				run = i + 1
			}
			i++
			continue
		case c == '"' || c == '\\':
			// As encoding/json writes them: the coal-truck check's English
			// messages quote zone names.
			b = append(b, s[run:i]...)
			b = append(b, '\\', c)
			i++
			run = i
			continue
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRuneInString(s[i:])
			if (r != utf8.RuneError || n != 1) && r != '\u2028' && r != '\u2029' {
				i += n
				continue
			}
		}
		// Rare: control characters, invalid UTF-8, U+2028/9.
		return appendStringSlow(b[:start], s, html)
	}
	b = append(b, s[run:]...)
	return append(b, '"')
}

const hexDigits = "0123456789abcdef"

// appendStringSlow encodes s with encoding/json itself.
func appendStringSlow(b []byte, s string, html bool) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(html)
	_ = enc.Encode(s) // a string always encodes
	return append(b, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...)
}

// AppendFloat appends f as encoding/json writes a float64; false for NaN
// and infinities, which it refuses (jsonfloat.Append, shared with the
// stores).
func AppendFloat(b []byte, f float64) ([]byte, bool) { return jsonfloat.Append(b, f) }

// AppendTime appends t as time.Time's MarshalJSON does (RFC 3339 with
// nanoseconds, quoted); false for a year it refuses.
func AppendTime(b []byte, t time.Time) ([]byte, bool) {
	if y := t.Year(); y < 0 || y > 9999 {
		return b, false
	}
	b = append(b, '"')
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b, '"'), true
}

// AppendTimeOrNull appends t, or null for the zero time.
func AppendTimeOrNull(b []byte, t time.Time) ([]byte, bool) {
	if t.IsZero() {
		return append(b, "null"...), true
	}
	return AppendTime(b, t)
}

// AppendTimePtr appends *t, or null for nil.
func AppendTimePtr(b []byte, t *time.Time) ([]byte, bool) {
	if t == nil {
		return append(b, "null"...), true
	}
	return AppendTime(b, *t)
}

// AppendPoint appends p as [x,y], as encoding/json writes an orb.Point.
func AppendPoint(b []byte, p orb.Point) (_ []byte, ok bool) {
	b = append(b, '[')
	if b, ok = AppendFloat(b, p[0]); !ok {
		return b, false
	}
	b = append(b, ',')
	if b, ok = AppendFloat(b, p[1]); !ok {
		return b, false
	}
	return append(b, ']'), true
}

// AppendFloats appends fs as a JSON array, null when nil.
func AppendFloats(b []byte, fs []float64) (_ []byte, ok bool) {
	if fs == nil {
		return append(b, "null"...), true
	}
	b = append(b, '[')
	for i, f := range fs {
		if i > 0 {
			b = append(b, ',')
		}
		if b, ok = AppendFloat(b, f); !ok {
			return b, false
		}
	}
	return append(b, ']'), true
}

// QueryGetter is what reads a query parameter: url.Values or *Query.
type QueryGetter interface{ Get(key string) string }

// maxPlainQuery bounds the queries Query reads in place; longer ones are
// parsed by net/url.
const maxPlainQuery = 1024

// Query reads the parameters of a URL query as url.ParseQuery does, in
// place when the query has nothing to unescape (no %, + or ;): a point
// lookup then builds no map.
type Query struct {
	raw    string
	values url.Values // parsed, when raw needs unescaping
}

// ParseQuery reads raw (URL.RawQuery); like URL.Query it drops malformed
// pairs.
func ParseQuery(raw string) Query {
	if len(raw) > maxPlainQuery || strings.ContainsAny(raw, "%+;") {
		v, _ := url.ParseQuery(raw)
		return Query{values: v}
	}
	return Query{raw: raw}
}

// Get returns the first value of key, or "".
func (q *Query) Get(key string) string {
	if q.values != nil {
		return q.values.Get(key)
	}
	for rest := q.raw; rest != ""; {
		var pair string
		pair, rest, _ = strings.Cut(rest, "&")
		if k, v, _ := strings.Cut(pair, "="); k == key && pair != "" {
			return v
		}
	}
	return ""
}

// All returns every value of key in order, or nil.
func (q *Query) All(key string) []string {
	if q.values != nil {
		return q.values[key]
	}
	var out []string
	for rest := q.raw; rest != ""; {
		var pair string
		pair, rest, _ = strings.Cut(rest, "&")
		if k, v, _ := strings.Cut(pair, "="); k == key && pair != "" {
			out = append(out, v)
		}
	}
	return out
}

// AppendZonesAt appends the answer of GET /v1/zones/at at p and time at
// with zones: the bytes encoding/json writes for package api's
// zonesAtResponse, newline included. ok is false when encoding/json would refuse a value; the
// caller then answers through it.
func AppendZonesAt(b []byte, p orb.Point, at time.Time, zones []*geo.Zone) (_ []byte, ok bool) {
	b = append(b, `{"point":[`...)
	if b, ok = AppendFloat(b, p[0]); !ok {
		return b, false
	}
	b = append(b, ',')
	if b, ok = AppendFloat(b, p[1]); !ok {
		return b, false
	}
	b = append(b, `],"at":`...)
	if b, ok = AppendTime(b, at); !ok {
		return b, false
	}
	b = append(b, `,"zones":[`...)
	for i, z := range zones {
		if i > 0 {
			b = append(b, ',')
		}
		if b, ok = appendZone(b, z); !ok {
			return b, false
		}
	}
	return append(b, "]}\n"...), true
}

// appendZone appends z as package api's zoneJSON encodes.
func appendZone(b []byte, z *geo.Zone) (_ []byte, ok bool) {
	b = append(b, `{"layer":`...)
	b = AppendString(b, z.Layer)
	b = append(b, `,"kind":`...)
	b = AppendString(b, string(z.Kind))
	b = append(b, `,"id":`...)
	b = AppendString(b, z.ID)
	b = append(b, `,"name":`...)
	b = AppendString(b, z.Name)
	b = append(b, `,"version":`...)
	b = strconv.AppendInt(b, z.Version, 10)
	b = append(b, `,"valid_from":`...)
	if b, ok = AppendTimeOrNull(b, z.Validity.From); !ok {
		return b, false
	}
	b = append(b, `,"valid_to":`...)
	if b, ok = AppendTimeOrNull(b, z.Validity.To); !ok {
		return b, false
	}
	return append(b, '}'), true
}
