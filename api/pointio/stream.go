package pointio

import (
	"bytes"
	"errors"
	"strconv"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/api/wire"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/crs"
	"github.com/zonegate/zonegate/geo/index"
)

// fragCap is the most zone fragments a StreamEncoder caches before it
// resets its cache.
const fragCap = 4096

// Line is one parsed NDJSON input line: a point, or the error its answer
// line carries.
type Line struct {
	Point         orb.Point // in WGS84
	N             int       // the line's number, from 1
	Code, Message string    // set for a bad line
}

// ParseLine reads input line n (with or without its newline): one
// [lon,lat] pair in c, with the batch parser's number grammar, converted to
// WGS84. A line that is not a valid point comes back with its error code
// and message set.
func ParseLine(b []byte, n int, c crs.CRS) Line {
	b = bytes.TrimRight(b, "\r\n")
	p := pointParser{b: b}
	p.space()
	if p.pos == len(b) {
		return Line{N: n, Code: "invalid_point", Message: "the line is empty; send one [lon,lat] pair per line"}
	}
	pt, ok := p.streamPair()
	if p.space(); !ok || p.pos != len(b) {
		return Line{N: n, Code: "invalid_point", Message: "the line must hold one [lon,lat] pair of finite numbers"}
	}
	if c != crs.WGS84 {
		pt = crs.ToWGS84(pt, c)
	}
	if err := wire.CheckLonLat(pt[0], pt[1], ""); err != nil {
		msg := err.Error()
		var we *wire.Error
		if errors.As(err, &we) {
			msg = we.Message
		}
		return Line{N: n, Code: "invalid_point", Message: msg}
	}
	return Line{Point: pt, N: n}
}

// StreamEncoder answers parsed lines as NDJSON into its buffer, one answer
// line per input line: {"zones":[{"layer":..,"id":..},...]} as in the
// batch answer, or {"error":{"code":..,"message":..,"line":N}}. It caches
// each zone's encoding across calls, so keep one per stream and worker. It
// is not safe for concurrent use.
type StreamEncoder struct {
	snap  *index.Snapshot
	q     index.Query
	frags map[*geo.Zone][]byte // {"layer":..,"id":..} of each zone met
	zones []*geo.Zone          // one point's zones (unbatched lookups)
	pts   []orb.Point          // the chunk's valid points (batched lookups)
	batch index.Batch          // their zones
	out   []byte
}

// NewStreamEncoder returns an encoder with an empty buffer and cache.
func NewStreamEncoder() *StreamEncoder {
	return &StreamEncoder{frags: map[*geo.Zone][]byte{}}
}

// Start empties the buffer for a new chunk of lines, to be looked up in
// snap with q.
func (e *StreamEncoder) Start(snap *index.Snapshot, q index.Query) {
	e.snap, e.q, e.out = snap, q, e.out[:0]
}

// Bytes returns the answers encoded since Start; they stay valid until the
// next Start or Release.
func (e *StreamEncoder) Bytes() []byte { return e.out }

// Release lets go of the buffer when it has grown past keep bytes, so one
// huge answer does not pin its memory for the rest of the stream.
func (e *StreamEncoder) Release(keep int) {
	if cap(e.out) > keep {
		e.out = nil
	}
}

// Encode appends the answers of lines to the buffer. When the index
// answers this many points faster out of input order
// (Snapshot.SortsBatch), the valid lines' points are looked up as one
// index.Batch first.
func (e *StreamEncoder) Encode(lines []Line) {
	batched := e.snap.SortsBatch(len(lines))
	if batched {
		e.pts = e.pts[:0]
		for i := range lines {
			if lines[i].Code == "" {
				e.pts = append(e.pts, lines[i].Point)
			}
		}
		e.snap.ZonesAtBatch(&e.batch, e.pts, e.q)
	}
	k := 0
	for i := range lines {
		it := &lines[i]
		if it.Code != "" {
			e.lineError(it.N, it.Code, it.Message)
			continue
		}
		var zones []*geo.Zone
		if batched {
			zones = e.batch.At(k)
			k++
		} else {
			e.zones = e.snap.ZonesAt(e.zones[:0], it.Point, e.q)
			zones = e.zones
		}
		e.out = append(e.out, `{"zones":[`...)
		for j, z := range zones {
			if j > 0 {
				e.out = append(e.out, ',')
			}
			f, ok := e.frags[z]
			if !ok {
				if len(e.frags) >= fragCap { // zones replaced by edits: keep the cache bounded
					clear(e.frags)
				}
				f = append([]byte(`{"layer":`), appendJSONString(nil, z.Layer)...)
				f = append(f, `,"id":`...)
				f = append(appendJSONString(f, z.ID), '}')
				e.frags[z] = f
			}
			e.out = append(e.out, f...)
		}
		e.out = append(e.out, "]}\n"...)
	}
}

// lineError answers line n with an error object.
func (e *StreamEncoder) lineError(n int, code, msg string) {
	e.out = append(e.out, `{"error":{"code":`...)
	e.out = appendJSONString(e.out, code)
	e.out = append(e.out, `,"message":`...)
	e.out = appendJSONString(e.out, msg)
	e.out = append(e.out, `,"line":`...)
	e.out = strconv.AppendInt(e.out, int64(n), 10)
	e.out = append(e.out, "}}\n"...)
}

// streamPair reads "[lon, lat]" with the batch parser's number grammar.
func (p *pointParser) streamPair() (orb.Point, bool) {
	var pt orb.Point
	if !p.byte('[') {
		return pt, false
	}
	for k := range 2 {
		p.space()
		f, ok := p.number()
		if !ok {
			return pt, false
		}
		pt[k] = f
		p.space()
		if k == 0 && !p.byte(',') {
			return pt, false
		}
	}
	return pt, p.byte(']')
}
