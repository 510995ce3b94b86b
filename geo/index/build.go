package index

import (
	"math"

	"github.com/paulmach/orb"

	"github.com/zonegate/zonegate/geo"
)

// Grid sizing: about cellsPerEdge cells per polygon edge, at most maxSide
// cells along either axis.
const (
	cellsPerEdge = 2.0
	maxSide      = 512
)

// maxVertices bounds the vertices of a polygon the index prepares, so that
// edge-list offsets fit the 28 bits a cell value has for them (each edge
// touches at most a few dozen cells of a grid sized as above). Larger
// geometries are stored but never contain a point.
const maxVertices = 1 << 22

// builder holds scratch space reused across prepare calls. It is owned by
// the index writer and never shared with readers.
type builder struct {
	cellPairs []uint64 // cell<<32 | edge
	rowPairs  []uint64 // row<<32 | edge
	counts    []uint32
	sorted    []uint32
	cellOff   []uint32
	rowOff    []uint32
	rowEdges  []uint32
}

// rings returns the rings of an areal geometry, or nil for any other
// geometry.
func arealRings(g orb.Geometry) []orb.Ring {
	switch g := g.(type) {
	case orb.Polygon:
		return g
	case orb.MultiPolygon:
		var rs []orb.Ring
		for _, p := range g {
			rs = append(rs, p...)
		}
		return rs
	}
	return nil
}

// prepare builds the prepared form of a Polygon or MultiPolygon. It returns
// nil when g is of another type or has no vertices. It reports whether the
// vertices were copied (false: pts aliases the geometry's single ring).
func (bd *builder) prepare(g orb.Geometry) (*prepared, bool) {
	rings := arealRings(g)
	pp := &prepared{}
	owns := true
	if len(rings) == 1 && len(rings[0]) >= 2 && rings[0][0] == rings[0][len(rings[0])-1] {
		pp.pts = rings[0]
		pp.rings = []uint32{0, uint32(len(rings[0]))}
		owns = false
	} else {
		n := 0
		for _, r := range rings {
			n += len(r) + 1
		}
		pp.pts = make([]orb.Point, 0, n)
		pp.rings = make([]uint32, 0, len(rings)+1)
		for _, r := range rings {
			if len(r) == 0 {
				continue
			}
			pp.rings = append(pp.rings, uint32(len(pp.pts)))
			pp.pts = append(pp.pts, r...)
			if r[0] != r[len(r)-1] || len(r) == 1 {
				pp.pts = append(pp.pts, r[0])
			}
		}
		pp.rings = append(pp.rings, uint32(len(pp.pts)))
	}
	if len(pp.pts) == 0 || len(pp.pts) > maxVertices {
		return nil, false
	}
	b := orb.MultiPoint(pp.pts).Bound()
	pp.minX, pp.minY, pp.maxX, pp.maxY = b.Min[0], b.Min[1], b.Max[0], b.Max[1]
	pp.sizeGrid()
	bd.rasterise(pp)
	bd.classify(pp)
	return pp, owns
}

// sizeGrid chooses the grid resolution from the edge count and the bound's
// aspect ratio.
func (pp *prepared) sizeGrid() {
	w, h := pp.maxX-pp.minX, pp.maxY-pp.minY
	target := max(1, float64(pp.edgeCount())*cellsPerEdge)
	clamp := func(v float64) int { return int(max(1, min(maxSide, math.Round(v)))) }
	switch {
	case w <= 0 && h <= 0:
		pp.nx, pp.ny = 1, 1
	case w <= 0:
		pp.nx, pp.ny = 1, clamp(target)
	case h <= 0:
		pp.nx, pp.ny = clamp(target), 1
	default:
		pp.nx = clamp(math.Sqrt(target * w / h))
		pp.ny = clamp(target / float64(pp.nx))
	}
	if w > 0 {
		pp.invDx = float64(pp.nx) / w
		pp.dx = w / float64(pp.nx)
	}
	if h > 0 {
		pp.invDy = float64(pp.ny) / h
		pp.dy = h / float64(pp.ny)
	}
}

// margins returns how far edges are widened when rasterised, so rounding in
// cellX/cellY and in the clipping below can never leave a cell unmarked that
// an edge touches.
func (pp *prepared) margins() (mx, my float64) {
	scale := 1 + max(max(math.Abs(pp.minX), math.Abs(pp.maxX)), max(math.Abs(pp.minY), math.Abs(pp.maxY)))
	mx, my = 1e-12*scale, 1e-12*scale
	if pp.invDx > 0 {
		mx += 1e-7 / pp.invDx
	}
	if pp.invDy > 0 {
		my += 1e-7 / pp.invDy
	}
	return mx, my
}

// rasterise records, for every edge, the cells and rows it touches
// (conservatively) into bd.cellPairs and bd.rowPairs.
func (bd *builder) rasterise(pp *prepared) {
	bd.cellPairs, bd.rowPairs = bd.cellPairs[:0], bd.rowPairs[:0]
	mx, my := pp.margins()
	for k := 0; k+1 < len(pp.rings); k++ {
		for e := pp.rings[k]; e+1 < pp.rings[k+1]; e++ {
			pp.walkSegment(pp.pts[e], pp.pts[e+1], mx, my, func(j, i0, i1 int) {
				bd.rowPairs = append(bd.rowPairs, uint64(j)<<32|uint64(e))
				for i := i0; i <= i1; i++ {
					bd.cellPairs = append(bd.cellPairs, uint64(j*pp.nx+i)<<32|uint64(e))
				}
			})
		}
	}
}

// walkSegment calls fn for every grid row j the segment a–c touches, with
// the range of columns [i0, i1] it touches in that row, widened by the
// margins mx, my (see margins) so that every cell holding a point of the
// segment is reported.
func (pp *prepared) walkSegment(a, c orb.Point, mx, my float64, fn func(j, i0, i1 int)) {
	j0, j1 := pp.cellY(min(a[1], c[1])-my), pp.cellY(max(a[1], c[1])+my)
	for j := j0; j <= j1; j++ {
		i0, i1 := pp.rowSpan(a, c, mx, my, j0, j1, j)
		fn(j, i0, i1)
	}
}

// rowSpan returns the columns [i0, i1] that the segment a–c, spanning rows
// j0 to j1 as computed by walkSegment, touches in row j (widened by the
// margins).
func (pp *prepared) rowSpan(a, c orb.Point, mx, my float64, j0, j1, j int) (i0, i1 int) {
	eMinX, eMaxX := min(a[0], c[0]), max(a[0], c[0])
	eMinY, eMaxY := min(a[1], c[1]), max(a[1], c[1])
	xlo, xhi := eMinX, eMaxX
	if j0 != j1 && a[1] != c[1] {
		y0 := max(eMinY, pp.minY+float64(j)*pp.dy-my)
		y1 := min(eMaxY, pp.minY+float64(j+1)*pp.dy+my)
		t0 := (y0 - a[1]) / (c[1] - a[1])
		t1 := (y1 - a[1]) / (c[1] - a[1])
		x0 := a[0] + t0*(c[0]-a[0])
		x1 := a[0] + t1*(c[0]-a[0])
		xlo = max(eMinX, min(x0, x1))
		xhi = min(eMaxX, max(x0, x1))
	}
	return pp.cellX(xlo - mx), pp.cellX(xhi + mx)
}

// bucket counting-sorts pairs (key<<32 | value) by key into offsets
// (len nkeys+1) and values, reusing bd.counts.
func (bd *builder) bucket(pairs []uint64, nkeys int, off, vals []uint32) ([]uint32, []uint32) {
	off = grow(off, nkeys+1)
	clear(off)
	for _, p := range pairs {
		off[(p>>32)+1]++
	}
	for i := 1; i <= nkeys; i++ {
		off[i] += off[i-1]
	}
	vals = grow(vals, len(pairs))
	bd.counts = grow(bd.counts, nkeys)
	copy(bd.counts, off[:nkeys])
	for _, p := range pairs {
		k := p >> 32
		vals[bd.counts[k]] = uint32(p)
		bd.counts[k]++
	}
	return off, vals
}

// grow returns s resized to n, reallocating only when capacity is short.
func grow(s []uint32, n int) []uint32 {
	if cap(s) < n {
		return make([]uint32, n)
	}
	return s[:n]
}

// classify fills the cell states, boundary edge lists and reference points.
func (bd *builder) classify(pp *prepared) {
	ncells := pp.nx * pp.ny
	bd.cellOff, bd.sorted = bd.bucket(bd.cellPairs, ncells, bd.cellOff, bd.sorted)
	cellOff := bd.cellOff
	bd.rowOff, bd.rowEdges = bd.bucket(bd.rowPairs, pp.ny, bd.rowOff, bd.rowEdges)

	nb := 0
	for c := 0; c < ncells; c++ {
		if cellOff[c+1] > cellOff[c] {
			nb++
		}
	}
	pp.cells = make([]uint32, ncells)
	wide := pp.edgeCount() >= sideBit16
	if wide {
		pp.e32 = make([]uint32, 0, len(bd.cellPairs)+nb)
	} else {
		pp.e16 = make([]uint16, 0, len(bd.cellPairs)+nb)
	}
	for j := 0; j < pp.ny; j++ {
		rowEdges := bd.rowEdges[bd.rowOff[j]:bd.rowOff[j+1]]
		// Walk the row left to right, deriving each cell's state from the
		// previous cell's known point by the crossings between the two
		// (over both cells' edges); a ray is cast only at the row start or
		// after a cell without a usable point.
		var prev orb.Point
		var prevEdges []uint32
		prevState := -1
		for i := 0; i < pp.nx; i++ {
			c := j*pp.nx + i
			edges := bd.sorted[cellOff[c]:cellOff[c+1]]
			stateAt := func(r orb.Point) int {
				if prevState < 0 {
					return stateOf(pp, r, rowEdges)
				}
				if odd, _ := crossParity(pp, prev, r, prevEdges, edges); odd {
					return prevState ^ 1
				}
				return prevState
			}
			if len(edges) == 0 {
				centre := pp.refPoint(i, j, refFractions[0])
				if pp.cellX(centre[0]) == i && pp.cellY(centre[1]) == j {
					if len(prevEdges) > 0 || prevState < 0 {
						prevState = stateAt(centre)
					}
					prev, prevEdges = centre, nil
					pp.cells[c] = uint32(prevState)
					continue
				}
				// The centre rounds into another cell: make it a boundary
				// cell (with no edges) so a reference point is chosen.
			}
			ref, state := noRef, -1
			var r orb.Point
			for k, f := range refFractions {
				r = pp.refPoint(i, j, f)
				if pp.cellX(r[0]) != i || pp.cellY(r[1]) != j || onAnyEdge(pp, r, edges) {
					continue
				}
				ref, state = uint32(k), stateAt(r)
				break
			}
			prev, prevEdges, prevState = r, edges, state
			off := uint32(len(pp.e16) + len(pp.e32))
			pp.cells[c] = cellBoundary + (off<<4 | ref<<1 | uint32(max(state, 0)))
			if wide {
				pp.e32 = append(pp.e32, uint32(len(edges)))
			} else {
				pp.e16 = append(pp.e16, uint16(len(edges)))
			}
			for _, e := range edges {
				left := ref != noRef && geo.Orient(pp.pts[e], pp.pts[e+1], r) > 0
				switch {
				case wide && left:
					pp.e32 = append(pp.e32, e|sideBit32)
				case wide:
					pp.e32 = append(pp.e32, e)
				case left:
					pp.e16 = append(pp.e16, uint16(e)|sideBit16)
				default:
					pp.e16 = append(pp.e16, uint16(e))
				}
			}
		}
	}
}

// onAnyEdge reports whether p lies on one of the listed edges.
func onAnyEdge(pp *prepared, p orb.Point, edges []uint32) bool {
	for _, e := range edges {
		if onSegment(p, pp.pts[e], pp.pts[e+1]) {
			return true
		}
	}
	return false
}

// stateOf returns 1 when p (not on any edge) is inside, by casting a ray
// towards +x that stays in p's grid row, so only that row's edges matter.
func stateOf(pp *prepared, p orb.Point, rowEdges []uint32) int {
	in := 0
	for _, e := range rowEdges {
		if rayCrosses(p, pp.pts[e], pp.pts[e+1]) {
			in ^= 1
		}
	}
	return in
}
