package api

import (
	"strconv"
	"sync"
	"time"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/api/wire"
	"github.com/zonegate/zonegate/geo"
)

// jsonContentType is the Content-Type of the JSON answers written by hand,
// shared: handlers replace a header's slice, never write into it.
var jsonContentType = []string{"application/json; charset=utf-8"}

// appendZonesAt appends the answer of GET /v1/zones/at: the bytes
// encoding/json writes for zonesAtResponse (newZonesAtResponse), newline
// included. ok is false when encoding/json would refuse a value; the
// caller then answers through it.
func appendZonesAt(b []byte, p orb.Point, at time.Time, zones []*geo.Zone) (_ []byte, ok bool) {
	b = append(b, `{"point":[`...)
	if b, ok = wire.AppendFloat(b, p[0]); !ok {
		return b, false
	}
	b = append(b, ',')
	if b, ok = wire.AppendFloat(b, p[1]); !ok {
		return b, false
	}
	b = append(b, `],"at":`...)
	if b, ok = wire.AppendTime(b, at); !ok {
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

// appendZone appends z as zoneJSON encodes.
func appendZone(b []byte, z *geo.Zone) (_ []byte, ok bool) {
	b = append(b, `{"layer":`...)
	b = wire.AppendString(b, z.Layer)
	b = append(b, `,"kind":`...)
	b = wire.AppendString(b, string(z.Kind))
	b = append(b, `,"id":`...)
	b = wire.AppendString(b, z.ID)
	b = append(b, `,"name":`...)
	b = wire.AppendString(b, z.Name)
	b = append(b, `,"version":`...)
	b = strconv.AppendInt(b, z.Version, 10)
	b = append(b, `,"valid_from":`...)
	if b, ok = wire.AppendTimeOrNull(b, z.Validity.From); !ok {
		return b, false
	}
	b = append(b, `,"valid_to":`...)
	if b, ok = wire.AppendTimeOrNull(b, z.Validity.To); !ok {
		return b, false
	}
	return append(b, '}'), true
}

// answerBuffers reuses the buffers of answers written by hand.
type answerBuffers struct{ pool sync.Pool }

// maxKeptAnswer bounds the buffers kept for reuse.
const maxKeptAnswer = 64 << 10

func (a *answerBuffers) get() *[]byte {
	if b, ok := a.pool.Get().(*[]byte); ok {
		return b
	}
	b := make([]byte, 0, 1024)
	return &b
}

func (a *answerBuffers) put(b *[]byte) {
	if cap(*b) <= maxKeptAnswer {
		a.pool.Put(b)
	}
}
