package sqlite

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/paulmach/orb"
	"github.com/twpayne/go-geom"
	"github.com/twpayne/go-geom/encoding/wkb"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/geo"
)

// GeoPackage geometry blobs (OGC 12-128r18, §2.1.3): "GP", version 0, a flags
// byte, the srs_id, an optional envelope, then standard WKB. This store always
// writes little-endian, envelope [minx, maxx, miny, maxy], srs_id 4326.
const (
	gpMagic0      = 'G'
	gpMagic1      = 'P'
	gpHeaderLen   = 8
	srsWGS84      = 4326
	flagLittle    = 0x01
	flagEmpty     = 0x10
	flagExtended  = 0x20
	envelopeXY    = 1 << 1 // envelope indicator 1, shifted into bits 1-3
	envelopeShift = 1
)

// envelope is a geometry's bounding box.
type envelope struct{ minX, minY, maxX, maxY float64 }

// flat is an orb geometry flattened to go-geom's representation.
type flat struct {
	coords []float64
	env    envelope
}

// add appends one coordinate, rejecting NaN and infinities.
func (f *flat) add(p orb.Point) error {
	if math.IsNaN(p[0]) || math.IsNaN(p[1]) || math.IsInf(p[0], 0) || math.IsInf(p[1], 0) {
		return fmt.Errorf("%w: coordinate %v is not finite", geo.ErrInvalid, p)
	}
	if len(f.coords) == 0 {
		f.env = envelope{p[0], p[1], p[0], p[1]}
	} else {
		f.env.minX, f.env.maxX = min(f.env.minX, p[0]), max(f.env.maxX, p[0])
		f.env.minY, f.env.maxY = min(f.env.minY, p[1]), max(f.env.maxY, p[1])
	}
	f.coords = append(f.coords, p[0], p[1])
	return nil
}

// addRings appends rings (or lines) and returns the end offset of each.
func (f *flat) addRings(rings [][]orb.Point) ([]int, error) {
	ends := make([]int, 0, len(rings))
	for _, r := range rings {
		for _, p := range r {
			if err := f.add(p); err != nil {
				return nil, err
			}
		}
		ends = append(ends, len(f.coords))
	}
	return ends, nil
}

// toGeom converts an orb geometry to go-geom (layout XY) and computes its
// envelope. Only the six simple-feature types are accepted; an empty
// geometry or a non-finite coordinate wraps geo.ErrInvalid.
func toGeom(g orb.Geometry) (geom.T, envelope, error) {
	var f flat
	var out geom.T
	var err error
	switch g := g.(type) {
	case orb.Point:
		err = f.add(g)
		out = geom.NewPointFlat(geom.XY, f.coords)
	case orb.MultiPoint:
		for _, p := range g {
			if err = f.add(p); err != nil {
				break
			}
		}
		out = geom.NewMultiPointFlat(geom.XY, f.coords)
	case orb.LineString:
		_, err = f.addRings([][]orb.Point{g})
		out = geom.NewLineStringFlat(geom.XY, f.coords)
	case orb.MultiLineString:
		var ends []int
		ends, err = f.addRings(lineRings(g))
		out = geom.NewMultiLineStringFlat(geom.XY, f.coords, ends)
	case orb.Polygon:
		var ends []int
		ends, err = f.addRings(polygonRings(g))
		out = geom.NewPolygonFlat(geom.XY, f.coords, ends)
	case orb.MultiPolygon:
		endss := make([][]int, 0, len(g))
		for _, p := range g {
			var ends []int
			if ends, err = f.addRings(polygonRings(p)); err != nil {
				break
			}
			endss = append(endss, ends)
		}
		out = geom.NewMultiPolygonFlat(geom.XY, f.coords, endss)
	default:
		return nil, envelope{}, fmt.Errorf("%w: unsupported geometry type %T", geo.ErrInvalid, g)
	}
	if err != nil {
		return nil, envelope{}, err
	}
	if len(f.coords) == 0 {
		return nil, envelope{}, fmt.Errorf("%w: empty %s", geo.ErrInvalid, g.GeoJSONType())
	}
	return out, f.env, nil
}

func lineRings(m orb.MultiLineString) [][]orb.Point {
	out := make([][]orb.Point, len(m))
	for i, l := range m {
		out[i] = l
	}
	return out
}

func polygonRings(p orb.Polygon) [][]orb.Point {
	out := make([][]orb.Point, len(p))
	for i, r := range p {
		out[i] = r
	}
	return out
}

// encodeGeometry returns g as a GeoPackage geometry blob and its envelope.
func encodeGeometry(g orb.Geometry) ([]byte, envelope, error) {
	gg, env, err := toGeom(g)
	if err != nil {
		return nil, envelope{}, err
	}
	body, err := wkb.Marshal(gg, wkb.NDR)
	if err != nil {
		return nil, envelope{}, fmt.Errorf("encode wkb: %w", err)
	}
	b := make([]byte, gpHeaderLen+32, gpHeaderLen+32+len(body))
	b[0], b[1], b[2], b[3] = gpMagic0, gpMagic1, 0, flagLittle|envelopeXY
	binary.LittleEndian.PutUint32(b[4:], srsWGS84)
	for i, v := range [4]float64{env.minX, env.maxX, env.minY, env.maxY} {
		binary.LittleEndian.PutUint64(b[gpHeaderLen+8*i:], math.Float64bits(v))
	}
	return append(b, body...), env, nil
}

// errBlob reports a geometry blob this store cannot read.
var errBlob = errors.New("sqlite: bad geometry blob")

// envelopeLen maps a header's envelope indicator to its byte length.
var envelopeLen = [8]int{0, 32, 48, 48, 64, -1, -1, -1}

// decodeGeometry parses a GeoPackage geometry blob into an orb geometry.
func decodeGeometry(b []byte) (orb.Geometry, error) {
	if len(b) < gpHeaderLen || b[0] != gpMagic0 || b[1] != gpMagic1 {
		return nil, fmt.Errorf("%w: no GP header", errBlob)
	}
	if b[2] != 0 {
		return nil, fmt.Errorf("%w: version %d", errBlob, b[2])
	}
	flags := b[3]
	if flags&flagExtended != 0 {
		return nil, fmt.Errorf("%w: extended geometry type", errBlob)
	}
	n := envelopeLen[(flags>>envelopeShift)&0x7]
	if n < 0 || len(b) < gpHeaderLen+n {
		return nil, fmt.Errorf("%w: bad envelope", errBlob)
	}
	body := b[gpHeaderLen+n:]
	if err := data.CheckWKBSize(body); err != nil {
		return nil, fmt.Errorf("%w: %w", errBlob, err)
	}
	g, err := wkb.Unmarshal(body)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errBlob, err)
	}
	return fromGeom(g)
}

// fromGeom converts a go-geom geometry to orb, dropping Z and M.
func fromGeom(g geom.T) (orb.Geometry, error) {
	stride := g.Stride()
	if stride < 2 {
		return nil, fmt.Errorf("%w: stride %d", errBlob, stride)
	}
	points := func(fc []float64) []orb.Point {
		out := make([]orb.Point, len(fc)/stride)
		for i := range out {
			out[i] = orb.Point{fc[i*stride], fc[i*stride+1]}
		}
		return out
	}
	rings := func(fc []float64, ends []int, offset int) [][]orb.Point {
		out := make([][]orb.Point, len(ends))
		for i, end := range ends {
			out[i] = points(fc[offset:end])
			offset = end
		}
		return out
	}
	switch g := g.(type) {
	case *geom.Point:
		fc := g.FlatCoords()
		if g.Empty() || len(fc) < 2 || math.IsNaN(fc[0]) || math.IsNaN(fc[1]) {
			return nil, fmt.Errorf("%w: empty point", errBlob)
		}
		return orb.Point{fc[0], fc[1]}, nil
	case *geom.MultiPoint:
		return orb.MultiPoint(points(g.FlatCoords())), nil
	case *geom.LineString:
		return orb.LineString(points(g.FlatCoords())), nil
	case *geom.MultiLineString:
		rs := rings(g.FlatCoords(), g.Ends(), 0)
		out := make(orb.MultiLineString, len(rs))
		for i, r := range rs {
			out[i] = r
		}
		return out, nil
	case *geom.Polygon:
		return toOrbPolygon(rings(g.FlatCoords(), g.Ends(), 0)), nil
	case *geom.MultiPolygon:
		out := make(orb.MultiPolygon, 0, g.NumPolygons())
		offset := 0
		for _, ends := range g.Endss() {
			out = append(out, toOrbPolygon(rings(g.FlatCoords(), ends, offset)))
			if len(ends) > 0 {
				offset = ends[len(ends)-1]
			}
		}
		return out, nil
	default:
		return nil, fmt.Errorf("%w: unsupported type %T", errBlob, g)
	}
}

func toOrbPolygon(rs [][]orb.Point) orb.Polygon {
	out := make(orb.Polygon, len(rs))
	for i, r := range rs {
		out[i] = r
	}
	return out
}
