package index

import (
	"math"
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

// lookupGroup answers the points pts (at most groupSize of them; pts[gi]
// is the input's point uint32(group[gi])), appending their zones to
// b.zones point by point and setting their spans. at and atOK are
// plainNanos(q.At). It first loads the buckets of next, the following
// group's points, so that their cache misses overlap this group's work
// instead of starting the next group with a chain of two misses (bucket
// offset, then words) a point.
func (b *Batch) lookupGroup(g *pointGrid, pts, next []orb.Point, group []uint64, q *Query, at int64, atOK bool) {
	ahead := g.touchBuckets(next)
	cs := b.cands[:0]
	hits := b.hits[:0] // pt<<32 | k
	edged := b.edged[:0]
	filter := !g.allMatch(q, at, atOK)
	for gi := range group {
		x, y := pts[gi][0], pts[gi][1]
		if !(x >= g.minX && x <= g.maxX && y >= g.minY && y <= g.maxY) {
			continue // also rejects NaN
		}
		bi, bj := g.bucketX(x), g.bucketY(y)
		ws := g.words[g.off[bj*g.nx+bi]:g.off[bj*g.nx+bi+1]]
		for w := 0; w < len(ws); {
			k, kind := ws[w]>>2, ws[w]&3
			switch kind {
			case pairInside:
				w++
				if !filter || g.recs[k].matches(q, at, atOK) {
					hits = append(hits, uint64(gi)<<32|uint64(k))
				}
				continue
			case pairQuant:
				hdr, vs, size := quantWords(ws[w:])
				w += size
				if (!filter || g.recs[k].matches(q, at, atOK)) && g.quantHit(pts[gi], bi, bj, k, hdr, vs) {
					hits = append(hits, uint64(gi)<<32|uint64(k))
				}
				continue
			case pairEdges:
				hdr, edges, size := pairEdgesOf(ws[w:])
				w += size
				if !filter || g.recs[k].matches(q, at, atOK) {
					edged = append(edged, groupEdges{pendingEdges: pendingEdges{edges: edges, k: k, hdr: hdr},
						pt: uint32(gi), bi: int32(bi), bj: int32(bj)})
				}
				continue
			}
			w++
			r := &g.recs[k]
			if !(x >= r.minX && x <= r.maxX && y >= r.minY && y <= r.maxY) || (filter && !r.matches(q, at, atOK)) {
				continue
			}
			i, j := r.cellOf(x, y)
			cs = append(cs, candidate{pp: &r.e.poly, cell: &r.cells[j*int(r.nx)+i], k: k, pt: uint32(gi), i: int32(i), j: int32(j)})
		}
	}
	for c := range cs {
		cs[c].v = *cs[c].cell
	}
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
	for c := range edged {
		sink += touchEdges(g.pts[edged[c].k], edged[c].edges)
	}
	for c := range pend {
		sink += pend[c].pp.touch(pend[c].v, pend[c].n)
	}
	for c := range pend {
		pc := &pend[c]
		if pc.pp.resolveList(pts[pc.pt], int(pc.i), int(pc.j), pc.v, pc.n) {
			hits = append(hits, uint64(pc.pt)<<32|uint64(pc.k))
		}
	}
	for _, pe := range edged {
		if g.pairContains(pts[pe.pt], int(pe.bi), int(pe.bj), pe.edges, pe.k, pe.hdr) {
			hits = append(hits, uint64(pe.pt)<<32|uint64(pe.k))
		}
	}
	if sink == -1 || ahead == math.MaxUint64 { // never true; this keeps the loads
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
	b.cands, b.hits, b.edged = cs, hits, edged
}

// groupEdges is a pairEdges pair met by a point of a group.
type groupEdges struct {
	pendingEdges
	pt     uint32 // the point's position in the group
	bi, bj int32  // the point's bucket
}

// touchBuckets loads the first pair word of the buckets of pts and returns
// a sum that is never math.MaxUint64 (a few words below 2^30), so that the
// loads are kept.
func (g *pointGrid) touchBuckets(pts []orb.Point) uint64 {
	var s uint64
	for _, p := range pts {
		x, y := p[0], p[1]
		if !(x >= g.minX && x <= g.maxX && y >= g.minY && y <= g.maxY) {
			continue
		}
		b := g.bucketY(y)*g.nx + g.bucketX(x)
		if o := g.off[b]; o < g.off[b+1] {
			s += uint64(g.words[o] >> 2)
		}
	}
	return s
}
