package index

import (
	"math"

	"github.com/paulmach/orb"

	"github.com/zonegate/zonegate/geo"
)

// Cell values in prepared.cells. A value below cellBoundary is the state of
// a cell no edge touches. A boundary cell stores
// cellBoundary + (off<<4 | ref<<1 | s), where off is the position of the
// cell's edge list in e16 or e32 (a count, then that many edges), ref
// selects the cell's reference point from refFractions (noRef: none usable)
// and s is the reference point's state (1 inside).
const (
	cellOutside  uint32 = 0
	cellInside   uint32 = 1
	cellBoundary uint32 = 2
	noRef        uint32 = 7
)

// sideBit16 and sideBit32 flag, in a boundary cell's edge list, an edge
// whose line has the cell's reference point strictly on its left.
const (
	sideBit16 = 1 << 15
	sideBit32 = 1 << 31
)

// refFractions are the candidate reference points of a boundary cell, as
// fractions of the cell's width and height; the first one that is not on an
// edge of the cell is used.
var refFractions = [noRef][2]float64{
	{0.5, 0.5}, {0.381966, 0.618034}, {0.618034, 0.381966}, {0.276393, 0.276393},
	{0.723607, 0.723607}, {0.145898, 0.854102}, {0.854102, 0.145898},
}

// prepared is a polygon or multipolygon made fast to test: a uniform grid
// over its bound whose cells are known inside, known outside, or boundary.
// A boundary cell lists the edges that touch it and has a reference point
// of known state inside it; a point in that cell is classified by the
// parity of the crossings between the segment point→reference and those
// edges only.
//
// Containment follows the even-odd rule over all rings of all parts, which
// equals the OGC interior for valid geometry (holes inside their shell,
// parts disjoint). Points on any edge or vertex count as inside. All
// predicates are exact (see orient), so degenerate cases — rays through
// vertices, horizontal and collinear edges — are decided consistently.
//
// Memory: a uint32 per cell, and a uint16 (uint32 for polygons of 32,768
// edges or more) per boundary cell and per (boundary cell, edge) pair;
// vertices are copied only for multi-ring or unclosed geometry. Fields are
// ordered so that a lookup touches as few cache lines as possible.
type prepared struct {
	minX, minY, maxX, maxY float64
	invDx, invDy           float64 // cells per degree; 0 on a degenerate axis
	nx, ny                 int
	cells                  []uint32    // nx*ny cell values, row-major from (minX, minY)
	e16                    []uint16    // per boundary cell: count, then edge | sideBit16
	pts                    []orb.Point // vertices of all rings, each ring closed, concatenated; edge e is pts[e]→pts[e+1]
	dx, dy                 float64     // cell size; 0 on a degenerate axis

	e32   []uint32 // used instead of e16 for polygons of 32,768 edges or more
	rings []uint32 // rings[k] is the index in pts where ring k starts; last = len(pts)
}

// refPoint returns the reference point fraction f of cell (i, j). The
// conversions forbid fused multiply-add, so build and query compute the
// same point bit for bit.
func (pp *prepared) refPoint(i, j int, f [2]float64) orb.Point {
	return orb.Point{
		pp.minX + float64((float64(i)+f[0])*pp.dx),
		pp.minY + float64((float64(j)+f[1])*pp.dy),
	}
}

// cellX maps a longitude to its grid column, clamped to the grid. The
// mapping is monotone in x, which the edge rasterisation relies on.
func (pp *prepared) cellX(x float64) int {
	i := int((x - pp.minX) * pp.invDx)
	if i < 0 {
		return 0
	}
	if i >= pp.nx {
		return pp.nx - 1
	}
	return i
}

// cellY maps a latitude to its grid row, clamped to the grid.
func (pp *prepared) cellY(y float64) int {
	j := int((y - pp.minY) * pp.invDy)
	if j < 0 {
		return 0
	}
	if j >= pp.ny {
		return pp.ny - 1
	}
	return j
}

// contains reports whether p is inside the polygon or on its boundary.
func (pp *prepared) contains(p orb.Point) bool {
	x, y := p[0], p[1]
	if !(x >= pp.minX && x <= pp.maxX && y >= pp.minY && y <= pp.maxY) {
		return false // also rejects NaN
	}
	i, j := pp.cellX(x), pp.cellY(y)
	return pp.resolve(p, i, j, pp.cells[j*pp.nx+i])
}

// resolve classifies p, which lies in cell (i, j) of value v.
func (pp *prepared) resolve(p orb.Point, i, j int, v uint32) bool {
	if v < cellBoundary {
		return v == cellInside
	}
	return pp.resolveList(p, i, j, v, pp.listLen(v))
}

// listLen returns the length of boundary cell value v's edge list.
func (pp *prepared) listLen(v uint32) uint32 {
	off := (v - cellBoundary) >> 4
	if pp.e16 != nil {
		return uint32(pp.e16[off])
	}
	return pp.e32[off]
}

// resolveList classifies p, which lies in boundary cell (i, j) of value v
// whose edge list has length n (from listLen).
func (pp *prepared) resolveList(p orb.Point, i, j int, v, n uint32) bool {
	v -= cellBoundary
	off, ref, in := v>>4, (v>>1)&7, v&1 == 1
	if ref == noRef {
		return pp.bruteContains(p)
	}
	r := pp.refPoint(i, j, refFractions[ref])
	if pp.e16 != nil {
		return cellContains(pp.pts, pp.e16[off+1:off+1+n], sideBit16, p, r, in)
	}
	return cellContains(pp.pts, pp.e32[off+1:off+1+n], sideBit32, p, r, in)
}

// touch loads the vertices of every edge in boundary cell value v's
// list of length n and returns a sum that is never negative, so that a
// caller can start these cache misses for several cells before testing
// any.
func (pp *prepared) touch(v, n uint32) float64 {
	off := (v-cellBoundary)>>4 + 1
	var s float64
	if pp.e16 != nil {
		for _, e := range pp.e16[off : off+n] {
			s += math.Abs(pp.pts[e&^sideBit16][0]) + math.Abs(pp.pts[e&^sideBit16+1][1])
		}
		return s
	}
	for _, e := range pp.e32[off : off+n] {
		s += math.Abs(pp.pts[e&^sideBit32][0]) + math.Abs(pp.pts[e&^sideBit32+1][1])
	}
	return s
}

// cellContains classifies p from the reference point r of state in, given
// the edges of the boundary cell holding both. Each entry of edges is an
// edge index, with side set when r is strictly left of the edge's line.
// This is the hot path, run for every edge of every boundary cell a query
// meets, so it is written without unpredictable branches: for each edge it
// evaluates, in floating point, on which side of the edge's line p lies
// and on which sides of the line p→r the edge's ends lie; the edge flips
// the state when p is on the other side from r and the ends straddle p→r.
// When one of the three signs is not certain (Shewchuk's filter, as in
// geo.Orient), edgeFlip decides the edge exactly; see crossParity for why
// the crossings are counted exactly.
func cellContains[E uint16 | uint32](pts []orb.Point, edges []E, side E, p, r orb.Point, in bool) bool {
	var flips uint64
	rpx, rpy := r[0]-p[0], r[1]-p[1]
	for _, x := range edges {
		e := x &^ side
		a, c := pts[e], pts[e+1]
		apx, apy, cpx, cpy := a[0]-p[0], a[1]-p[1], c[0]-p[0], c[1]-p[1]
		// Orient(a, c, p): the side of p relative to a→c.
		l0, r0 := apx*cpy, apy*cpx
		// Orient(p, r, a) and Orient(p, r, c): the sides of a and c
		// relative to p→r, as (p-a)×(r-a) = (a-p)×(r-p) and likewise.
		l1, r1 := apx*rpy, apy*rpx
		l2, r2 := cpx*rpy, cpy*rpx
		d0, d1, d2 := l0-r0, l1-r1, l2-r2
		if math.Abs(d0) <= geo.OrientErrBound*(math.Abs(l0)+math.Abs(r0)) ||
			math.Abs(d1) <= geo.OrientErrBound*(math.Abs(l1)+math.Abs(r1)) ||
			math.Abs(d2) <= geo.OrientErrBound*(math.Abs(l2)+math.Abs(r2)) {
			flip, on := edgeFlip(a, c, p, r, x&side != 0)
			if on {
				return true
			}
			if flip {
				flips ^= 1
			}
			continue
		}
		flips ^= certainFlip(d0, d1, d2, uint64(x>>(bitsOf(side)))&1)
	}
	return in != (flips == 1)
}

// certainFlip returns 1 when an edge flips the state of p relative to r,
// given its three orientations d0 = Orient(a, c, p), d1 = Orient(p, r, a)
// and d2 = Orient(p, r, c) with certain signs and rLeft (1: r strictly
// left of a→c): p is on r's side when d0 > 0 (sign bit 0) exactly when r
// is left, and the edge straddles p→r when d1 and d2 differ in sign.
func certainFlip(d0, d1, d2 float64, rLeft uint64) uint64 {
	other := math.Float64bits(d0)>>63 ^ rLeft ^ 1
	straddle := (math.Float64bits(d1) ^ math.Float64bits(d2)) >> 63
	return other & straddle
}

// bitsOf returns the bit position of side (15 or 31).
func bitsOf[E uint16 | uint32](side E) E {
	if side == sideBit16 {
		return 15
	}
	return 31
}

// edgeFlip decides one edge of cellContains exactly: whether it flips the
// state of p relative to r (rLeft: r strictly left of a→c), and whether p
// lies on it.
func edgeFlip(a, c, p, r orb.Point, rLeft bool) (flip, on bool) {
	op := geo.Orient(a, c, p)
	if op == 0 {
		return false, onSegment(p, a, c)
	}
	if (op > 0) == rLeft {
		return false, false
	}
	return (geo.Orient(p, r, a) > 0) != (geo.Orient(p, r, c) > 0), false
}

// crossParity returns whether the segment p→r crosses the listed edges (and
// the edges of also that are not in edges; both lists sorted, each edge
// counted once) an odd number of times, and whether p lies on one of them.
// r must not lie on any listed edge.
//
// Crossings are exact. A vertex exactly on the line p→r is treated as
// lying on its negative side for every edge sharing it (symbolic
// perturbation), so rays through vertices and edges collinear with p→r
// count consistently. An edge whose line passes through p or r (but which
// contains neither) cannot cross p→r: the two lines would meet only at that
// point, so the edge would contain it.
func crossParity(pp *prepared, p, r orb.Point, edges, also []uint32) (odd, on bool) {
	sMinX, sMaxX := min(p[0], r[0]), max(p[0], r[0])
	sMinY, sMaxY := min(p[1], r[1]), max(p[1], r[1])
	test := func(e uint32) bool {
		a, c := pp.pts[e], pp.pts[e+1]
		if max(a[0], c[0]) < sMinX || min(a[0], c[0]) > sMaxX ||
			max(a[1], c[1]) < sMinY || min(a[1], c[1]) > sMaxY {
			return false // neither touches p nor crosses p→r
		}
		op := geo.Orient(a, c, p)
		if op == 0 {
			// On the edge's line: either on the edge, or off it, and then
			// the edge cannot cross p→r (the lines would meet only at p).
			on = onSegment(p, a, c)
			return on
		}
		if (geo.Orient(p, r, a) > 0) != (geo.Orient(p, r, c) > 0) && geo.Orient(a, c, r) == -op {
			odd = !odd
		}
		return false
	}
	for _, e := range edges {
		if test(e) {
			return odd, true
		}
	}
	k := 0
	for _, e := range also {
		for k < len(edges) && edges[k] < e {
			k++
		}
		if k < len(edges) && edges[k] == e {
			continue
		}
		if test(e) {
			return odd, true
		}
	}
	return odd, false
}

// bruteContains is exact ray casting over every edge; the fallback for a
// boundary cell without a usable reference point.
func (pp *prepared) bruteContains(p orb.Point) bool {
	in := false
	for k := 0; k+1 < len(pp.rings); k++ {
		for e := pp.rings[k]; e+1 < pp.rings[k+1]; e++ {
			a, c := pp.pts[e], pp.pts[e+1]
			if onSegment(p, a, c) {
				return true
			}
			if rayCrosses(p, a, c) {
				in = !in
			}
		}
	}
	return in
}

// rayCrosses reports whether the edge a→c crosses the horizontal ray from p
// towards +x, with the half-open rule (an endpoint at p's latitude counts as
// above it). p must not lie on the edge.
func rayCrosses(p, a, c orb.Point) bool {
	if (a[1] > p[1]) == (c[1] > p[1]) {
		return false
	}
	if a[1] > c[1] {
		a, c = c, a
	}
	return geo.Orient(a, c, p) > 0
}

// edgeCount returns the number of edges.
func (pp *prepared) edgeCount() int {
	return len(pp.pts) - (len(pp.rings) - 1)
}

// bytes estimates the heap memory the prepared polygon owns (pts counts only
// when it is a copy of the geometry's coordinates).
func (pp *prepared) bytes(ownsPts bool) int64 {
	n := int64(len(pp.cells))*4 + int64(len(pp.e16))*2 +
		int64(len(pp.e32))*4 + int64(len(pp.rings))*4 + 200
	if ownsPts {
		n += int64(len(pp.pts)) * 16
	}
	return n
}
