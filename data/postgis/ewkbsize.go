package postgis

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// errEWKB is wrapped by every structural EWKB error.
var errEWKB = errors.New("malformed EWKB")

// EWKB type-word flags (PostGIS extended WKB).
const (
	ewkbZ    = 0x80000000
	ewkbM    = 0x40000000
	ewkbSRID = 0x20000000
)

// maxEWKBDepth bounds collection nesting in checkEWKBSize.
const maxEWKBDepth = 8

// checkEWKBSize walks an EWKB geometry and checks that every element count
// fits in the bytes that remain and that nothing trails it. go-geom
// allocates a count's worth of coordinates before reading them, so a
// corrupt count would otherwise allocate gigabytes. Decoding is left to
// go-geom.
func checkEWKBSize(b []byte) error {
	rest, err := ewkbWalk(b, 0)
	if err != nil {
		return err
	}
	if len(rest) != 0 {
		return fmt.Errorf("%w: %d trailing bytes", errEWKB, len(rest))
	}
	return nil
}

// ewkbWalk checks one geometry at the start of b and returns what follows.
func ewkbWalk(b []byte, depth int) ([]byte, error) {
	if depth > maxEWKBDepth {
		return nil, fmt.Errorf("%w: nesting deeper than %d", errEWKB, maxEWKBDepth)
	}
	if len(b) < 5 {
		return nil, fmt.Errorf("%w: truncated", errEWKB)
	}
	var order binary.ByteOrder
	switch b[0] {
	case 0:
		order = binary.BigEndian
	case 1:
		order = binary.LittleEndian
	default:
		return nil, fmt.Errorf("%w: byte order %d", errEWKB, b[0])
	}
	t := order.Uint32(b[1:])
	b = b[5:]
	if t&ewkbSRID != 0 {
		if len(b) < 4 {
			return nil, fmt.Errorf("%w: truncated SRID", errEWKB)
		}
		b = b[4:]
	}
	coord := 16 // bytes per coordinate
	if t&ewkbZ != 0 {
		coord += 8
	}
	if t&ewkbM != 0 {
		coord += 8
	}
	count := func(min int) (int, error) {
		if len(b) < 4 {
			return 0, fmt.Errorf("%w: truncated count", errEWKB)
		}
		n := int(order.Uint32(b))
		b = b[4:]
		if n > len(b)/min {
			return 0, fmt.Errorf("%w: %d elements in %d bytes", errEWKB, n, len(b))
		}
		return n, nil
	}
	points := func() error {
		n, err := count(coord)
		if err != nil {
			return err
		}
		b = b[n*coord:]
		return nil
	}
	switch t &^ (ewkbZ | ewkbM | ewkbSRID) {
	case 1: // Point
		if len(b) < coord {
			return nil, fmt.Errorf("%w: truncated point", errEWKB)
		}
		return b[coord:], nil
	case 2: // LineString
		return b, points()
	case 3: // Polygon
		n, err := count(4)
		if err != nil {
			return nil, err
		}
		for range n {
			if err := points(); err != nil {
				return nil, err
			}
		}
		return b, nil
	case 4, 5, 6, 7: // Multi* and GeometryCollection
		n, err := count(5)
		if err != nil {
			return nil, err
		}
		for range n {
			if b, err = ewkbWalk(b, depth+1); err != nil {
				return nil, err
			}
		}
		return b, nil
	default:
		return nil, fmt.Errorf("%w: geometry type %#x", errEWKB, t)
	}
}
