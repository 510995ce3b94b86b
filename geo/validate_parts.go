package geo

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/paulmach/orb"
)

// checkPartsDisjoint reports polygons_overlap when the interiors of two
// MultiPolygon parts overlap. findIntersections has already rejected
// crossing edges and shared pieces with both interiors on the same side, so
// the boundaries of two parts meet only at contact points and along
// opposite-side shared pieces. Cut at those contacts, each piece of one
// part's boundary lies wholly inside the other part, wholly outside, or on
// its boundary; the interiors overlap exactly when some piece lies inside.
// So it is enough to test the midpoint of every sub-segment of an edge with
// contacts, and one vertex of every ring without any.
//
// Every pair of parts compared and every vertex scanned by a point-in-polygon
// test is charged to work.
func checkPartsDisjoint(polys []*vPolygon, contacts map[contactKey][]orb.Point, work *workBudget) *GeometryError {
	if len(polys) < 2 {
		return nil
	}
	order := slices.Clone(polys)
	slices.SortFunc(order, func(a, b *vPolygon) int { return cmp.Compare(a.bound.Min[0], b.bound.Min[0]) })
	var worst *GeometryError
	keep := func(err *GeometryError) {
		if err != nil && (worst == nil || err.Polygon < worst.Polygon ||
			(err.Polygon == worst.Polygon && (err.Ring < worst.Ring || (err.Ring == worst.Ring && err.Vertex < worst.Vertex)))) {
			worst = err
		}
	}
	for i, a := range order {
		for _, b := range order[i+1:] {
			if b.bound.Min[0] > a.bound.Max[0] {
				break
			}
			if !work.step(1) {
				return work.tooComplex()
			}
			if !a.bound.Intersects(b.bound) {
				continue
			}
			keep(boundaryInside(a, b, contacts, work))
			keep(boundaryInside(b, a, contacts, work))
			if work.over() {
				return work.tooComplex()
			}
		}
	}
	if worst == nil {
		return nil
	}
	return worst
}

// boundaryInside looks for a piece of a's boundary inside b's interior.
// Each point tested is charged to work as the vertices of b; it stops when
// work is spent.
func boundaryInside(a, b *vPolygon, contacts map[contactKey][]orb.Point, work *workBudget) *GeometryError {
	cost := 0
	for _, r := range b.rings {
		cost += len(r.pts)
	}
	overlap := func(r *vRing, k int, at orb.Point) *GeometryError {
		return &GeometryError{Problem: ProblemPolygonsOverlap, Polygon: a.index, Ring: r.ring, Vertex: r.orig[k], Location: &at,
			Detail: fmt.Sprintf("polygons %d and %d overlap: ring %d of polygon %d runs inside polygon %d",
				min(a.index, b.index), max(a.index, b.index), r.ring, a.index, b.index)}
	}
	for _, r := range a.rings {
		if !r.bound.Intersects(b.bound) {
			continue
		}
		if !work.step(r.edges()) {
			return nil
		}
		touched := false
		for k := range r.edges() {
			pts := contacts[contactKey{r.firstEdge + k, b.index}]
			if len(pts) == 0 {
				continue
			}
			touched = true
			for _, m := range subSegmentMidpoints(r.pts[k], r.pts[k+1], pts) {
				if !work.step(cost) {
					return nil
				}
				if b.locate(m) == locInside {
					return overlap(r, k+1, m)
				}
			}
		}
		if !touched && work.step(cost) && b.locate(r.pts[0]) == locInside {
			return overlap(r, 0, r.pts[0])
		}
	}
	return nil
}

// subSegmentMidpoints cuts segment p-q at the given points (all on it) and
// returns the midpoint of every piece of positive length.
func subSegmentMidpoints(p, q orb.Point, cuts []orb.Point) []orb.Point {
	axis := 0
	if abs(q[1]-p[1]) > abs(q[0]-p[0]) {
		axis = 1
	}
	all := append([]orb.Point{p, q}, cuts...)
	slices.SortFunc(all, func(a, b orb.Point) int { return cmp.Compare(a[axis], b[axis]) })
	var mids []orb.Point
	for i := 0; i+1 < len(all); i++ {
		if all[i][axis] != all[i+1][axis] {
			mids = append(mids, orb.Point{(all[i][0] + all[i+1][0]) / 2, (all[i][1] + all[i+1][1]) / 2})
		}
	}
	return mids
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
