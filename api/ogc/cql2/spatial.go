package cql2

import (
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// Intersects reports whether a and b share at least one point (touching
// counts), planar in longitude/latitude as OGC API – Features' bbox is:
// an edge of one crosses an edge of the other, or one lies inside a
// polygon of the other.
func Intersects(a, b orb.Geometry) bool {
	if a == nil || b == nil || !a.Bound().Intersects(b.Bound()) {
		return false
	}
	pa, pb := paths(a), paths(b)
	for _, x := range pa {
		for _, y := range pb {
			if pathsMeet(x, y) {
				return true
			}
		}
	}
	return anyVertexInside(pa, b) || anyVertexInside(pb, a)
}

// paths flattens g into point runs: a point is a run of one, a line or
// ring its vertices.
func paths(g orb.Geometry) [][]orb.Point {
	switch g := g.(type) {
	case orb.Point:
		return [][]orb.Point{{g}}
	case orb.MultiPoint:
		out := make([][]orb.Point, len(g))
		for i, p := range g {
			out[i] = []orb.Point{p}
		}
		return out
	case orb.LineString:
		return [][]orb.Point{g}
	case orb.Ring:
		return [][]orb.Point{g}
	case orb.MultiLineString:
		out := make([][]orb.Point, len(g))
		for i, l := range g {
			out[i] = l
		}
		return out
	case orb.Polygon:
		out := make([][]orb.Point, len(g))
		for i, r := range g {
			out[i] = r
		}
		return out
	case orb.MultiPolygon:
		var out [][]orb.Point
		for _, p := range g {
			out = append(out, paths(p)...)
		}
		return out
	case orb.Collection:
		var out [][]orb.Point
		for _, c := range g {
			out = append(out, paths(c)...)
		}
		return out
	case orb.Bound:
		return paths(g.ToPolygon())
	}
	return nil
}

// anyVertexInside reports whether the first vertex of some run lies inside
// an areal part of g (enough once no edges cross).
func anyVertexInside(runs [][]orb.Point, g orb.Geometry) bool {
	for _, run := range runs {
		if len(run) > 0 && contains(g, run[0]) {
			return true
		}
	}
	return false
}

func contains(g orb.Geometry, p orb.Point) bool {
	switch g := g.(type) {
	case orb.Polygon:
		return len(g) > 0 && planar.PolygonContains(g, p)
	case orb.MultiPolygon:
		return planar.MultiPolygonContains(g, p)
	case orb.Ring:
		return planar.RingContains(g, p)
	case orb.Bound:
		return g.Contains(p)
	case orb.Collection:
		for _, c := range g {
			if contains(c, p) {
				return true
			}
		}
	}
	return false
}

// pathsMeet reports whether any segment (or lone point) of x meets one of y.
func pathsMeet(x, y []orb.Point) bool {
	segs := func(p []orb.Point) int { return max(1, len(p)-1) }
	for i := range segs(x) {
		a1, a2 := seg(x, i)
		for j := range segs(y) {
			b1, b2 := seg(y, j)
			if segmentsMeet(a1, a2, b1, b2) {
				return true
			}
		}
	}
	return false
}

func seg(p []orb.Point, i int) (orb.Point, orb.Point) {
	if len(p) == 1 {
		return p[0], p[0]
	}
	return p[i], p[i+1]
}

// segmentsMeet is the classic orientation test, with collinear overlaps and
// degenerate (point) segments.
func segmentsMeet(p1, p2, q1, q2 orb.Point) bool {
	d1, d2 := orient(q1, q2, p1), orient(q1, q2, p2)
	d3, d4 := orient(p1, p2, q1), orient(p1, p2, q2)
	if ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)) {
		return true
	}
	return (d1 == 0 && onSegment(q1, q2, p1)) || (d2 == 0 && onSegment(q1, q2, p2)) ||
		(d3 == 0 && onSegment(p1, p2, q1)) || (d4 == 0 && onSegment(p1, p2, q2))
}

func orient(a, b, c orb.Point) float64 {
	return (b[0]-a[0])*(c[1]-a[1]) - (b[1]-a[1])*(c[0]-a[0])
}

func onSegment(a, b, p orb.Point) bool {
	return min(a[0], b[0]) <= p[0] && p[0] <= max(a[0], b[0]) && min(a[1], b[1]) <= p[1] && p[1] <= max(a[1], b[1])
}
