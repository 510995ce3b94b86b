package postgis

import (
	"bytes"
	"encoding/binary"
	"fmt"

	"github.com/paulmach/orb"
	"github.com/twpayne/go-geom"
	"github.com/twpayne/go-geom/encoding/ewkb"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/internal/flatgeom"
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

// toGeom converts an orb geometry to go-geom (layout XY, SRID 4326),
// checking also what PostGIS would refuse.
func toGeom(g orb.Geometry) (geom.T, error) {
	t, err := flatgeom.ToGeom(g)
	if err != nil {
		return nil, err
	}
	if err := postgisAccepts(g); err != nil {
		return nil, err
	}
	return geom.SetSRID(t, srid)
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
	return flatgeom.FromGeom(t)
}
