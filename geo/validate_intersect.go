package geo

import (
	"fmt"

	"github.com/paulmach/orb"
	"github.com/tidwall/rtree"
)

// ringTouch is a single-point contact between two different rings of one
// polygon (global ring numbers within the polygon: 0 = shell).
type ringTouch struct {
	a, b int
	at   orb.Point
}

// contactKey names the contacts of one edge (flat edge number) with the
// boundary of one other polygon.
type contactKey struct {
	edge, poly int
}

// intersections is what findIntersections learns about a geometry.
type intersections struct {
	best     *GeometryError // the first invalid intersection, by problemRank
	bestKey  [5]int
	touches  map[int][]ringTouch        // per polygon: contacts between its rings
	contacts map[contactKey][]orb.Point // contacts between parts of a MultiPolygon
	edges    []edgeRef                  // flat edge list
}

// edgeRef is one edge: ring r, from r.pts[k] to r.pts[k+1].
type edgeRef struct {
	r *vRing
	k int
}

func (e edgeRef) ends() (orb.Point, orb.Point) { return e.r.pts[e.k], e.r.pts[e.k+1] }

// problemRank orders problems found among edges: a ring's own defects are
// reported before defects between rings, and those before overlaps between
// polygons.
func problemRank(problem string) int {
	switch problem {
	case ProblemSelfIntersection:
		return 0
	case ProblemHoleOutsideShell:
		return 1
	case ProblemHolesOverlap:
		return 2
	default:
		return 3
	}
}

// findIntersections tests every pair of edges whose bounding boxes meet.
// Candidate pairs come from an R-tree of edge bounding boxes, so the cost is
// O(n log n + k) for n edges and k candidate pairs, not O(n²).
func findIntersections(polys []*vPolygon) *intersections {
	s := &intersections{touches: map[int][]ringTouch{}, contacts: map[contactKey][]orb.Point{}}
	for _, p := range polys {
		for _, r := range p.rings {
			for k := range r.edges() {
				s.edges = append(s.edges, edgeRef{r, k})
			}
		}
	}
	var tr rtree.RTreeGN[float64, int32]
	box := func(e edgeRef) ([2]float64, [2]float64) {
		a, b := e.ends()
		return [2]float64{min(a[0], b[0]), min(a[1], b[1])}, [2]float64{max(a[0], b[0]), max(a[1], b[1])}
	}
	for i, e := range s.edges {
		lo, hi := box(e)
		tr.Insert(lo, hi, int32(i))
	}
	for i, e := range s.edges {
		lo, hi := box(e)
		tr.Search(lo, hi, func(_, _ [2]float64, j int32) bool {
			if int(j) > i {
				s.pair(e, s.edges[j])
			}
			return true
		})
	}
	return s
}

// report keeps err if it ranks before the best problem so far: by kind of
// problem, then polygon, ring and vertex, then tie (the second edge's
// number; -1 puts a spike before other problems at the same vertex).
func (s *intersections) report(err *GeometryError, tie int) {
	key := [5]int{problemRank(err.Problem), err.Polygon, err.Ring, err.Vertex, tie}
	if s.best == nil || compareKeys(key, s.bestKey) < 0 {
		s.best, s.bestKey = err, key
	}
}

func compareKeys(a, b [5]int) int {
	for i := range a {
		if a[i] != b[i] {
			if a[i] < b[i] {
				return -1
			}
			return 1
		}
	}
	return 0
}

// verb describes a hit in an error detail.
func verb(k hitKind) string {
	switch k {
	case hitCross:
		return "cross"
	case hitOverlap:
		return "overlap"
	default:
		return "touch"
	}
}

// pair classifies edges a and b, where a comes first in the flat edge list.
func (s *intersections) pair(a, b edgeRef) {
	if a.r == b.r {
		s.sameRing(a.r, a.k, b.k)
		return
	}
	a1, a2 := a.ends()
	b1, b2 := b.ends()
	hit := intersectSegments(a1, a2, b1, b2)
	if hit.kind == hitNone {
		return
	}
	at := hit.at
	if a.r.poly == b.r.poly {
		if hit.kind == hitTouch {
			s.touches[a.r.poly] = append(s.touches[a.r.poly], ringTouch{a.r.ring, b.r.ring, hit.at})
			return
		}
		problem, what := ProblemHolesOverlap, fmt.Sprintf("holes %d and %d", a.r.ring, b.r.ring)
		if a.r.ring == 0 {
			problem, what = ProblemHoleOutsideShell, fmt.Sprintf("hole %d and the shell", b.r.ring)
		}
		s.report(&GeometryError{Problem: problem, Polygon: b.r.poly, Ring: b.r.ring, Vertex: b.r.orig[b.k+1], Location: &at,
			Detail: fmt.Sprintf("%s %s: edge %s of ring %d and edge %s of ring %d %s",
				what, verb(hit.kind), b.r.edgeName(b.k), b.r.ring, a.r.edgeName(a.k), a.r.ring, verb(hit.kind))}, a.r.firstEdge+a.k)
		return
	}
	if hit.kind == hitCross || (hit.kind == hitOverlap && sameInteriorSide(a, b)) {
		s.report(&GeometryError{Problem: ProblemPolygonsOverlap, Polygon: b.r.poly, Ring: b.r.ring, Vertex: b.r.orig[b.k+1], Location: &at,
			Detail: fmt.Sprintf("polygons %d and %d overlap: edge %s of polygon %d ring %d and edge %s of polygon %d ring %d %s",
				a.r.poly, b.r.poly, b.r.edgeName(b.k), b.r.poly, b.r.ring, a.r.edgeName(a.k), a.r.poly, a.r.ring, verb(hit.kind))}, a.r.firstEdge+a.k)
		return
	}
	// A touch, or a shared piece with the interiors on opposite sides:
	// remember where each edge meets the other polygon for checkPartsDisjoint.
	ka := contactKey{a.r.firstEdge + a.k, b.r.poly}
	kb := contactKey{b.r.firstEdge + b.k, a.r.poly}
	s.contacts[ka] = append(s.contacts[ka], hit.at, hit.end)
	s.contacts[kb] = append(s.contacts[kb], hit.at, hit.end)
}

// sameInteriorSide reports whether the polygons owning collinear edges a and
// b lie on the same side of them, i.e. their interiors overlap along the
// shared piece. A shell's interior is on its left when it runs
// counter-clockwise; a hole's is on the other side.
func sameInteriorSide(a, b edgeRef) bool {
	a1, a2 := a.ends()
	b1, b2 := b.ends()
	sameDir := (a2[0]-a1[0])*(b2[0]-b1[0])+(a2[1]-a1[1])*(b2[1]-b1[1]) > 0
	leftA := (a.r.ring == 0) == a.r.ccw
	leftB := (b.r.ring == 0) == b.r.ccw
	return sameDir == (leftA == leftB)
}

// sameRing checks edges k1 < k2 of one ring.
func (s *intersections) sameRing(r *vRing, k1, k2 int) {
	n := r.edges()
	if k2 == k1+1 || (k1 == 0 && k2 == n-1) {
		// Adjacent edges share vertex q; they are bad only if the ring
		// doubles back on itself there (a spike).
		p, q, o := r.pts[k1], r.pts[k2], r.pts[k2+1]
		vertex := r.orig[k2]
		if k2 != k1+1 {
			p, q, o = r.pts[1], r.pts[0], r.pts[n-1]
			vertex = r.orig[0]
		}
		if Orient(p, q, o) == 0 && (p[0]-q[0])*(o[0]-q[0])+(p[1]-q[1])*(o[1]-q[1]) > 0 {
			s.report(&GeometryError{Problem: ProblemSelfIntersection, Polygon: r.poly, Ring: r.ring, Vertex: vertex, Location: &q,
				Detail: fmt.Sprintf("edges %s and %s overlap: the ring doubles back on itself (a spike)", r.edgeName(k1), r.edgeName(k2))}, -1)
		}
		return
	}
	a1, a2 := r.pts[k1], r.pts[k1+1]
	b1, b2 := r.pts[k2], r.pts[k2+1]
	hit := intersectSegments(a1, a2, b1, b2)
	if hit.kind == hitNone {
		return
	}
	at := hit.at
	s.report(&GeometryError{Problem: ProblemSelfIntersection, Polygon: r.poly, Ring: r.ring, Vertex: r.orig[k1+1], Location: &at,
		Detail: fmt.Sprintf("edges %s and %s %s", r.edgeName(k1), r.edgeName(k2), verb(hit.kind))}, k2)
}
