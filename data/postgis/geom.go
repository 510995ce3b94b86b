package postgis

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"

	"github.com/paulmach/orb"
	"github.com/twpayne/go-geom"
	"github.com/twpayne/go-geom/encoding/ewkb"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/geo"
)

// srid is the spatial reference of every stored geometry (WGS84 lon/lat).
const srid = 4326

// encodeGeometry converts g to go-geom and returns its little-endian EWKB
// with SRID 4326. Only the six simple-feature types are accepted; an empty
// geometry or a non-finite coordinate wraps geo.ErrInvalid.
func encodeGeometry(g orb.Geometry) ([]byte, error) {
	t, err := toGeom(g)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := ewkb.Write(&buf, binary.LittleEndian, t); err != nil {
		return nil, fmt.Errorf("encode EWKB: %w", err)
	}
	return buf.Bytes(), nil
}

// decodeGeometry reads EWKB written by PostGIS (ST_AsEWKB) into orb.
func decodeGeometry(b []byte) (orb.Geometry, error) {
	if err := data.CheckWKBSize(b); err != nil {
		return nil, fmt.Errorf("decode EWKB: %w", err)
	}
	t, err := ewkb.Unmarshal(b)
	if err != nil {
		return nil, fmt.Errorf("decode EWKB: %w", err)
	}
	return fromGeom(t)
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

// toGeom converts an orb geometry to go-geom (layout XY, SRID 4326).
func toGeom(g orb.Geometry) (geom.T, error) {
	var f flat
	var out geom.T
	var err error
	switch g := g.(type) {
	case orb.Point:
		if err = f.add(g); err == nil {
			out = geom.NewPointFlat(geom.XY, f.coords).SetSRID(srid)
		}
	case orb.MultiPoint:
		if _, err = f.addLines(g); err == nil {
			out = geom.NewMultiPointFlat(geom.XY, f.coords).SetSRID(srid)
		}
	case orb.LineString:
		if _, err = f.addLines(g); err == nil {
			out = geom.NewLineStringFlat(geom.XY, f.coords).SetSRID(srid)
		}
	case orb.MultiLineString:
		lines := make([][]orb.Point, len(g))
		for i, l := range g {
			lines[i] = l
		}
		var ends []int
		if ends, err = f.addLines(lines...); err == nil {
			out = geom.NewMultiLineStringFlat(geom.XY, f.coords, ends).SetSRID(srid)
		}
	case orb.Polygon:
		var ends []int
		if ends, err = f.addLines(rings(g)...); err == nil {
			out = geom.NewPolygonFlat(geom.XY, f.coords, ends).SetSRID(srid)
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
			out = geom.NewMultiPolygonFlat(geom.XY, f.coords, endss).SetSRID(srid)
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
	if err := postgisAccepts(g); err != nil {
		return nil, err
	}
	return out, nil
}

// postgisAccepts checks the structural rules PostGIS enforces when it reads
// WKB, so a violation is reported as geo.ErrInvalid instead of a database
// error: lines of at least 2 points, closed rings of at least 4.
func postgisAccepts(g orb.Geometry) error {
	line := func(l orb.LineString) error {
		if len(l) < 2 {
			return fmt.Errorf("%w: line of %d point(s), PostGIS needs at least 2", geo.ErrInvalid, len(l))
		}
		return nil
	}
	poly := func(p orb.Polygon) error {
		for i, r := range p {
			if len(r) < 4 || r[0] != r[len(r)-1] {
				return fmt.Errorf("%w: ring %d must be closed with at least 4 points", geo.ErrInvalid, i)
			}
		}
		return nil
	}
	switch g := g.(type) {
	case orb.LineString:
		return line(g)
	case orb.MultiLineString:
		for _, l := range g {
			if err := line(l); err != nil {
				return err
			}
		}
	case orb.Polygon:
		return poly(g)
	case orb.MultiPolygon:
		for _, p := range g {
			if err := poly(p); err != nil {
				return err
			}
		}
	}
	return nil
}

// fromGeom converts a 2-D go-geom geometry to orb; other layouts and types
// are an error (the store never writes them).
func fromGeom(t geom.T) (orb.Geometry, error) {
	if t.Layout() != geom.XY {
		return nil, fmt.Errorf("geometry layout %v, want XY", t.Layout())
	}
	switch t := t.(type) {
	case *geom.Point:
		return orb.Point{t.X(), t.Y()}, nil
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
		return nil, fmt.Errorf("unsupported stored geometry %T", t)
	}
}

// points turns flat XY coordinates [start, end) into orb points.
func points(fc []float64, start, end int) []orb.Point {
	out := make([]orb.Point, 0, (end-start)/2)
	for i := start; i+1 < end; i += 2 {
		out = append(out, orb.Point{fc[i], fc[i+1]})
	}
	return out
}

// polygon builds an orb polygon from flat coordinates starting at start
// with ring ends.
func polygon(fc []float64, start int, ends []int) orb.Polygon {
	out := make(orb.Polygon, 0, len(ends))
	for _, end := range ends {
		out = append(out, orb.Ring(points(fc, start, end)))
		start = end
	}
	return out
}
