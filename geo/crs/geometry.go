package crs

import "github.com/paulmach/orb"

// TransformGeometry returns a copy of g with every point converted by f,
// e.g. System.FromWGS84; g itself (often shared with an index) is not
// modified. A Bound becomes the polygon of its corners; unknown geometry
// types are returned as they are.
func TransformGeometry(g orb.Geometry, f func(orb.Point) orb.Point) orb.Geometry {
	line := func(ps []orb.Point) []orb.Point {
		out := make([]orb.Point, len(ps))
		for i, p := range ps {
			out[i] = f(p)
		}
		return out
	}
	poly := func(p orb.Polygon) orb.Polygon {
		out := make(orb.Polygon, len(p))
		for i, r := range p {
			out[i] = line(r)
		}
		return out
	}
	switch g := g.(type) {
	case orb.Point:
		return f(g)
	case orb.MultiPoint:
		return orb.MultiPoint(line(g))
	case orb.LineString:
		return orb.LineString(line(g))
	case orb.Ring:
		return orb.Ring(line(g))
	case orb.MultiLineString:
		out := make(orb.MultiLineString, len(g))
		for i, l := range g {
			out[i] = line(l)
		}
		return out
	case orb.Polygon:
		return poly(g)
	case orb.MultiPolygon:
		out := make(orb.MultiPolygon, len(g))
		for i, p := range g {
			out[i] = poly(p)
		}
		return out
	case orb.Collection:
		out := make(orb.Collection, len(g))
		for i, c := range g {
			out[i] = TransformGeometry(c, f)
		}
		return out
	case orb.Bound:
		return TransformGeometry(g.ToPolygon(), f)
	}
	return g
}
