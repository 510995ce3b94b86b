package ogc

import (
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/zonegate/zonegate/api/wire"
)

// parseBBox reads the bbox parameter in bbox-crs c: for CRS84 as
// parseBBoxCRS84; for another CRS four numbers in its axis order (EPSG:4326
// minLat,minLon,maxLat,maxLon; Gauss–Krüger minN,minE,maxN,maxE), whose
// envelope in longitude/latitude is searched.
func parseBBox(v string, c outputCRS) ([]orb.Bound, error) {
	if c.isCRS84() {
		return parseBBoxCRS84(v)
	}
	parts := strings.Split(v, ",")
	if len(parts) != 4 {
		return nil, wire.BadRequest("invalid_bbox", "bbox", "bbox in bbox-crs %s needs 4 numbers in its axis order, got %d", c.uri, len(parts))
	}
	var n [4]float64
	for i, p := range parts {
		f, err := wire.ParseFloat(strings.TrimSpace(p))
		if err != nil {
			return nil, wire.BadRequest("invalid_bbox", "bbox", "bbox number %d (%q) is %v", i+1, p, err)
		}
		n[i] = f
	}
	if n[0] > n[2] || n[1] > n[3] {
		return nil, wire.BadRequest("invalid_bbox", "bbox", "bbox %s: each minimum must not exceed its maximum", v)
	}
	b := bboxInCRS(n, c)
	if b.Min[0] < -180 || b.Max[0] > 180 || b.Min[1] < -90 || b.Max[1] > 90 || b.Min[0] != b.Min[0] {
		return nil, wire.BadRequest("invalid_bbox", "bbox", "bbox %s in %s lies outside the range of the coordinate system", v, c.uri)
	}
	return []orb.Bound{b}, nil
}

// parseBBoxCRS84 reads the bbox parameter: minLon,minLat,maxLon,maxLat in CRS84,
// or the six-number form with heights (minLon,minLat,minH,maxLon,maxLat,maxH),
// whose heights are ignored. A box with minLon > maxLon crosses the
// antimeridian and is returned as two bounds.
func parseBBoxCRS84(v string) ([]orb.Bound, error) {
	parts := strings.Split(v, ",")
	if len(parts) != 4 && len(parts) != 6 {
		return nil, wire.BadRequest("invalid_bbox", "bbox", "bbox needs 4 numbers minLon,minLat,maxLon,maxLat (or 6 with heights), got %d", len(parts))
	}
	n := make([]float64, len(parts))
	for i, p := range parts {
		f, err := wire.ParseFloat(strings.TrimSpace(p))
		if err != nil {
			return nil, wire.BadRequest("invalid_bbox", "bbox", "bbox number %d (%q) is %v", i+1, p, err)
		}
		n[i] = f
	}
	if len(n) == 6 {
		n = []float64{n[0], n[1], n[3], n[4]}
	}
	minLon, minLat, maxLon, maxLat := n[0], n[1], n[2], n[3]
	for _, lon := range []float64{minLon, maxLon} {
		if lon < -180 || lon > 180 {
			return nil, wire.BadRequest("invalid_bbox", "bbox", "bbox longitude %g is outside [-180, 180]", lon)
		}
	}
	for _, lat := range []float64{minLat, maxLat} {
		if lat < -90 || lat > 90 {
			return nil, wire.BadRequest("invalid_bbox", "bbox", "bbox latitude %g is outside [-90, 90]", lat)
		}
	}
	if minLat > maxLat {
		return nil, wire.BadRequest("invalid_bbox", "bbox", "bbox minimum latitude %g is above the maximum %g", minLat, maxLat)
	}
	if minLon > maxLon {
		return []orb.Bound{
			{Min: orb.Point{minLon, minLat}, Max: orb.Point{180, maxLat}},
			{Min: orb.Point{-180, minLat}, Max: orb.Point{maxLon, maxLat}},
		}, nil
	}
	return []orb.Bound{{Min: orb.Point{minLon, minLat}, Max: orb.Point{maxLon, maxLat}}}, nil
}

// geometryIntersectsBound reports whether g shares at least one point with
// the closed box b (touching counts), as OGC API – Features requires of
// bbox: not just the envelopes.
func geometryIntersectsBound(g orb.Geometry, b orb.Bound) bool {
	switch g := g.(type) {
	case orb.Point:
		return b.Contains(g)
	case orb.MultiPoint:
		for _, p := range g {
			if b.Contains(p) {
				return true
			}
		}
	case orb.LineString:
		return pathIntersectsBound(g, b)
	case orb.MultiLineString:
		for _, l := range g {
			if pathIntersectsBound(l, b) {
				return true
			}
		}
	case orb.Ring:
		return polygonIntersectsBound(orb.Polygon{g}, b)
	case orb.Polygon:
		return polygonIntersectsBound(g, b)
	case orb.MultiPolygon:
		for _, p := range g {
			if polygonIntersectsBound(p, b) {
				return true
			}
		}
	case orb.Collection:
		for _, c := range g {
			if geometryIntersectsBound(c, b) {
				return true
			}
		}
	case orb.Bound:
		return g.Intersects(b)
	}
	return false
}

// polygonIntersectsBound: a ring crosses or touches the box, or the box lies
// wholly inside the polygon (then its corner is inside).
func polygonIntersectsBound(p orb.Polygon, b orb.Bound) bool {
	for _, r := range p {
		if pathIntersectsBound(r, b) {
			return true
		}
	}
	return len(p) > 0 && planar.PolygonContains(p, b.Min)
}

// pathIntersectsBound reports whether any segment (or the single point) of
// pts meets b.
func pathIntersectsBound(pts []orb.Point, b orb.Bound) bool {
	if len(pts) == 1 {
		return b.Contains(pts[0])
	}
	for i := 1; i < len(pts); i++ {
		if segmentIntersectsBound(pts[i-1], pts[i], b) {
			return true
		}
	}
	return false
}

// segmentIntersectsBound clips the segment p–q to b (Liang–Barsky) and
// reports whether anything is left.
func segmentIntersectsBound(p, q orb.Point, b orb.Bound) bool {
	t0, t1 := 0.0, 1.0
	dx, dy := q[0]-p[0], q[1]-p[1]
	for _, c := range [4][2]float64{
		{-dx, p[0] - b.Min[0]}, {dx, b.Max[0] - p[0]},
		{-dy, p[1] - b.Min[1]}, {dy, b.Max[1] - p[1]},
	} {
		den, num := c[0], c[1]
		if den == 0 {
			if num < 0 {
				return false // parallel to this edge and outside it
			}
			continue
		}
		r := num / den
		if den < 0 {
			if r > t1 {
				return false
			}
			t0 = max(t0, r)
		} else {
			if r < t0 {
				return false
			}
			t1 = min(t1, r)
		}
	}
	return t0 <= t1
}
