package geo

import (
	"fmt"

	"github.com/paulmach/orb"
	"github.com/tidwall/rtree"
)

// ringLink says that ring touches another ring of its polygon at point at
// (ring numbers within the polygon: 0 = shell).
type ringLink struct {
	ring int
	at   orb.Point
}

// contactKey names the contacts of one edge (flat edge number) with the
// boundary of one other polygon.
type contactKey struct {
	edge, poly int
}

// intersections is what findIntersections learns about a valid geometry.
type intersections struct {
	links    map[int][]ringLink         // per polygon: where its rings touch each other
	contacts map[contactKey][]orb.Point // contacts between parts of a MultiPolygon
	edges    []edgeRef                  // flat edge list
	work     *workBudget
}

// edgeRef is one edge: ring r, from r.pts[k] to r.pts[k+1].
type edgeRef struct {
	r *vRing
	k int
}

func (e edgeRef) ends() (orb.Point, orb.Point) { return e.r.pts[e.k], e.r.pts[e.k+1] }

// edgeBox is the bounding box of edge e.
func edgeBox(e edgeRef) ([2]float64, [2]float64) {
	a, b := e.ends()
	return [2]float64{min(a[0], b[0]), min(a[1], b[1])}, [2]float64{max(a[0], b[0]), max(a[1], b[1])}
}

// findIntersections tests the pairs of edges whose bounding boxes meet and
// returns the first problem among them, or what checkHoles and
// checkPartsDisjoint need when there is none.
//
// The problem reported is the least by (kind, polygon, ring, vertex, other
// edge): a ring's own defects (self_intersection) before defects between
// rings of one polygon (hole_outside_shell, then holes_overlap), and those
// before overlaps between polygons; within a kind, the lowest polygon, ring
// and vertex of the later edge of the pair (for a self-intersection, of the
// earlier edge), then the lowest other edge, a spike first. The search runs
// in that order, kind by kind and edge by edge, and stops at the first edge
// with a problem, so it never collects more than one edge's contacts.
//
// Candidate pairs come from R-trees of edge bounding boxes, one per polygon
// for the checks within a polygon and one over everything for the checks
// between polygons. Every candidate visited and every contact kept is
// charged to work, which ends the search with too_complex if the geometry
// needs more than its budget: time and memory are O(n log n) and O(n) for
// n edges whatever the input.
func findIntersections(polys []*vPolygon, work *workBudget) (*intersections, *GeometryError) {
	s := &intersections{links: map[int][]ringLink{}, contacts: map[contactKey][]orb.Point{}, work: work}
	for _, p := range polys {
		for _, r := range p.rings {
			for k := range r.edges() {
				s.edges = append(s.edges, edgeRef{r, k})
			}
		}
	}
	for _, p := range polys {
		near := s.finder(polygonEdges(p))
		for _, r := range p.rings {
			if err := s.selfIntersection(r, near); err != nil {
				return nil, err
			}
			if work.over() {
				return nil, work.tooComplex()
			}
		}
	}
	var rank2 *GeometryError // the first holes_overlap, kept while looking for a hole_outside_shell
	for _, p := range polys {
		if len(p.rings) < 2 {
			continue
		}
		near := s.finder(polygonEdges(p))
		for _, b := range p.rings[1:] {
			err := s.betweenRings(b, near)
			if work.over() {
				return nil, work.tooComplex()
			}
			if err != nil && err.Problem == ProblemHoleOutsideShell {
				return nil, err
			}
			if err != nil && rank2 == nil {
				rank2 = err
			}
		}
	}
	if rank2 != nil {
		return nil, rank2
	}
	if len(polys) < 2 {
		return s, nil
	}
	near := s.finder(0, len(s.edges))
	for _, p := range polys[1:] {
		for _, b := range p.rings {
			err := s.betweenPolygons(b, near)
			if work.over() {
				return nil, work.tooComplex()
			}
			if err != nil {
				return nil, err
			}
		}
	}
	return s, nil
}

// polygonEdges returns the flat edge numbers [lo, hi) of p's rings.
func polygonEdges(p *vPolygon) (int, int) {
	last := p.rings[len(p.rings)-1]
	return p.rings[0].firstEdge, last.firstEdge + last.edges()
}

// smallEdgeSet is the number of edges up to which finder compares boxes
// one by one instead of building an R-tree.
const smallEdgeSet = 32

// finder finds, among the flat edges [lo, hi), those whose box meets the
// box of a given edge: by comparing boxes one by one for a few edges, else
// through an R-tree. It charges every candidate to the work budget.
type finder struct {
	s      *intersections
	lo, hi int
	tree   *rtree.RTreeGN[float64, int32]
	fn     func(j int) bool // the visitor of the search in progress
	visit  func(min, max [2]float64, j int32) bool
}

// finder returns a finder over the flat edges [lo, hi).
func (s *intersections) finder(lo, hi int) *finder {
	f := &finder{s: s, lo: lo, hi: hi}
	f.visit = f.treeVisit
	if hi-lo > smallEdgeSet {
		f.tree = &rtree.RTreeGN[float64, int32]{}
		for j := lo; j < hi; j++ {
			bmin, bmax := edgeBox(s.edges[j])
			f.tree.Insert(bmin, bmax, int32(j))
		}
	}
	return f
}

func (f *finder) treeVisit(_, _ [2]float64, j int32) bool {
	return f.s.work.step(1) && f.fn(int(j))
}

// near calls fn for every candidate edge j near edge i until fn returns
// false or the work budget is spent.
func (f *finder) near(i int, fn func(j int) bool) {
	min1, max1 := edgeBox(f.s.edges[i])
	if f.tree != nil {
		f.fn = fn
		f.tree.Search(min1, max1, f.visit)
		f.fn = nil
		return
	}
	for j := f.lo; j < f.hi; j++ {
		if !f.s.work.step(1) {
			return
		}
		min2, max2 := edgeBox(f.s.edges[j])
		if min2[0] <= max1[0] && min1[0] <= max2[0] && min2[1] <= max1[1] && min1[1] <= max2[1] && !fn(j) {
			return
		}
	}
}

// selfIntersection returns ring r's first defect: a spike at its closing
// vertex, else the lowest edge k1 that has a spike with edge k1+1 or meets a
// later, non-adjacent edge k2 (the lowest such k2).
func (s *intersections) selfIntersection(r *vRing, near *finder) *GeometryError {
	n := r.edges()
	if err := spike(r, 0, n-1); err != nil {
		return err
	}
	var (
		k1, best int
		bestHit  segmentHit
	)
	visit := func(j int) bool {
		e := s.edges[j]
		if e.r != r || e.k <= k1+1 || (k1 == 0 && e.k == n-1) || (best >= 0 && e.k > best) {
			return true
		}
		if hit := intersectSegments(r.pts[k1], r.pts[k1+1], r.pts[e.k], r.pts[e.k+1]); hit.kind != hitNone {
			best, bestHit = e.k, hit
		}
		return true
	}
	for k1 = 0; k1 < n-1; k1++ {
		if err := spike(r, k1, k1+1); err != nil {
			return err
		}
		best = -1
		near.near(r.firstEdge+k1, visit)
		if s.work.over() {
			return nil
		}
		if best >= 0 {
			at := bestHit.at
			return &GeometryError{Problem: ProblemSelfIntersection, Polygon: r.poly, Ring: r.ring, Vertex: r.orig[k1+1], Location: &at,
				Detail: fmt.Sprintf("edges %s and %s %s", r.edgeName(k1), r.edgeName(best), verb(bestHit.kind))}
		}
	}
	return nil
}

// spike reports adjacent edges k1 and k2 of r (k2 == k1+1, or 0 and the
// last edge) that double back over each other at their shared vertex.
func spike(r *vRing, k1, k2 int) *GeometryError {
	n := r.edges()
	p, q, o := r.pts[k1], r.pts[k2], r.pts[k2+1]
	vertex := r.orig[k2]
	if k2 != k1+1 {
		p, q, o = r.pts[1], r.pts[0], r.pts[n-1]
		vertex = r.orig[0]
	}
	if Orient(p, q, o) != 0 || (p[0]-q[0])*(o[0]-q[0])+(p[1]-q[1])*(o[1]-q[1]) <= 0 {
		return nil
	}
	return &GeometryError{Problem: ProblemSelfIntersection, Polygon: r.poly, Ring: r.ring, Vertex: vertex, Location: &q,
		Detail: fmt.Sprintf("edges %s and %s overlap: the ring doubles back on itself (a spike)", r.edgeName(k1), r.edgeName(k2))}
}

// betweenRings checks the edges of hole b, in order, against the earlier
// rings of its polygon. It returns the first edge's crossing or overlap
// with the shell (hole_outside_shell, the lowest shell edge), else the
// first with another hole (holes_overlap, the lowest edge); it records
// single-point touches as ring links.
func (s *intersections) betweenRings(b *vRing, near *finder) *GeometryError {
	var (
		kb, best int
		bestHit  segmentHit
		first    *GeometryError
	)
	visit := func(j int) bool {
		a := s.edges[j]
		if a.r.ring >= b.ring {
			return true
		}
		a1, a2 := a.ends()
		hit := intersectSegments(a1, a2, b.pts[kb], b.pts[kb+1])
		switch {
		case hit.kind == hitNone:
		case hit.kind == hitTouch:
			s.links[b.poly] = append(s.links[b.poly], ringLink{a.r.ring, hit.at}, ringLink{b.ring, hit.at})
			return s.work.keep(2)
		case best < 0 || ringPairRank(a.r.ring) < ringPairRank(s.edges[best].r.ring) ||
			ringPairRank(a.r.ring) == ringPairRank(s.edges[best].r.ring) && j < best:
			best, bestHit = j, hit
		}
		return true
	}
	for kb = range b.edges() {
		best = -1
		near.near(b.firstEdge+kb, visit)
		if s.work.over() {
			return nil
		}
		if best < 0 {
			continue
		}
		a, at := s.edges[best], bestHit.at
		problem, what := ProblemHolesOverlap, fmt.Sprintf("holes %d and %d", a.r.ring, b.ring)
		if a.r.ring == 0 {
			problem, what = ProblemHoleOutsideShell, fmt.Sprintf("hole %d and the shell", b.ring)
		}
		err := &GeometryError{Problem: problem, Polygon: b.poly, Ring: b.ring, Vertex: b.orig[kb+1], Location: &at,
			Detail: fmt.Sprintf("%s %s: edge %s of ring %d and edge %s of ring %d %s",
				what, verb(bestHit.kind), b.edgeName(kb), b.ring, a.r.edgeName(a.k), a.r.ring, verb(bestHit.kind))}
		if problem == ProblemHoleOutsideShell {
			return err
		}
		if first == nil {
			first = err
		}
	}
	return first
}

// ringPairRank orders the problems of a hole with an earlier ring: with
// the shell (hole_outside_shell) before with another hole (holes_overlap).
func ringPairRank(earlierRing int) int {
	if earlierRing == 0 {
		return 1
	}
	return 2
}

// betweenPolygons checks the edges of ring b, in order, against the edges
// of earlier polygons: it returns the first edge's crossing or same-side
// overlap with the lowest other edge, and records the other contacts for
// checkPartsDisjoint.
func (s *intersections) betweenPolygons(b *vRing, near *finder) *GeometryError {
	var (
		kb, best int
		bestHit  segmentHit
	)
	visit := func(j int) bool {
		a := s.edges[j]
		if a.r.poly >= b.poly || (best >= 0 && j > best) {
			return true
		}
		a1, a2 := a.ends()
		e := edgeRef{b, kb}
		b1, b2 := e.ends()
		hit := intersectSegments(a1, a2, b1, b2)
		if hit.kind == hitNone {
			return true
		}
		if hit.kind == hitCross || (hit.kind == hitOverlap && sameInteriorSide(a, e)) {
			best, bestHit = j, hit
			return true
		}
		// A touch, or a shared piece with the interiors on opposite sides:
		// remember where each edge meets the other polygon.
		ka := contactKey{a.r.firstEdge + a.k, b.poly}
		kb := contactKey{b.firstEdge + kb, a.r.poly}
		s.contacts[ka] = append(s.contacts[ka], hit.at, hit.end)
		s.contacts[kb] = append(s.contacts[kb], hit.at, hit.end)
		return s.work.keep(4)
	}
	for kb = range b.edges() {
		best = -1
		near.near(b.firstEdge+kb, visit)
		if s.work.over() {
			return nil
		}
		if best < 0 {
			continue
		}
		a, at := s.edges[best], bestHit.at
		return &GeometryError{Problem: ProblemPolygonsOverlap, Polygon: b.poly, Ring: b.ring, Vertex: b.orig[kb+1], Location: &at,
			Detail: fmt.Sprintf("polygons %d and %d overlap: edge %s of polygon %d ring %d and edge %s of polygon %d ring %d %s",
				a.r.poly, b.poly, b.edgeName(kb), b.poly, b.ring, a.r.edgeName(a.k), a.r.poly, a.r.ring, verb(bestHit.kind))}
	}
	return nil
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
