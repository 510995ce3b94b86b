package index

import (
	"slices"

	"github.com/paulmach/orb"
)

// groupSize is how many points of a sorted batch are looked up together.
// Each pass of the lookup (cell values, edge-list lengths, vertices, tests)
// runs over the candidates of all the group's points before the next pass
// starts, so the cache misses of a group's ~100 candidates overlap instead
// of the ~12 of one point.
const groupSize = 8

// candidate is a (point, zone) pair of a group whose bound and filters
// passed: the point's cell in the zone's prepared grid, and once loaded the
// cell's value and, for a boundary cell, the length of its edge list.
type candidate struct {
	pp   *prepared
	cell *uint32
	k    uint32 // record index
	pt   uint32 // the point's position in the group
	v    uint32 // cell value
	n    uint32 // edge-list length
	i, j int32  // cell column and row
}

// lookupGroup answers the points ps[uint32(kv)] for kv in group (at most
// groupSize of them), appending their zones to b.zones point by point and
// setting their spans. at and atOK are plainNanos(q.At).
func (b *Batch) lookupGroup(g *pointGrid, ps []orb.Point, group []uint64, q *Query, at int64, atOK bool) {
	cs := b.cands[:0]
	for gi, kv := range group {
		p := ps[uint32(kv)]
		x, y := p[0], p[1]
		if !(x >= g.minX && x <= g.maxX && y >= g.minY && y <= g.maxY) {
			continue // also rejects NaN
		}
		bk := g.bucketY(y)*g.nx + g.bucketX(x)
		for _, k := range g.idx[g.off[bk]:g.off[bk+1]] {
			r := &g.recs[k]
			if !(x >= r.minX && x <= r.maxX && y >= r.minY && y <= r.maxY) || !r.matches(q, at, atOK) {
				continue
			}
			i, j := r.cellOf(x, y)
			cs = append(cs, candidate{pp: &r.e.poly, cell: &r.cells[j*int(r.nx)+i], k: k, pt: uint32(gi), i: int32(i), j: int32(j)})
		}
	}
	for c := range cs {
		cs[c].v = *cs[c].cell
	}
	hits := b.hits[:0] // pt<<32 | k
	pend := cs[:0]
	for _, c := range cs {
		switch {
		case c.v == cellInside:
			hits = append(hits, uint64(c.pt)<<32|uint64(c.k))
		case c.v >= cellBoundary:
			pend = append(pend, c)
		}
	}
	for c := range pend {
		pend[c].n = pend[c].pp.listLen(pend[c].v)
	}
	var sink float64
	for c := range pend {
		sink += pend[c].pp.touch(pend[c].v, pend[c].n)
	}
	for c := range pend {
		pc := &pend[c]
		if pc.pp.resolveList(ps[uint32(group[pc.pt])], int(pc.i), int(pc.j), pc.v, pc.n) {
			hits = append(hits, uint64(pc.pt)<<32|uint64(pc.k))
		}
	}
	if sink == -1 { // touch never returns a negative sum; this keeps its loads
		return
	}
	// Sorting the hits by (point, record) puts each point's zones in
	// (Layer, ID, Version) order, as records are sorted that way.
	if len(hits) > 64 {
		slices.Sort(hits)
	} else {
		for i := 1; i < len(hits); i++ {
			for j := i; j > 0 && hits[j] < hits[j-1]; j-- {
				hits[j], hits[j-1] = hits[j-1], hits[j]
			}
		}
	}
	h := 0
	for gi, kv := range group {
		lo := len(b.zones)
		for ; h < len(hits) && hits[h]>>32 == uint64(gi); h++ {
			b.zones = append(b.zones, g.recs[uint32(hits[h])].zone)
		}
		b.spans[uint32(kv)] = [2]uint32{uint32(lo), uint32(len(b.zones))}
	}
	b.cands, b.hits = cs, hits
}
