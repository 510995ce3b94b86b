package api

import (
	"strconv"

	"github.com/zonegate/zonegate/api/wire"
	"github.com/zonegate/zonegate/geo/rules"
)

// The coal-truck check's answer and (checkreq's Request.AppendJSON) the
// request kept in its inspection record, appended by hand: json.Marshal
// of the two was a third of a check's server time. Each writes the bytes
// json.Marshal writes (HTML escaping included; checksjson_internal_test.go
// compares them) and reports false for what it does not cover (a route's
// off_route parts, values json.Marshal refuses), where the caller uses
// json.Marshal.

// appendCheckResponse appends resp as json.Marshal encodes it.
func appendCheckResponse(b []byte, resp *checkResponse) (_ []byte, ok bool) {
	if resp.OffRoute != nil {
		return b, false
	}
	b = append(b, `{"decision":`...)
	b = wire.AppendHTMLString(b, resp.Decision.Decision)
	b = append(b, `,"action":`...)
	b = wire.AppendHTMLString(b, resp.Action)
	b = append(b, `,"reasons":`...)
	if resp.Reasons == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range resp.Reasons {
			if i > 0 {
				b = append(b, ',')
			}
			if b, ok = appendReason(b, &resp.Reasons[i]); !ok {
				return b, false
			}
		}
		b = append(b, ']')
	}
	b = append(b, `,"rules_version":`...)
	b = wire.AppendHTMLString(b, resp.RulesVersion)
	if len(resp.Notes) > 0 {
		b = append(b, `,"notes":[`...)
		for i, n := range resp.Notes {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"code":`...)
			b = wire.AppendHTMLString(b, n.Code)
			b = append(b, `,"message_zh":`...)
			b = wire.AppendHTMLString(b, n.MessageZH)
			b = append(b, `,"message_en":`...)
			b = wire.AppendHTMLString(b, n.MessageEN)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	if st := resp.Station; st != nil {
		b = appendStation(b, st)
	}
	b = append(b, `,"zones":`...)
	if resp.Zones == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range resp.Zones {
			if i > 0 {
				b = append(b, ',')
			}
			if b, ok = appendCheckZone(b, &resp.Zones[i]); !ok {
				return b, false
			}
		}
		b = append(b, ']')
	}
	if resp.Position != nil {
		b = append(b, `,"position":`...)
		if b, ok = wire.AppendPoint(b, *resp.Position); !ok {
			return b, false
		}
	}
	b = append(b, `,"at":`...)
	if b, ok = wire.AppendTime(b, resp.At); !ok {
		return b, false
	}
	switch {
	case resp.RequestID != "":
		b = append(b, `,"request_id":`...)
		b = wire.AppendHTMLString(b, resp.RequestID)
	case resp.idFrom != nil:
		b = append(b, `,"request_id":`...)
		b = resp.idFrom.AppendRequestIDJSON(b)
	}
	return append(b, '}'), true
}

func appendReason(b []byte, r *rules.Reason) (_ []byte, ok bool) {
	if r.OffRoute != nil {
		return b, false
	}
	b = append(b, `{"code":`...)
	b = wire.AppendHTMLString(b, r.Code)
	b = append(b, `,"effect":`...)
	b = wire.AppendHTMLString(b, r.Effect)
	b = append(b, `,"rule":`...)
	b = wire.AppendHTMLString(b, r.Rule)
	b = append(b, `,"clause":`...)
	b = wire.AppendHTMLString(b, r.Clause)
	if z := r.Zone; z != nil {
		b = append(b, `,"zone":{"layer":`...)
		b = wire.AppendHTMLString(b, z.Layer)
		b = append(b, `,"id":`...)
		b = wire.AppendHTMLString(b, z.ID)
		b = append(b, `,"name":`...)
		b = wire.AppendHTMLString(b, z.Name)
		b = append(b, `,"kind":`...)
		b = wire.AppendHTMLString(b, string(z.Kind))
		b = append(b, `,"entry":`...)
		if b, ok = wire.AppendPoint(b, z.Entry); !ok {
			return b, false
		}
		b = append(b, '}')
	}
	b = append(b, `,"message_zh":`...)
	b = wire.AppendHTMLString(b, r.MessageZH)
	b = append(b, `,"message_en":`...)
	b = wire.AppendHTMLString(b, r.MessageEN)
	return append(b, '}'), true
}

func appendStation(b []byte, st *stationJSON) []byte {
	b = append(b, `,"station":{`...)
	if st.ID != "" {
		b = append(b, `"id":`...)
		b = wire.AppendHTMLString(b, st.ID)
		b = append(b, ',')
	}
	b = append(b, `"known":`...)
	b = strconv.AppendBool(b, st.Known)
	for _, f := range [...]struct{ key, v string }{{`,"name":`, st.Name}, {`,"type":`, st.Type}, {`,"county":`, st.County}} {
		if f.v != "" {
			b = append(b, f.key...)
			b = wire.AppendHTMLString(b, f.v)
		}
	}
	return append(b, '}')
}

func appendCheckZone(b []byte, z *checkZoneJSON) (_ []byte, ok bool) {
	b = append(b, `{"layer":`...)
	b = wire.AppendHTMLString(b, z.Layer)
	b = append(b, `,"kind":`...)
	b = wire.AppendHTMLString(b, string(z.Kind))
	b = append(b, `,"id":`...)
	b = wire.AppendHTMLString(b, z.ID)
	b = append(b, `,"name":`...)
	b = wire.AppendHTMLString(b, z.Name)
	b = append(b, `,"version":`...)
	b = strconv.AppendInt(b, z.Version, 10)
	b = append(b, `,"valid_from":`...)
	if b, ok = wire.AppendTimePtr(b, z.ValidFrom); !ok {
		return b, false
	}
	b = append(b, `,"valid_to":`...)
	if b, ok = wire.AppendTimePtr(b, z.ValidTo); !ok {
		return b, false
	}
	if z.Entry != nil {
		b = append(b, `,"entry":`...)
		if b, ok = wire.AppendPoint(b, *z.Entry); !ok {
			return b, false
		}
	}
	if z.AlongM != nil {
		b = append(b, `,"along_m":`...)
		if b, ok = wire.AppendFloat(b, *z.AlongM); !ok {
			return b, false
		}
	}
	return append(b, '}'), true
}
