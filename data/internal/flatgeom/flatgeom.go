// Package flatgeom converts between orb geometries, which zonegate works
// with, and go-geom's flat XY form, which both SQL stores hand to go-geom's
// WKB codecs (GeoPackage WKB in data/sqlite, EWKB in data/postgis).
package flatgeom

import (
	"errors"
	"fmt"
	"math"

	"github.com/paulmach/orb"
	"github.com/twpayne/go-geom"
	"github.com/zonegate/zonegate/geo"
)

// ToGeom converts g to go-geom in layout XY. Only the six simple-feature
// types are accepted; another type, an empty geometry or a non-finite
// coordinate wraps geo.ErrInvalid.
func ToGeom(g orb.Geometry) (geom.T, error) {
	var f flat
	var out geom.T
	var err error
	switch g := g.(type) {
	case orb.Point:
		if err = f.add(g); err == nil {
			out = geom.NewPointFlat(geom.XY, f.coords)
		}
	case orb.MultiPoint:
		if _, err = f.addLines(g); err == nil {
			out = geom.NewMultiPointFlat(geom.XY, f.coords)
		}
	case orb.LineString:
		if _, err = f.addLines(g); err == nil {
			out = geom.NewLineStringFlat(geom.XY, f.coords)
		}
	case orb.MultiLineString:
		lines := make([][]orb.Point, len(g))
		for i, l := range g {
			lines[i] = l
		}
		var ends []int
		if ends, err = f.addLines(lines...); err == nil {
			out = geom.NewMultiLineStringFlat(geom.XY, f.coords, ends)
		}
	case orb.Polygon:
		var ends []int
		if ends, err = f.addLines(rings(g)...); err == nil {
			out = geom.NewPolygonFlat(geom.XY, f.coords, ends)
		}
	case orb.MultiPolygon:
		endss := make([][]int, 0, len(g))
		for _, p := range g {
			var ends []int
			if ends, err = f.addLines(rings(p)...); err != nil {
				break
			}
			endss = append(endss, ends)
		}
		if err == nil {
			out = geom.NewMultiPolygonFlat(geom.XY, f.coords, endss)
		}
	default:
		return nil, fmt.Errorf("%w: unsupported geometry type %T", geo.ErrInvalid, g)
	}
	if err != nil {
		return nil, err
	}
	if len(f.coords) == 0 {
		return nil, fmt.Errorf("%w: empty %s", geo.ErrInvalid, g.GeoJSONType())
	}
	return out, nil
}

// flat collects coordinates in go-geom's flat XY representation.
type flat struct{ coords []float64 }

// add appends one coordinate, rejecting NaN and infinities.
func (f *flat) add(p orb.Point) error {
	if math.IsNaN(p[0]) || math.IsNaN(p[1]) || math.IsInf(p[0], 0) || math.IsInf(p[1], 0) {
		return fmt.Errorf("%w: coordinate %v is not finite", geo.ErrInvalid, p)
	}
	f.coords = append(f.coords, p[0], p[1])
	return nil
}

// addLines appends lines (or rings) and returns the end offset of each.
func (f *flat) addLines(lines ...[]orb.Point) ([]int, error) {
	ends := make([]int, 0, len(lines))
	for _, l := range lines {
		for _, p := range l {
			if err := f.add(p); err != nil {
				return nil, err
			}
		}
		ends = append(ends, len(f.coords))
	}
	return ends, nil
}

// rings views a polygon's rings as point slices.
func rings(p orb.Polygon) [][]orb.Point {
	out := make([][]orb.Point, len(p))
	for i, r := range p {
		out[i] = r
	}
	return out
}

// ErrEmptyPoint reports a point with no coordinates (WKB writes it as NaN).
var ErrEmptyPoint = errors.New("empty point")

// FromGeom converts a go-geom geometry of the six simple-feature types to
// orb, keeping X and Y and dropping Z and M. An empty point is
// ErrEmptyPoint; other types are an error.
func FromGeom(t geom.T) (orb.Geometry, error) {
	stride := t.Stride()
	if stride < 2 {
		return nil, fmt.Errorf("stride %d", stride)
	}
	points := func(fc []float64, start, end int) []orb.Point {
		out := make([]orb.Point, 0, (end-start)/stride)
		for i := start; i+1 < end; i += stride {
			out = append(out, orb.Point{fc[i], fc[i+1]})
		}
		return out
	}
	polygon := func(fc []float64, start int, ends []int) orb.Polygon {
		out := make(orb.Polygon, 0, len(ends))
		for _, end := range ends {
			out = append(out, orb.Ring(points(fc, start, end)))
			start = end
		}
		return out
	}
	switch t := t.(type) {
	case *geom.Point:
		fc := t.FlatCoords()
		if t.Empty() || len(fc) < 2 || math.IsNaN(fc[0]) || math.IsNaN(fc[1]) {
			return nil, ErrEmptyPoint
		}
		return orb.Point{fc[0], fc[1]}, nil
	case *geom.MultiPoint:
		return orb.MultiPoint(points(t.FlatCoords(), 0, len(t.FlatCoords()))), nil
	case *geom.LineString:
		return orb.LineString(points(t.FlatCoords(), 0, len(t.FlatCoords()))), nil
	case *geom.MultiLineString:
		out := make(orb.MultiLineString, 0, t.NumLineStrings())
		start := 0
		for _, end := range t.Ends() {
			out = append(out, orb.LineString(points(t.FlatCoords(), start, end)))
			start = end
		}
		return out, nil
	case *geom.Polygon:
		return polygon(t.FlatCoords(), 0, t.Ends()), nil
	case *geom.MultiPolygon:
		out := make(orb.MultiPolygon, 0, t.NumPolygons())
		start := 0
		for _, ends := range t.Endss() {
			out = append(out, polygon(t.FlatCoords(), start, ends))
			if len(ends) > 0 {
				start = ends[len(ends)-1]
			}
		}
		return out, nil
	default:
		return nil, fmt.Errorf("unsupported geometry %T", t)
	}
}
