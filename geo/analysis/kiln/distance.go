package kiln

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// segmentNearest returns the parameter t in [0, 1] of the point of segment
// ab nearest to p, and the squared distance to it (plane coordinates).
func segmentNearest(p, a, b orb.Point) (t, d2 float64) {
	dx, dy := b[0]-a[0], b[1]-a[1]
	l2 := dx*dx + dy*dy
	if l2 > 0 {
		t = ((p[0]-a[0])*dx + (p[1]-a[1])*dy) / l2
		t = max(0, min(1, t))
	}
	ex, ey := a[0]+t*dx-p[0], a[1]+t*dy-p[1]
	return t, ex*ex + ey*ey
}

// boundDist returns the plane distance from p to bound b (0 inside).
func boundDist(p orb.Point, b orb.Bound) float64 {
	dx := max(b.Min[0]-p[0], 0, p[0]-b.Max[0])
	dy := max(b.Min[1]-p[1], 0, p[1]-b.Max[1])
	return math.Hypot(dx, dy)
}

// edgeHit is one built-up edge near a query point.
type edgeHit struct {
	shape, poly, ring, edge int
	t                       float64 // nearest parameter in the plane
	d                       float64 // plane distance
}

// planarNearest returns the plane distance from p (plane coordinates) to
// the nearest built-up boundary, the index of that zone, and the nearest
// point; (0, k, p) when p lies inside zone k (boundary included), and
// (+Inf, -1, p) without built-up zones.
func (m *Model) planarNearest(p orb.Point) (float64, int, orb.Point) {
	best, who, at := math.Inf(1), -1, p
	for i, s := range m.builtUp {
		if boundDist(p, s.bound) >= best {
			continue
		}
		if s.bound.Contains(p) && planar.MultiPolygonContains(s.xy, p) {
			return 0, i, p
		}
		forEdge(s.xy, func(_, _, _ int, a, b orb.Point) {
			if t, d2 := segmentNearest(p, a, b); d2 < best*best {
				best, who = math.Sqrt(d2), i
				at = orb.Point{a[0] + t*(b[0]-a[0]), a[1] + t*(b[1]-a[1])}
			}
		})
	}
	return best, who, at
}

// nearEdges returns every built-up edge whose plane distance from p is at
// most limit.
func (m *Model) nearEdges(p orb.Point, limit float64) []edgeHit {
	var out []edgeHit
	for i, s := range m.builtUp {
		if boundDist(p, s.bound) > limit {
			continue
		}
		forEdge(s.xy, func(pi, ri, e int, a, b orb.Point) {
			if t, d2 := segmentNearest(p, a, b); d2 <= limit*limit {
				out = append(out, edgeHit{shape: i, poly: pi, ring: ri, edge: e, t: t, d: math.Sqrt(d2)})
			}
		})
	}
	return out
}

// forEdge calls fn for every edge a→b of every ring of mp, closing rings
// that are not closed.
func forEdge(mp orb.MultiPolygon, fn func(poly, ring, edge int, a, b orb.Point)) {
	for pi, poly := range mp {
		for ri, ring := range poly {
			n := len(ring)
			for e := range n {
				a, b := ring[e], ring[(e+1)%n]
				if a == b {
					continue
				}
				fn(pi, ri, e, a, b)
			}
		}
	}
}

// groundDistance converts the plane distance between plane points p and q
// to a distance on the ground, dividing by the projection's mean scale
// factor along the line (Simpson's rule).
func (m *Model) groundDistance(p, q orb.Point, planeDist float64) float64 {
	mid := orb.Point{(p[0] + q[0]) / 2, (p[1] + q[1]) / 2}
	k := (m.scale(p) + 4*m.scale(mid) + m.scale(q)) / 6
	return planeDist / k
}
