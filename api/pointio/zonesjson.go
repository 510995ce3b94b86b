package pointio

import (
	"slices"
	"unsafe"

	"github.com/zonegate/zonegate/api/wire"
	"github.com/zonegate/zonegate/geo"
)

// fragments caches each zone's {"layer":..,"id":..} encoding: a zone
// version is immutable, so it is escaped once and then copied. The
// encodings sit end to end in one arena and the map holds offsets, so the
// cache is two allocations that grow, not one per zone, and holds no
// pointers for the collector to scan but its keys. The zero value is an
// empty cache; capped at max zones (0: no cap), it starts afresh when full.
//
// Above the zone encodings sits a cache of whole answers: many points share
// one answer (on the Linfen counties nearly every point is in one of 17),
// so the last answers seen are kept, each in the slot its zones hash to,
// and an answer found there is one copy, not a map look-up per zone.
type fragments struct {
	at    map[*geo.Zone]uint64 // offset<<32 | length in arena
	arena []byte
	max   int
	// The answer cache, allocated at first use and never grown, so that
	// an encoder allocates nothing once warm: slot i's zones are
	// answerZones[i*maxCachedZones:][:answers[i].zones], its encoding
	// answerEnc[i*maxAnswerBytes:][:answers[i].size].
	answers     []answerSlot
	answerZones []*geo.Zone
	answerEnc   []byte
}

// answerSlot is one slot of the answer cache: how many zones its answer
// has (0: empty) and the length of its encoding.
type answerSlot struct {
	zones, size uint16
}

// The answer cache has answerSlots slots (a power of two), each holding an
// answer of at most maxCachedZones zones (answers of many zones seldom
// recur and cost more to compare) encoded in at most maxAnswerBytes.
const (
	answerSlots    = 256
	maxCachedZones = 4
	maxAnswerBytes = 256
)

// reset empties the cache, keeping its memory.
func (f *fragments) reset() {
	clear(f.at)
	f.arena = f.arena[:0]
	clear(f.answers)
	clear(f.answerZones) // let go of the zones
}

// appendAnswer appends one point's answer {"zones":[{"layer":..,"id":..},...]}.
func (f *fragments) appendAnswer(buf []byte, zones []*geo.Zone) []byte {
	if len(zones) == 0 {
		return append(buf, `{"zones":[]}`...)
	}
	if len(zones) > maxCachedZones {
		return f.encodeAnswer(buf, zones)
	}
	if f.answers == nil {
		f.answers = make([]answerSlot, answerSlots)
		f.answerZones = make([]*geo.Zone, answerSlots*maxCachedZones)
		f.answerEnc = make([]byte, answerSlots*maxAnswerBytes)
	}
	i := answerHash(zones) & (answerSlots - 1)
	slot := &f.answers[i]
	cached := f.answerZones[i*maxCachedZones:][:maxCachedZones]
	if int(slot.zones) == len(zones) && slices.Equal(cached[:len(zones)], zones) {
		return append(buf, f.answerEnc[i*maxAnswerBytes:][:slot.size]...)
	}
	start := len(buf)
	buf = f.encodeAnswer(buf, zones)
	if enc := buf[start:]; len(enc) <= maxAnswerBytes {
		copy(cached, zones)
		copy(f.answerEnc[i*maxAnswerBytes:], enc)
		*slot = answerSlot{zones: uint16(len(zones)), size: uint16(len(enc))}
	} else {
		*slot = answerSlot{}
	}
	return buf
}

// answerHash hashes the addresses of zones. An address is only hashed,
// never turned back into a pointer, and Go's collector does not move heap
// objects, so a zone's address is stable while the cache holds the zone.
func answerHash(zones []*geo.Zone) uint64 {
	h := uint64(len(zones))
	for _, z := range zones {
		h = (h ^ uint64(uintptr(unsafe.Pointer(z)))) * 0x9E3779B97F4A7C15
	}
	return h >> 40
}

// encodeAnswer appends one point's answer from the zone encodings.
func (f *fragments) encodeAnswer(buf []byte, zones []*geo.Zone) []byte {
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
