package pointio

import (
	"github.com/zonegate/zonegate/api/wire"

	"github.com/zonegate/zonegate/geo"
)

// fragments caches each zone's {"layer":..,"id":..} encoding: a zone
// version is immutable, so it is escaped once and then copied. The
// encodings sit end to end in one arena and the map holds offsets, so the
// cache is two allocations that grow, not one per zone, and holds no
// pointers for the collector to scan but its keys. The zero value is an
// empty cache; capped at max zones (0: no cap), it starts afresh when full.
type fragments struct {
	at    map[*geo.Zone]uint64 // offset<<32 | length in arena
	arena []byte
	max   int
}

// reset empties the cache, keeping its memory.
func (f *fragments) reset() {
	clear(f.at)
	f.arena = f.arena[:0]
}

// appendAnswer appends one point's answer {"zones":[{"layer":..,"id":..},...]}.
func (f *fragments) appendAnswer(buf []byte, zones []*geo.Zone) []byte {
	buf = append(buf, `{"zones":[`...)
	for j, z := range zones {
		if j > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, f.of(z)...)
	}
	return append(buf, "]}"...)
}

// of returns z's encoding; it stays valid until the next call.
func (f *fragments) of(z *geo.Zone) []byte {
	if at, ok := f.at[z]; ok {
		return f.arena[at>>32 : at>>32+at&(1<<32-1)]
	}
	if f.at == nil {
		f.at = make(map[*geo.Zone]uint64)
	}
	if (f.max > 0 && len(f.at) >= f.max) || len(f.arena) > 1<<31 {
		f.reset()
	}
	start := len(f.arena)
	f.arena = append(f.arena, `{"layer":`...)
	f.arena = wire.AppendString(f.arena, z.Layer)
	f.arena = append(f.arena, `,"id":`...)
	f.arena = append(wire.AppendString(f.arena, z.ID), '}')
	f.at[z] = uint64(start)<<32 | uint64(len(f.arena)-start)
	return f.arena[start:]
}
