package geo

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/paulmach/orb"
)

// vRing is one polygon ring prepared for validation.
type vRing struct {
	poly, ring int         // position in the input
	pts        []orb.Point // consecutive duplicates removed; closed
	orig       []int       // orig[k] is the input index of pts[k]
	bound      orb.Bound
	ccw        bool // counter-clockwise (positive signed area)
	firstEdge  int  // index of edge pts[0]-pts[1] in the flat edge list
}

// edges returns the number of edges of the ring.
func (r *vRing) edges() int { return len(r.pts) - 1 }

// edgeName names edge k by its input vertex indices, e.g. "6-7".
func (r *vRing) edgeName(k int) string { return fmt.Sprintf("%d-%d", r.orig[k], r.orig[k+1]) }

// vPolygon is one polygon prepared for validation: shell first, then holes.
type vPolygon struct {
	index int
	rings []*vRing
	bound orb.Bound
}

// locate tells whether p is inside, on the boundary of or outside the
// polygon (shell minus holes).
func (p *vPolygon) locate(pt orb.Point) int {
	if !p.bound.Contains(pt) {
		return locOutside
	}
	loc := locateInRing(pt, p.rings[0].pts)
	if loc != locInside {
		return loc
	}
	for _, h := range p.rings[1:] {
		if !h.bound.Contains(pt) {
			continue
		}
		switch locateInRing(pt, h.pts) {
		case locBoundary:
			return locBoundary
		case locInside:
			return locOutside
		}
	}
	return locInside
}

// validatePolygons validates a Polygon (one element) or MultiPolygon.
func validatePolygons(polys []orb.Polygon) error {
	if len(polys) == 0 {
		return &GeometryError{Problem: ProblemEmpty, Polygon: -1, Ring: -1, Vertex: -1, Detail: "MultiPolygon has no polygons"}
	}
	for i, poly := range polys {
		if len(poly) == 0 {
			return &GeometryError{Problem: ProblemEmpty, Polygon: i, Ring: -1, Vertex: -1, Detail: "polygon has no rings"}
		}
	}
	for i, poly := range polys {
		for j, ring := range poly {
			for k, p := range ring {
				if !validCoord(p) {
					return &GeometryError{Problem: ProblemInvalidCoordinate, Polygon: i, Ring: j, Vertex: k,
						Location: locationOf(p), Detail: coordDetail(p)}
				}
			}
		}
	}
	prepared, err := preparePolygons(polys)
	if err != nil {
		return err
	}
	_, edges := polygonEdges(prepared[len(prepared)-1])
	work := newWorkBudget(edges)
	s, gerr := findIntersections(prepared, work)
	if gerr != nil {
		return gerr
	}
	for _, p := range prepared {
		if err := checkHoles(p, s.links[p.index], work); err != nil {
			return err
		}
	}
	if err := checkPartsDisjoint(prepared, s.contacts, work); err != nil {
		return err
	}
	return nil
}

// preparePolygons checks closure and point counts ring by ring and builds
// the prepared rings with their edge numbering.
func preparePolygons(polys []orb.Polygon) ([]*vPolygon, error) {
	out := make([]*vPolygon, len(polys))
	edge := 0
	for i, poly := range polys {
		vp := &vPolygon{index: i, rings: make([]*vRing, len(poly))}
		for j, ring := range poly {
			r, err := prepareRing(ring, i, j)
			if err != nil {
				return nil, err
			}
			r.firstEdge = edge
			edge += r.edges()
			vp.rings[j] = r
		}
		vp.bound = vp.rings[0].bound
		out[i] = vp
	}
	return out, nil
}

// prepareRing checks one ring's closure and size and drops consecutive
// duplicate vertices.
func prepareRing(ring orb.Ring, poly, idx int) (*vRing, error) {
	fail := func(problem string, vertex int, at *orb.Point, detail string) error {
		return &GeometryError{Problem: problem, Polygon: poly, Ring: idx, Vertex: vertex, Location: at, Detail: detail}
	}
	if len(ring) == 0 {
		return nil, fail(ProblemTooFewPoints, -1, nil, "ring has no points")
	}
	first, last := ring[0], ring[len(ring)-1]
	if first != last {
		return nil, fail(ProblemUnclosedRing, len(ring)-1, &last,
			fmt.Sprintf("last point %s differs from first point %s", formatPoint(last), formatPoint(first)))
	}
	r := &vRing{poly: poly, ring: idx, pts: make([]orb.Point, 0, len(ring)), orig: make([]int, 0, len(ring))}
	for k, p := range ring {
		if k > 0 && p == r.pts[len(r.pts)-1] {
			continue
		}
		r.pts = append(r.pts, p)
		r.orig = append(r.orig, k)
	}
	// A ring of identical points collapses to one point; keep it closed.
	if len(r.pts) == 1 {
		r.pts = append(r.pts, r.pts[0])
		r.orig = append(r.orig, len(ring)-1)
	}
	r.orig[len(r.orig)-1] = len(ring) - 1
	if len(r.pts) < 4 {
		return nil, fail(ProblemTooFewPoints, -1, &first, fmt.Sprintf(
			"ring has %d points without consecutive duplicates; a ring needs at least 4 (3 corners and the closing point)", len(r.pts)))
	}
	r.bound = orb.MultiPoint(r.pts).Bound()
	r.ccw = doubleSignedArea(r.pts) > 0
	return r, nil
}

// checkHoles checks that every hole of p lies inside the shell, that no hole
// lies inside another, and that the touches between rings leave the
// interior connected. touches are the single-point contacts between
// different rings of p found by findIntersections, as ring links. Every
// point-in-ring test is charged to work.
func checkHoles(p *vPolygon, links []ringLink, work *workBudget) *GeometryError {
	shell := p.rings[0]
	for _, h := range p.rings[1:] {
		if !work.step(3 * len(shell.pts)) {
			return work.tooComplex()
		}
		if k, ok := offBoundaryVertex(h, shell); ok && locateInRing(h.pts[k], shell.pts) == locOutside {
			at := h.pts[k]
			return &GeometryError{Problem: ProblemHoleOutsideShell, Polygon: p.index, Ring: h.ring, Vertex: h.orig[k],
				Location: &at, Detail: fmt.Sprintf("hole %d lies outside the shell", h.ring)}
		}
	}
	holes := slices.Clone(p.rings[1:])
	slices.SortFunc(holes, func(a, b *vRing) int { return cmp.Compare(a.bound.Min[0], b.bound.Min[0]) })
	for i, a := range holes {
		for _, b := range holes[i+1:] {
			if b.bound.Min[0] > a.bound.Max[0] {
				break
			}
			if !work.step(1) {
				return work.tooComplex()
			}
			if !a.bound.Intersects(b.bound) {
				continue
			}
			if !work.step(3 * (len(a.pts) + len(b.pts))) {
				return work.tooComplex()
			}
			if err := checkNotInside(p.index, a, b); err != nil {
				return err
			}
			if err := checkNotInside(p.index, b, a); err != nil {
				return err
			}
		}
	}
	return checkConnected(p, links)
}

// checkNotInside reports holes_overlap if hole inner lies inside hole outer.
func checkNotInside(poly int, inner, outer *vRing) *GeometryError {
	k, ok := offBoundaryVertex(inner, outer)
	if !ok || locateInRing(inner.pts[k], outer.pts) != locInside {
		return nil
	}
	at := inner.pts[k]
	return &GeometryError{Problem: ProblemHolesOverlap, Polygon: poly, Ring: inner.ring, Vertex: inner.orig[k],
		Location: &at, Detail: fmt.Sprintf("hole %d lies inside hole %d", inner.ring, outer.ring)}
}

// offBoundaryVertex returns the index of a vertex of r that is not on the
// boundary of other. Rings that passed the intersection checks share at most
// one point per pair, so the search ends at the first or second vertex.
func offBoundaryVertex(r, other *vRing) (int, bool) {
	for k := 0; k+1 < len(r.pts); k++ {
		if !other.bound.Contains(r.pts[k]) || locateInRing(r.pts[k], other.pts) != locBoundary {
			return k, true
		}
	}
	return 0, false
}

// checkConnected finds touches that cut the polygon's interior into pieces.
// Rings and touch points form a bipartite graph (a ring is linked to each
// point where it touches another ring); the interior is disconnected exactly
// when that graph has a cycle, e.g. a hole touching the shell twice, or two
// holes touching each other and both touching the shell. Links are taken
// in order of point, then ring; the error names the link that closes the
// first cycle.
func checkConnected(p *vPolygon, links []ringLink) *GeometryError {
	if len(links) < 4 {
		return nil // fewer than two touches
	}
	links = slices.Clone(links)
	slices.SortFunc(links, func(x, y ringLink) int {
		return cmp.Or(cmp.Compare(x.at[0], y.at[0]), cmp.Compare(x.at[1], y.at[1]), cmp.Compare(x.ring, y.ring))
	})
	links = slices.Compact(links)
	pointNode := map[orb.Point]int{}
	parent := make([]int, len(p.rings), len(p.rings)+len(links))
	for i := range parent {
		parent[i] = i
	}
	find := func(x int) int {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for _, l := range links {
		node, ok := pointNode[l.at]
		if !ok {
			node = len(parent)
			parent = append(parent, node)
			pointNode[l.at] = node
		}
		x, y := find(l.ring), find(node)
		if x == y {
			at := l.at
			return &GeometryError{Problem: ProblemSelfIntersection, Polygon: p.index, Ring: l.ring, Vertex: -1, Location: &at,
				Detail: fmt.Sprintf("ring %d touches other rings at more than one point in a loop, which cuts the polygon's interior into pieces", l.ring)}
		}
		parent[x] = y
	}
	return nil
}
