package index

import (
	"cmp"
	"math"
	"slices"

	"github.com/paulmach/orb"
	orbgeo "github.com/paulmach/orb/geo"

	"github.com/zonegate/zonegate/geo"
)

// Crossing is a zone a route enters: Entry is the first point of the route
// inside the zone or on its boundary (the route's first vertex if it starts
// inside), Segment the index i of the segment route[i]→route[i+1] holding
// Entry (0 when the route starts inside or has one vertex), and AlongM the
// haversine distance in metres along the route from its start to Entry.
type Crossing struct {
	Zone    *geo.Zone
	Entry   orb.Point
	Segment int
	AlongM  float64
}

// Crossings returns the zones matching q that the route enters or touches,
// one Crossing per zone, ordered by AlongM, then Layer, ID and Version. A
// route of one vertex is treated as a point; an empty route has no
// crossings. Non-areal zones are never crossed.
func (s *Snapshot) Crossings(route orb.LineString, q Query) []Crossing {
	if len(route) == 0 {
		return nil
	}
	var cands []*entry
	rb := route.Bound()
	s.tree.Search(rb.Min, rb.Max, func(_, _ [2]float64, e *entry) bool {
		if e.areal && q.matches(e) {
			cands = append(cands, e)
		}
		return true
	})
	if len(cands) == 0 {
		return nil
	}
	cum := make([]float64, len(route)) // distance from the start to route[i]
	for i := 1; i < len(route); i++ {
		cum[i] = cum[i-1] + orbgeo.DistanceHaversine(route[i-1], route[i])
	}
	var out []Crossing
	for _, e := range cands {
		if c, ok := firstEntry(e, route, cum); ok {
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b Crossing) int {
		if c := cmp.Compare(a.AlongM, b.AlongM); c != 0 {
			return c
		}
		switch {
		case zoneLess(a.Zone, b.Zone):
			return -1
		case zoneLess(b.Zone, a.Zone):
			return 1
		}
		return 0
	})
	return out
}

// firstEntry finds where the route first meets e's polygon.
func firstEntry(e *entry, route orb.LineString, cum []float64) (Crossing, bool) {
	if e.poly.contains(route[0]) {
		return Crossing{Zone: e.zone, Entry: route[0]}, true
	}
	for i := 0; i+1 < len(route); i++ {
		a, b := route[i], route[i+1]
		sb := orb.Bound{Min: a, Max: a}.Extend(b)
		if !sb.Intersects(e.bound) {
			continue
		}
		t, ok := e.poly.firstHit(a, b, sb)
		if !ok {
			continue
		}
		p := lerp(a, b, t)
		return Crossing{Zone: e.zone, Entry: p, Segment: i, AlongM: cum[i] + orbgeo.DistanceHaversine(a, p)}, true
	}
	return Crossing{}, false
}

// lerp returns the point at parameter t on a→b, exactly a at 0 and b at 1.
func lerp(a, b orb.Point, t float64) orb.Point {
	switch t {
	case 0:
		return a
	case 1:
		return b
	}
	return orb.Point{a[0] + t*(b[0]-a[0]), a[1] + t*(b[1]-a[1])}
}

// firstHit returns the smallest t in [0,1] at which the segment a→b (with
// bound sb) meets an edge of the polygon. Only the edges listed in the
// boundary cells the segment passes through are tested, visiting the cells
// in the segment's direction and stopping once no later cell can hold an
// earlier hit. Intersections are detected exactly; t itself is computed in
// floating point.
func (pp *prepared) firstHit(a, b orb.Point, sb orb.Bound) (float64, bool) {
	best := math.Inf(1)
	test := func(e uint32) {
		c, d := pp.pts[e], pp.pts[e+1]
		if max(c[0], d[0]) < sb.Min[0] || min(c[0], d[0]) > sb.Max[0] ||
			max(c[1], d[1]) < sb.Min[1] || min(c[1], d[1]) > sb.Max[1] {
			return
		}
		if t, ok := segmentHit(a, b, c, d); ok && t < best {
			best = t
		}
	}
	mx, my := pp.margins()
	ca, cb, ok := pp.clip(a, b, mx, my)
	if !ok {
		return 0, false
	}
	// tAt returns the parameter along a→b where coordinate k reaches v
	// (+Inf when a→b is constant in k): every point of a cell beyond the
	// line coordinate k = v has at least that parameter.
	tAt := func(k int, v float64) float64 {
		if a[k] == b[k] {
			return math.Inf(1)
		}
		return (v - a[k]) / (b[k] - a[k])
	}
	up, right := b[1] >= a[1], b[0] >= a[0]
	j0, j1 := pp.cellY(min(ca[1], cb[1])-my), pp.cellY(max(ca[1], cb[1])+my)
	for n := 0; n <= j1-j0; n++ {
		j, tRow := j0+n, math.Inf(1)
		if !up {
			j = j1 - n
		}
		if n < j1-j0 { // later rows lie beyond this row's far side, less the margin
			if up {
				tRow = tAt(1, pp.minY+float64(j+1)*pp.dy-my)
			} else {
				tRow = tAt(1, pp.minY+float64(j)*pp.dy+my)
			}
		}
		i0, i1 := pp.rowSpan(ca, cb, mx, my, j0, j1, j)
		for m := 0; m <= i1-i0; m++ {
			i, tCol := i0+m, math.Inf(1)
			if !right {
				i = i1 - m
			}
			pp.cellEdges(pp.cells[j*pp.nx+i], test)
			if math.IsInf(best, 1) {
				continue
			}
			if m < i1-i0 {
				if right {
					tCol = tAt(0, pp.minX+float64(i+1)*pp.dx-mx)
				} else {
					tCol = tAt(0, pp.minX+float64(i)*pp.dx+mx)
				}
			}
			if best <= min(tRow, tCol) {
				return best, true
			}
		}
	}
	return best, !math.IsInf(best, 1)
}

// cellEdges calls fn with every edge listed in the cell of value v.
func (pp *prepared) cellEdges(v uint32, fn func(e uint32)) {
	if v < cellBoundary {
		return
	}
	off := (v - cellBoundary) >> 4
	if pp.e16 != nil {
		for _, x := range pp.e16[off+1 : off+1+uint32(pp.e16[off])] {
			fn(uint32(x &^ sideBit16))
		}
		return
	}
	for _, x := range pp.e32[off+1 : off+1+pp.e32[off]] {
		fn(x &^ sideBit32)
	}
}

// clip returns the part of a→b inside the polygon's bound widened by the
// margins (Liang–Barsky), and false when there is none. Only the cells to
// walk depend on it; hits are computed on the original segment.
func (pp *prepared) clip(a, b orb.Point, mx, my float64) (orb.Point, orb.Point, bool) {
	t0, t1 := 0.0, 1.0
	d := [2]float64{b[0] - a[0], b[1] - a[1]}
	lo := [2]float64{pp.minX - 2*mx, pp.minY - 2*my}
	hi := [2]float64{pp.maxX + 2*mx, pp.maxY + 2*my}
	for k := 0; k < 2; k++ {
		if d[k] == 0 {
			if a[k] < lo[k] || a[k] > hi[k] {
				return a, b, false
			}
			continue
		}
		u0, u1 := (lo[k]-a[k])/d[k], (hi[k]-a[k])/d[k]
		if u0 > u1 {
			u0, u1 = u1, u0
		}
		t0, t1 = max(t0, u0), min(t1, u1)
	}
	if t0 > t1 {
		return a, b, false
	}
	return lerp(a, b, t0), lerp(a, b, t1), true
}

// segmentHit returns the smallest parameter t in [0,1] along a→b at which it
// meets the closed segment c–d, and whether they meet at all.
func segmentHit(a, b, c, d orb.Point) (float64, bool) {
	if a == b {
		return 0, onSegment(a, c, d)
	}
	if c == d {
		if onSegment(c, a, b) {
			return projT(a, b, c), true
		}
		return 0, false
	}
	o3, o4 := geo.Orient(a, b, c), geo.Orient(a, b, d)
	if o3*o4 > 0 {
		return 0, false // c–d entirely on one side of the line a→b
	}
	o1, o2 := geo.Orient(c, d, a), geo.Orient(c, d, b)
	if o1 == 0 && o2 == 0 {
		// Collinear: the overlap of the two parameter intervals, if any.
		dx, dy := b[0]-a[0], b[1]-a[1]
		den := dx*dx + dy*dy
		tc := ((c[0]-a[0])*dx + (c[1]-a[1])*dy) / den
		td := ((d[0]-a[0])*dx + (d[1]-a[1])*dy) / den
		lo, hi := max(0, min(tc, td)), min(1, max(tc, td))
		switch {
		case onSegment(a, c, d):
			return 0, true
		case lo <= hi:
			return lo, true
		}
		return 0, false
	}
	if o1*o2 > 0 || o3*o4 > 0 {
		return 0, false
	}
	switch {
	case o1 == 0:
		return 0, true // a lies on c–d
	case o2 == 0:
		return 1, true // b lies on c–d
	case o3 == 0:
		return projT(a, b, c), true
	case o4 == 0:
		return projT(a, b, d), true
	}
	// Proper crossing: t = ((c-a)×(d-c)) / ((b-a)×(d-c)).
	ex, ey := d[0]-c[0], d[1]-c[1]
	num := (c[0]-a[0])*ey - (c[1]-a[1])*ex
	den := (b[0]-a[0])*ey - (b[1]-a[1])*ex
	return min(1, max(0, num/den)), true
}

// projT returns the parameter of p's projection onto a→b, clamped to [0,1].
func projT(a, b, p orb.Point) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	t := ((p[0]-a[0])*dx + (p[1]-a[1])*dy) / (dx*dx + dy*dy)
	return min(1, max(0, t))
}
