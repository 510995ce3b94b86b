package repair

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"
	"github.com/peterstace/simplefeatures/geom"
	"github.com/zonegate/zonegate/geo"
)

// The overlay (union, difference, symmetric difference) is
// simplefeatures' DCEL overlay. Its inputs here are always valid: single
// simple loops or the results of earlier overlays.

// loopPolygon converts a simple closed ring to a validated simplefeatures
// polygon.
func loopPolygon(r orb.Ring) (geom.Geometry, error) {
	flat := make([]float64, 0, 2*len(r))
	for _, p := range r {
		flat = append(flat, p[0], p[1])
	}
	poly := geom.NewPolygon([]geom.LineString{geom.NewLineString(geom.NewSequence(flat, geom.DimXY))})
	if err := poly.Validate(); err != nil {
		return geom.Geometry{}, &Refusal{Reason: ReasonOverlayFailed, Detail: fmt.Sprintf("a split ring is still not simple: %v", err)}
	}
	return poly.AsGeometry(), nil
}

// polygonsGeometry converts valid orb polygons to one simplefeatures
// geometry.
func polygonsGeometry(ps []orb.Polygon) geom.Geometry {
	polys := make([]geom.Polygon, len(ps))
	for i, p := range ps {
		rings := make([]geom.LineString, len(p))
		for j, r := range p {
			flat := make([]float64, 0, 2*len(r))
			for _, pt := range r {
				flat = append(flat, pt[0], pt[1])
			}
			rings[j] = geom.NewLineString(geom.NewSequence(flat, geom.DimXY))
		}
		polys[i] = geom.NewPolygon(rings)
	}
	if len(polys) == 1 {
		return polys[0].AsGeometry()
	}
	return geom.NewMultiPolygon(polys).AsGeometry()
}

// fromGeometry extracts the polygons of an overlay result.
func fromGeometry(g geom.Geometry) []orb.Polygon {
	switch g.Type() {
	case geom.TypePolygon:
		return []orb.Polygon{fromPolygon(g.MustAsPolygon())}
	case geom.TypeMultiPolygon:
		m := g.MustAsMultiPolygon()
		out := make([]orb.Polygon, 0, m.NumPolygons())
		for i := 0; i < m.NumPolygons(); i++ {
			out = append(out, fromPolygon(m.PolygonN(i)))
		}
		return out
	case geom.TypeGeometryCollection:
		c := g.MustAsGeometryCollection()
		var out []orb.Polygon
		for i := 0; i < c.NumGeometries(); i++ {
			out = append(out, fromGeometry(c.GeometryN(i))...)
		}
		return out
	}
	return nil // points and lines carry no area
}

func fromPolygon(p geom.Polygon) orb.Polygon {
	if p.IsEmpty() {
		return nil
	}
	out := make(orb.Polygon, 0, p.NumRings())
	for _, ls := range p.DumpRings() {
		seq := ls.Coordinates()
		r := make(orb.Ring, seq.Length())
		for i := range r {
			xy := seq.GetXY(i)
			r[i] = orb.Point{xy.X, xy.Y}
		}
		out = append(out, r)
	}
	return out
}

// reduce combines gs pairwise in a balanced tree, so k inputs cost
// O(log k) rounds of overlays on growing pieces rather than k overlays on
// an ever larger accumulator.
func reduce(gs []geom.Geometry, op func(a, b geom.Geometry) (geom.Geometry, error)) (geom.Geometry, error) {
	for len(gs) > 1 {
		next := make([]geom.Geometry, 0, (len(gs)+1)/2)
		for i := 0; i+1 < len(gs); i += 2 {
			g, err := op(gs[i], gs[i+1])
			if err != nil {
				return geom.Geometry{}, &Refusal{Reason: ReasonOverlayFailed, Detail: err.Error()}
			}
			next = append(next, g)
		}
		if len(gs)%2 == 1 {
			next = append(next, gs[len(gs)-1])
		}
		gs = next
	}
	return gs[0], nil
}

func loopsGeometry(loops []orb.Ring) ([]geom.Geometry, error) {
	gs := make([]geom.Geometry, len(loops))
	for i, r := range loops {
		g, err := loopPolygon(r)
		if err != nil {
			return nil, err
		}
		gs[i] = g
	}
	return gs, nil
}

// xorRings returns the symmetric difference of simple loops.
func xorRings(loops []orb.Ring) ([]orb.Polygon, error) {
	if len(loops) == 1 {
		return []orb.Polygon{{loops[0]}}, nil
	}
	// Loops that only touch (the lobes of a bow-tie, a twisted pair of
	// vertices) are already their own symmetric difference: check that in
	// O(n log n) before paying for overlays.
	parts := make(orb.MultiPolygon, len(loops))
	for i, r := range loops {
		parts[i] = orb.Polygon{r}
	}
	if geo.ValidateGeometryWith(parts, geo.ClassPolygon, geo.ValidateOptions{MaxVertices: -1}) == nil {
		return parts, nil
	}
	// Commonly one large loop carries small ones (twisted vertices) that
	// are apart from each other: then one overlay of the large loop with
	// the rest as one MultiPolygon does it.
	big := 0
	for i, r := range loops {
		if math.Abs(doubleSignedArea(r)) > math.Abs(doubleSignedArea(loops[big])) {
			big = i
		}
	}
	rest := make(orb.MultiPolygon, 0, len(loops)-1)
	for i, r := range loops {
		if i != big {
			rest = append(rest, orb.Polygon{r})
		}
	}
	if geo.ValidateGeometryWith(rest, geo.ClassPolygon, geo.ValidateOptions{MaxVertices: -1}) == nil {
		g, err := geom.SymmetricDifference(polygonsGeometry([]orb.Polygon{{loops[big]}}), polygonsGeometry(rest))
		if err == nil {
			return fromGeometry(g), nil
		}
	}
	gs, err := loopsGeometry(loops)
	if err != nil {
		return nil, err
	}
	g, err := reduce(gs, geom.SymmetricDifference)
	return fromGeometry(g), err
}

// unionRings returns the union of simple loops.
func unionRings(loops []orb.Ring) ([]orb.Polygon, error) {
	gs, err := loopsGeometry(loops)
	if err != nil {
		return nil, err
	}
	g, err := reduce(gs, geom.Union)
	return fromGeometry(g), err
}

// unionParts returns the union of valid polygons as a Polygon or
// MultiPolygon.
func unionParts(parts []orb.Polygon) (orb.Geometry, error) {
	gs := make([]geom.Geometry, len(parts))
	for i, p := range parts {
		gs[i] = polygonsGeometry([]orb.Polygon{p})
	}
	g, err := reduce(gs, geom.Union)
	if err != nil {
		return nil, err
	}
	return asOrb(fromGeometry(g)), nil
}

// difference returns a − b for valid polygon sets.
func difference(a, b []orb.Polygon) ([]orb.Polygon, error) {
	if len(a) == 0 || len(b) == 0 {
		return a, nil
	}
	g, err := geom.Difference(polygonsGeometry(a), polygonsGeometry(b))
	if err != nil {
		return nil, &Refusal{Reason: ReasonOverlayFailed, Detail: err.Error()}
	}
	return fromGeometry(g), nil
}

func asOrb(ps []orb.Polygon) orb.Geometry {
	if len(ps) == 1 {
		return ps[0]
	}
	return orb.MultiPolygon(ps)
}
