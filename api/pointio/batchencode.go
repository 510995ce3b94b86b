package pointio

import (
	"net"
	"runtime"
	"slices"
	"sync"
	"unicode/utf8"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/index"
)

// batchChunk is the smallest share of a batch worth a goroutine.
const batchChunk = 2048

// EncodeBatch looks up every point in snap and encodes the batch answer
// {"results":[{"zones":[{"layer":..,"id":..},...]},...]} in input order,
// splitting the work across all cores. The answer comes as consecutive
// pieces (write them in order) so the workers' buffers are not copied into
// one: at 100,000 points that copy was a tenth of the request.
func EncodeBatch(snap *index.Snapshot, pts []orb.Point, q index.Query) net.Buffers {
	workers := min(runtime.GOMAXPROCS(0), (len(pts)+batchChunk-1)/batchChunk)
	if workers < 1 {
		workers = 1
	}
	parts := make([][]byte, workers)
	per := (len(pts) + workers - 1) / workers
	var wg sync.WaitGroup
	for wi := range workers {
		lo, hi := min(wi*per, len(pts)), min((wi+1)*per, len(pts))
		wg.Go(func() { parts[wi] = encodeResults(snap, pts[lo:hi], q) })
	}
	wg.Wait()
	out := make(net.Buffers, 0, 2*workers+2)
	out = append(out, []byte(`{"results":[`))
	for i, part := range parts {
		if i > 0 && len(part) > 0 {
			out = append(out, []byte{','})
		}
		out = append(out, part)
	}
	return append(out, []byte("]}\n"))
}

// encodeResults encodes the results of pts, comma-separated, looked up by
// lookupAll. Each zone's
// {"layer":..,"id":..} is encoded once and then copied, and the buffer is
// sized from the first points' average so it grows at most once more.
func encodeResults(snap *index.Snapshot, pts []orb.Point, q index.Query) []byte {
	const sample = 256
	buf := make([]byte, 0, min(len(pts), sample)*64)
	frags := map[*geo.Zone][]byte{}
	zonesOf := lookupAll(snap, pts, q)
	for i := range pts {
		if i == sample {
			buf = slices.Grow(buf, len(buf)/sample*(len(pts)-sample)*9/8)
		}
		if i > 0 {
			buf = append(buf, ',')
		}
		zones := zonesOf(i)
		buf = append(buf, `{"zones":[`...)
		for j, z := range zones {
			if j > 0 {
				buf = append(buf, ',')
			}
			f, ok := frags[z]
			if !ok {
				f = append([]byte(`{"layer":`), appendJSONString(nil, z.Layer)...)
				f = append(f, `,"id":`...)
				f = append(appendJSONString(f, z.ID), '}')
				frags[z] = f
			}
			buf = append(buf, f...)
		}
		buf = append(buf, "]}"...)
	}
	return buf
}

// lookupAll returns the zones of pts[i] by i, to be called in increasing
// i; a slice it returns is valid until the next call. When the index
// answers a batch of this size faster out of input order
// (Snapshot.SortsBatch), the points are looked up as one index.Batch first;
// otherwise each is looked up when asked for.
func lookupAll(snap *index.Snapshot, pts []orb.Point, q index.Query) func(i int) []*geo.Zone {
	if snap.SortsBatch(len(pts)) {
		var batch index.Batch
		snap.ZonesAtBatch(&batch, pts, q)
		return batch.At
	}
	var zones []*geo.Zone
	return func(i int) []*geo.Zone {
		zones = snap.ZonesAt(zones[:0], pts[i], q)
		return zones
	}
}

// appendJSONString appends s as a JSON string. Ids are plain ASCII by
// construction (geo.ValidateID), but this stays correct for any input.
func appendJSONString(buf []byte, s string) []byte {
	buf = append(buf, '"')
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			buf = append(buf, '\\', c)
			i++
		case c < 0x20:
			buf = append(buf, `\u00`...)
			buf = append(buf, "0123456789abcdef"[c>>4], "0123456789abcdef"[c&0xf])
			i++
		case c < utf8.RuneSelf:
			buf = append(buf, c)
			i++
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				buf = append(buf, `\ufffd`...)
			} else {
				buf = append(buf, s[i:i+size]...)
			}
			i += size
		}
	}
	return append(buf, '"')
}
