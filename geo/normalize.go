package geo

import "github.com/paulmach/orb"

// NormalizeGeometry returns a copy of g with consecutive duplicate vertices
// removed from every ring and line, and polygon rings wound as RFC 7946
// asks: shells counter-clockwise, holes clockwise. Duplicates are normalised
// rather than rejected because editors and GPS tracks produce them
// harmlessly. Call it before ValidateGeometry; it never fails and never
// modifies g.
//
// Nothing else changes: an unclosed ring stays unclosed (ValidateGeometry
// rejects it), rings with zero area keep their order, MultiPoints keep their
// points, and a Collection is normalised member by member. A ring made of
// one repeated point becomes that point twice, so it stays closed.
func NormalizeGeometry(g orb.Geometry) orb.Geometry {
	switch g := g.(type) {
	case nil:
		return nil
	case orb.Point:
		return g
	case orb.MultiPoint:
		return append(orb.MultiPoint(nil), g...)
	case orb.LineString:
		return orb.LineString(dedupe(g))
	case orb.MultiLineString:
		out := make(orb.MultiLineString, len(g))
		for i, l := range g {
			out[i] = orb.LineString(dedupe(l))
		}
		return out
	case orb.Ring:
		return normalizeRing(g, true)
	case orb.Polygon:
		return normalizePolygon(g)
	case orb.MultiPolygon:
		out := make(orb.MultiPolygon, len(g))
		for i, p := range g {
			out[i] = normalizePolygon(p)
		}
		return out
	case orb.Collection:
		out := make(orb.Collection, len(g))
		for i, m := range g {
			out[i] = NormalizeGeometry(m)
		}
		return out
	default:
		return g
	}
}

func normalizePolygon(p orb.Polygon) orb.Polygon {
	if p == nil {
		return nil
	}
	out := make(orb.Polygon, len(p))
	for i, r := range p {
		out[i] = normalizeRing(r, i == 0)
	}
	return out
}

// normalizeRing drops consecutive duplicates and winds the ring
// counter-clockwise (shell) or clockwise (hole).
func normalizeRing(r orb.Ring, shell bool) orb.Ring {
	out := orb.Ring(dedupe(r))
	if len(out) == 1 {
		out = append(out, out[0])
	}
	// orb's Ring.Orientation panics on an empty ring, hence our own area.
	if a := doubleSignedArea(out); (shell && a < 0) || (!shell && a > 0) {
		out.Reverse()
	}
	return out
}

// doubleSignedArea returns twice the signed area of the closed ring pts in
// the plane: positive when it runs counter-clockwise, 0 for fewer than 3
// points. Coordinates are taken relative to the first point, which keeps
// the sum accurate far from the origin.
func doubleSignedArea(pts []orb.Point) float64 {
	if len(pts) < 3 {
		return 0
	}
	o := pts[0]
	sum := 0.0
	for k := 1; k+1 < len(pts); k++ {
		a, b := pts[k], pts[k+1]
		sum += (a[0]-o[0])*(b[1]-o[1]) - (b[0]-o[0])*(a[1]-o[1])
	}
	return sum
}

// dedupe returns a copy of pts without consecutive duplicates (nil for nil).
func dedupe(pts []orb.Point) []orb.Point {
	if pts == nil {
		return nil
	}
	out := make([]orb.Point, 0, len(pts))
	for i, p := range pts {
		if i > 0 && p == out[len(out)-1] {
			continue
		}
		out = append(out, p)
	}
	return out
}
