package index

import (
	"math"

	"github.com/paulmach/orb"

	"github.com/zonegate/zonegate/geo"
)

// A point-grid bucket is a run of pair words, one pair per record whose
// polygon is inside or meets the bucket, in record order. A pair starts
// with a word k<<2 | kind:
//
//   - pairInside: the bucket lies inside the polygon; every point in it is
//     a hit.
//   - pairCells: the polygon's boundary meets the bucket; the point is
//     classified through the polygon's own prepared grid, as without the
//     bucket states.
//   - pairEdges: the polygon's boundary meets the bucket through the few
//     edges that follow: a word eb<<16 | n<<4 | ref<<1 | s (ref selects the
//     bucket's reference point from refFractions, s its state, 1 inside;
//     eb is the biased exponent of the pair's static error bound, see
//     staticBound, 0 for none), then n edge indices, each | sideBit32 when
//     the reference point is strictly left of the edge's line. The point is
//     classified by crossing parity against these edges alone, as in a
//     boundary cell of the prepared grid, reading only the bucket and the
//     edges' vertices.
//   - pairQuant: as pairEdges, but the edges' geometry itself follows, as
//     vertices in fixed point relative to the bucket (see quantpairs.go),
//     so that the point is classified from the bucket's words alone unless
//     a sign cannot be certified. Large indexes store their boundary pairs
//     so; pairEdges remains for pairs that cannot be quantised.
//
// Records whose polygon misses the bucket (its bound may meet it) are not
// listed: a point there is outside. Everything is decided with the margins
// and exact predicates of the prepared grid (build.go), the buckets playing
// the part of its cells.
const (
	pairInside uint32 = 0
	pairCells  uint32 = 1
	pairEdges  uint32 = 2
)

// maxPairEdges bounds the edges a pairEdges pair holds; a boundary pair
// with more uses pairCells. inlineIndexBytes is the prepared-polygon memory
// from which pairEdges pairs are stored at all: below it the polygons' own
// grids stay in the CPU caches, their cells are finer than the buckets, and
// the stored edges would only cost memory.
const (
	maxPairEdges     = 24
	inlineIndexBytes = 4 << 20
)

// pairOut collects one builder goroutine's pairs: pair p belongs to bucket
// bucket[p] and its words are words[start[p]:start[p+1]].
type pairOut struct {
	bucket []uint32
	start  []uint32
	words  []uint32
}

// add appends a pair of bucket b whose words are ws.
func (o *pairOut) add(b uint32, ws ...uint32) {
	if len(o.start) == 0 {
		o.start = append(o.start, 0)
	}
	o.bucket = append(o.bucket, b)
	o.words = append(o.words, ws...)
	o.start = append(o.start, uint32(len(o.words)))
}

// pairWords works out record k's pairs over the buckets its polygon's bound
// (widened by the margins) covers, appending them to out. It classifies the
// buckets as classify does the cells of a prepared grid, in a window of
// g's frame. inline allows pairEdges pairs.
func (bd *builder) pairWords(g *pointGrid, k uint32, inline bool, out *pairOut) {
	poly := &g.recs[k].e.poly
	if g.fr.invDx == 0 || g.fr.invDy == 0 {
		// A degenerate extent: no bucket has an area to be inside of.
		i0, i1, j0, j1 := g.span(&g.recs[k])
		for j := j0; j <= j1; j++ {
			for i := i0; i <= i1; i++ {
				out.add(uint32(j*g.nx+i), k<<2|pairCells)
			}
		}
		return
	}
	fr := g.fr
	fr.pts, fr.rings = poly.pts, poly.rings
	mx, my := fr.margins()
	i0, i1 := fr.cellX(poly.minX-mx), fr.cellX(poly.maxX+mx)
	j0, j1 := fr.cellY(poly.minY-my), fr.cellY(poly.maxY+my)
	w, h := i1-i0+1, j1-j0+1
	bd.cellPairs, bd.rowPairs = bd.cellPairs[:0], bd.rowPairs[:0]
	for r := 0; r+1 < len(fr.rings); r++ {
		for e := fr.rings[r]; e+1 < fr.rings[r+1]; e++ {
			fr.walkSegment(fr.pts[e], fr.pts[e+1], mx, my, func(j, a0, a1 int) {
				bd.rowPairs = append(bd.rowPairs, uint64(j-j0)<<32|uint64(e))
				for i := a0; i <= a1; i++ {
					bd.cellPairs = append(bd.cellPairs, uint64((j-j0)*w+i-i0)<<32|uint64(e))
				}
			})
		}
	}
	bd.cellOff, bd.sorted = bd.bucket(bd.cellPairs, w*h, bd.cellOff, bd.sorted)
	bd.rowOff, bd.rowEdges = bd.bucket(bd.rowPairs, h, bd.rowOff, bd.rowEdges)
	var ws, qs []uint32
	for lj := 0; lj < h; lj++ {
		j := j0 + lj
		rowEdges := bd.rowEdges[bd.rowOff[lj]:bd.rowOff[lj+1]]
		// As in classify: each bucket's state follows from the previous
		// bucket's known point by the crossings between the two.
		var prev orb.Point
		var prevEdges []uint32
		prevState := -1
		for li := 0; li < w; li++ {
			i, c := i0+li, lj*w+li
			b := uint32(j*g.nx + i)
			edges := bd.sorted[bd.cellOff[c]:bd.cellOff[c+1]]
			stateAt := func(r orb.Point) int {
				if prevState < 0 {
					return stateOf(&fr, r, rowEdges)
				}
				if odd, _ := crossParity(&fr, prev, r, prevEdges, edges); odd {
					return prevState ^ 1
				}
				return prevState
			}
			if len(edges) == 0 {
				centre := fr.refPoint(i, j, refFractions[0])
				if fr.cellX(centre[0]) == i && fr.cellY(centre[1]) == j {
					if len(prevEdges) > 0 || prevState < 0 {
						prevState = stateAt(centre)
					}
					prev, prevEdges = centre, nil
					if prevState == 1 {
						out.add(b, k<<2|pairInside)
					}
					continue
				}
			}
			ref, state := noRef, -1
			var r orb.Point
			for f, frac := range refFractions {
				r = fr.refPoint(i, j, frac)
				if fr.cellX(r[0]) != i || fr.cellY(r[1]) != j || onAnyEdge(&fr, r, edges) {
					continue
				}
				ref, state = uint32(f), stateAt(r)
				break
			}
			prev, prevEdges, prevState = r, edges, state
			if ref == noRef || !inline || len(edges) > maxPairEdges {
				out.add(b, k<<2|pairCells)
				continue
			}
			if !g.indexed {
				var hdr uint32
				var ok bool
				if qs, hdr, ok = quantPair(&fr, fr.pts, edges, i, j, r, ref, uint32(state), append(qs[:0], k<<2|pairQuant, 0)); ok {
					qs[1] = hdr
					out.add(b, qs...)
					continue
				}
			}
			eb := staticBound(fr.pts, edges, fr.refPoint(i, j, refFractions[0]), max(fr.dx, fr.dy))
			ws = append(ws[:0], k<<2|pairEdges, eb<<16|uint32(len(edges))<<4|ref<<1|uint32(state))
			for _, e := range edges {
				if geo.Orient(fr.pts[e], fr.pts[e+1], r) > 0 {
					e |= sideBit32
				}
				ws = append(ws, e)
			}
			out.add(b, ws...)
		}
	}
}

// pendingEdges is a pairEdges pair met by a point of a batch group.
type pendingEdges struct {
	edges []uint32
	k     uint32 // record index
	hdr   uint32 // the pair's header word (state, reference point, bound)
}

// pairContains classifies p, in bucket (bi, bj), against record k's
// polygon from a pairEdges pair of that bucket with header hdr.
func (g *pointGrid) pairContains(p orb.Point, bi, bj int, edges []uint32, k, hdr uint32) bool {
	r := g.fr.refPoint(bi, bj, refFractions[(hdr>>1)&7])
	in := hdr&1 == 1
	if eb := hdr >> 16; eb != 0 {
		return boundedContains(g.pts[k], edges, p, r, in, math.Float64frombits(uint64(eb)<<52))
	}
	return cellContains(g.pts[k], edges, sideBit32, p, r, in)
}

// pairEdgesOf returns a pairEdges pair's header word and edges, given the
// words from its first word on, and the number of words it spans.
func pairEdgesOf(ws []uint32) (hdr uint32, edges []uint32, size int) {
	hdr = ws[1]
	n := int(hdr>>4) & 31
	return hdr, ws[2 : 2+n], 2 + n
}

// touchEdges loads the first and last vertices of edges (sorted by index,
// so their vertices mostly lie between) and returns a sum that is never
// negative (see prepared.touch). Two loads a pair keep many pairs' misses
// in flight at once.
func touchEdges(pts []orb.Point, edges []uint32) float64 {
	if len(edges) == 0 {
		return 0
	}
	a, c := edges[0]&^sideBit32, edges[len(edges)-1]&^sideBit32+1
	return math.Abs(pts[a][0]) + math.Abs(pts[c][1]) + math.Abs(pts[(a+c)/2][0])
}
