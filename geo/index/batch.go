package index

import (
	"github.com/paulmach/orb"

	"github.com/zonegate/zonegate/geo"
)

// Batch lookups visit the points in the order of a Morton (Z-order) key of
// their position in the point grid's extent, quantised to mortonBits per
// axis, so that points near each other are answered one after another and
// find the polygons' cells, edge lists and vertices still in cache. This
// matters when the prepared polygons are much larger than the caches (the
// heavy benchmark set holds 87 MB): in input order every point pays cache
// misses for each of its ~12 candidates.
const mortonBits = 16

// minSortedBatch is the batch size from which sorting pays for itself;
// smaller batches are answered in input order. sortedIndexBytes is the
// prepared-polygon memory below which the index is taken to fit in cache,
// so that sorting would be pure cost (Linfen's 17 counties use ~0.3 MB).
const (
	minSortedBatch   = 256
	sortedIndexBytes = 4 << 20
)

// Batch holds the answers of Snapshot.ZonesAtBatch: At(i) is the answer
// for the i-th point. Reusing a Batch across calls reuses its memory, so a
// caller looking up batch after batch allocates nothing once it has grown.
// The zero value is an empty batch ready to use. It is not safe for
// concurrent use.
type Batch struct {
	zones []*geo.Zone // every point's zones, in visiting order
	spans [][2]uint32 // point i's zones are zones[spans[i][0]:spans[i][1]]
	keys  []uint64    // scratch: Morton key<<32 | point index
	tmp   []uint64    // scratch for the radix sort
	pts   []orb.Point // scratch: the points in visiting order
	count [4][256]uint32
	cands []candidate // scratch for lookupGroup
	hits  []uint64    // scratch for lookupGroup
	edged []groupEdges
}

// Len returns the number of points answered.
func (b *Batch) Len() int { return len(b.spans) }

// At returns the zones containing point i, sorted by (Layer, ID, Version)
// as ZonesAt returns them. The slice is valid until the next ZonesAtBatch
// with b; callers must not modify it.
func (b *Batch) At(i int) []*geo.Zone {
	s := b.spans[i]
	return b.zones[s[0]:s[1]:s[1]]
}

// ZonesAtBatch answers ZonesAt(nil, ps[i], q) for every point into b,
// replacing what b held: b.At(i) is then exactly the answer ZonesAt gives
// for ps[i]. Large batches are looked up in an order that keeps nearby
// points together, which on indexes much larger than the CPU caches is
// several times faster per point than calling ZonesAt in input order.
func (s *Snapshot) ZonesAtBatch(b *Batch, ps []orb.Point, q Query) {
	s.zonesAtBatch(b, ps, q, s.SortsBatch(len(ps)))
}

// SortsBatch reports whether ZonesAtBatch looks up a batch of n points out
// of input order, which is when it is faster than ZonesAt point by point:
// for large batches on indexes much larger than the CPU caches. Otherwise
// it visits the points in input order, groupSize at a time as in Morton
// order, which on a small index saves about a tenth over ZonesAt point by
// point (the Linfen counties: 66 against 74 CPU ns a point) but needs
// Batch memory.
func (s *Snapshot) SortsBatch(n int) bool {
	return n >= minSortedBatch && s.stats.Bytes >= sortedIndexBytes
}

// zonesAtBatch is ZonesAtBatch visiting the points in Morton order when
// sorted is set, else in input order; either way in groups (lookupGroup)
// once the point grid is built, point by point through the R-tree before.
func (s *Snapshot) zonesAtBatch(b *Batch, ps []orb.Point, q Query, sorted bool) {
	b.zones = b.zones[:0]
	b.spans = growSpans(b.spans, len(ps))
	g := s.points()
	if g == nil { // the grid is being built; ZonesAt uses the R-tree
		for i, p := range ps {
			lo := len(b.zones)
			b.zones = s.ZonesAt(b.zones, p, q)
			b.spans[i] = [2]uint32{uint32(lo), uint32(len(b.zones))}
		}
		return
	}
	at, atOK := plainNanos(q.At)
	var order []uint64
	pts := ps
	if sorted {
		order = b.sortedOrder(g, ps)
		pts = b.gather(ps, order)
	} else {
		order = b.inputOrder(len(ps))
	}
	// On large indexes (sorted batches) each group is handed the next
	// one's points, whose buckets it loads ahead (see lookupGroup); on
	// small ones the buckets are in cache and that would be pure cost.
	for len(order) > 0 {
		n := min(groupSize, len(order))
		var next []orb.Point
		if sorted {
			next = pts[n:min(2*groupSize, len(pts))]
		}
		b.lookupGroup(g, pts[:n], next, order[:n], &q, at, atOK)
		order, pts = order[n:], pts[n:]
	}
}

// gather returns the points of ps in the order of order's low 32 bits, so
// that the lookups read them one after another instead of at random: a
// sorted 100,000-point batch is 1.6 MB of points, and gathering them in one
// tight loop keeps many of its cache misses in flight at once.
func (b *Batch) gather(ps []orb.Point, order []uint64) []orb.Point {
	if cap(b.pts) < len(order) {
		b.pts = make([]orb.Point, len(order))
	}
	pts := b.pts[:len(order)]
	for i, kv := range order {
		pts[i] = ps[uint32(kv)]
	}
	return pts
}

// growSpans returns s resized to n, reallocating only when capacity is
// short.
func growSpans(s [][2]uint32, n int) [][2]uint32 {
	if cap(s) < n {
		return make([][2]uint32, n)
	}
	return s[:n]
}

// inputOrder returns the indices 0..n-1 in the low 32 bits, in order.
func (b *Batch) inputOrder(n int) []uint64 {
	if cap(b.keys) < n {
		b.keys, b.tmp = make([]uint64, n), make([]uint64, n)
	}
	keys := b.keys[:n]
	for i := range keys {
		keys[i] = uint64(i)
	}
	return keys
}

// sortedOrder returns the indices of ps (in the low 32 bits) ordered by
// the Morton key of their position in g's extent, by an LSD radix sort
// over the key's four bytes, skipping bytes all keys share.
func (b *Batch) sortedOrder(g *pointGrid, ps []orb.Point) []uint64 {
	n := len(ps)
	if cap(b.keys) < n {
		b.keys, b.tmp = make([]uint64, n), make([]uint64, n)
	}
	keys, tmp := b.keys[:n], b.tmp[:n]
	const scale = 1<<mortonBits - 1
	sx, sy := 0.0, 0.0
	if w := g.maxX - g.minX; w > 0 {
		sx = scale / w
	}
	if h := g.maxY - g.minY; h > 0 {
		sy = scale / h
	}
	b.count = [4][256]uint32{}
	for i, p := range ps {
		k := morton(quantise((p[0]-g.minX)*sx), quantise((p[1]-g.minY)*sy))
		keys[i] = uint64(k)<<32 | uint64(i)
		for d := range 4 {
			b.count[d][byte(k>>(8*d))]++
		}
	}
	for d := range 4 {
		c := &b.count[d]
		if c[byte(keys[0]>>(32+8*d))] == uint32(n) {
			continue // every key has the same byte d
		}
		var sum uint32
		for v := range c {
			c[v], sum = sum, sum+c[v]
		}
		for _, kv := range keys {
			v := byte(kv >> (32 + 8*d))
			tmp[c[v]] = kv
			c[v]++
		}
		keys, tmp = tmp, keys
	}
	return keys
}

// quantise clamps v to [0, 2^mortonBits-1] and truncates it; NaN gives 0.
func quantise(v float64) uint32 {
	if !(v > 0) {
		return 0
	}
	return uint32(min(v, 1<<mortonBits-1))
}

// morton interleaves the low 16 bits of x and y, x in the even bits.
func morton(x, y uint32) uint32 {
	return spread(x) | spread(y)<<1
}

// spread moves bit k of the low 16 bits of v to bit 2k.
func spread(v uint32) uint32 {
	v &= 0xFFFF
	v = (v | v<<8) & 0x00FF00FF
	v = (v | v<<4) & 0x0F0F0F0F
	v = (v | v<<2) & 0x33333333
	v = (v | v<<1) & 0x55555555
	return v
}
