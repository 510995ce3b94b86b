package sqlite

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/paulmach/orb"
	"github.com/twpayne/go-geom/encoding/wkb"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/internal/flatgeom"
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

// encodeGeometry returns g as a GeoPackage geometry blob and its envelope.
func encodeGeometry(g orb.Geometry) ([]byte, envelope, error) {
	gg, err := flatgeom.ToGeom(g)
	if err != nil {
		return nil, envelope{}, err
	}
	bounds := gg.Bounds()
	env := envelope{bounds.Min(0), bounds.Min(1), bounds.Max(0), bounds.Max(1)}
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
	out, err := flatgeom.FromGeom(g)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errBlob, err)
	}
	return out, nil
}
