package checkreq

import (
	"strconv"

	"github.com/zonegate/zonegate/api/wire"
)

// AppendJSON appends req as json.Marshal encodes it (HTML escaping
// included): the request kept in the inspection record. It reports false
// for values json.Marshal refuses (NaN, infinities), where the caller
// uses json.Marshal. json.Marshal of the request was a sixth of a check's
// server time (issue 16); api's checksjson_internal_test.go compares the
// two.
func (req *Request) AppendJSON(b []byte) (_ []byte, ok bool) {
	b = append(b, '{')
	sep := func() {
		if b[len(b)-1] != '{' {
			b = append(b, ',')
		}
	}
	if len(req.Position) > 0 {
		b = append(b, `"position":`...)
		if b, ok = wire.AppendFloats(b, req.Position); !ok {
			return b, false
		}
	}
	if rt := req.Route; rt != nil {
		sep()
		b = append(b, `"route":{"type":`...)
		b = wire.AppendHTMLString(b, rt.Type)
		b = append(b, `,"coordinates":`...)
		if rt.Coordinates == nil {
			b = append(b, "null"...)
		} else {
			b = append(b, '[')
			for i, c := range rt.Coordinates {
				if i > 0 {
					b = append(b, ',')
				}
				if b, ok = wire.AppendFloats(b, c); !ok {
					return b, false
				}
			}
			b = append(b, ']')
		}
		b = append(b, '}')
	}
	for _, f := range [...]struct{ key, v string }{{`"at":`, req.At}, {`"crs":`, req.CRS}} {
		if f.v != "" {
			sep()
			b = append(b, f.key...)
			b = wire.AppendHTMLString(b, f.v)
		}
	}
	sep()
	b = append(b, `"cargo":{"fuel":`...)
	b = wire.AppendHTMLString(b, req.Cargo.Fuel)
	for _, f := range [...]struct {
		key string
		v   *float64
	}{{`,"sulfur_pct":`, req.Cargo.SulfurPct}, {`,"ash_pct":`, req.Cargo.AshPct}, {`,"volatile_pct":`, req.Cargo.VolatilePct}} {
		if f.v != nil {
			b = append(b, f.key...)
			if b, ok = wire.AppendFloat(b, *f.v); !ok {
				return b, false
			}
		}
	}
	b = append(b, `},"documents":{"supply_contract":`...)
	b = strconv.AppendBool(b, req.Documents.SupplyContract)
	b = append(b, `,"quality_report":`...)
	b = strconv.AppendBool(b, req.Documents.QualityReport)
	b = append(b, `},"destination":{"category":`...)
	b = wire.AppendHTMLString(b, req.Destination.Category)
	b = append(b, '}')
	for _, f := range [...]struct{ key, v string }{{`,"plate":`, req.Plate}, {`,"station":`, req.Station}} {
		if f.v != "" {
			b = append(b, f.key...)
			b = wire.AppendHTMLString(b, f.v)
		}
	}
	return append(b, '}'), true
}
