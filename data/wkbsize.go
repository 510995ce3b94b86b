package data

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// ErrMalformedWKB is wrapped by every CheckWKBSize error.
var ErrMalformedWKB = errors.New("data: malformed WKB")

// PostGIS extended-WKB type-word flags.
const (
	ewkbZ    = 0x80000000
	ewkbM    = 0x40000000
	ewkbSRID = 0x20000000
)

// maxWKBDepth bounds collection nesting in CheckWKBSize.
const maxWKBDepth = 8

// CheckWKBSize walks a WKB geometry — ISO (dimensions in the type code's
// thousands) or PostGIS EWKB (Z/M/SRID flags in the type word) — and checks
// that every element count fits in the bytes that remain and that nothing
// trails it. Backends call it before go-geom decodes stored geometry:
// go-geom allocates a count's worth of coordinates before reading them, so a
// corrupt count would otherwise allocate gigabytes. It checks structure only.
func CheckWKBSize(b []byte) error {
	rest, err := wkbWalk(b, 0)
	if err != nil {
		return err
	}
	if len(rest) != 0 {
		return fmt.Errorf("%w: %d trailing bytes", ErrMalformedWKB, len(rest))
	}
	return nil
}

// wkbWalk checks one geometry at the start of b and returns what follows.
func wkbWalk(b []byte, depth int) ([]byte, error) {
	if depth > maxWKBDepth {
		return nil, fmt.Errorf("%w: nesting deeper than %d", ErrMalformedWKB, maxWKBDepth)
	}
	if len(b) < 5 {
		return nil, fmt.Errorf("%w: truncated", ErrMalformedWKB)
	}
	var order binary.ByteOrder
	switch b[0] {
	case 0:
		order = binary.BigEndian
	case 1:
		order = binary.LittleEndian
	default:
		return nil, fmt.Errorf("%w: byte order %d", ErrMalformedWKB, b[0])
	}
	t := order.Uint32(b[1:])
	b = b[5:]
	kind, coord, err := wkbType(t)
	if err != nil {
		return nil, err
	}
	if t&ewkbSRID != 0 {
		if len(b) < 4 {
			return nil, fmt.Errorf("%w: truncated SRID", ErrMalformedWKB)
		}
		b = b[4:]
	}
	count := func(min int) (int, error) {
		if len(b) < 4 {
			return 0, fmt.Errorf("%w: truncated count", ErrMalformedWKB)
		}
		n := int(order.Uint32(b))
		b = b[4:]
		if n > len(b)/min {
			return 0, fmt.Errorf("%w: %d elements in %d bytes", ErrMalformedWKB, n, len(b))
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
	switch kind {
	case 1: // Point
		if len(b) < coord {
			return nil, fmt.Errorf("%w: truncated point", ErrMalformedWKB)
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
	default: // 4–7: Multi* and GeometryCollection
		n, err := count(5)
		if err != nil {
			return nil, err
		}
		for range n {
			if b, err = wkbWalk(b, depth+1); err != nil {
				return nil, err
			}
		}
		return b, nil
	}
}

// wkbType splits a type word into the geometry kind (1–7) and the bytes per
// coordinate.
func wkbType(t uint32) (kind uint32, coord int, err error) {
	coord = 16
	if flags := t & (ewkbZ | ewkbM | ewkbSRID); flags != 0 {
		if t&ewkbZ != 0 {
			coord += 8
		}
		if t&ewkbM != 0 {
			coord += 8
		}
		kind = t &^ flags
	} else {
		dims := t / 1000 // ISO: 1000 Z, 2000 M, 3000 ZM
		if dims > 3 {
			return 0, 0, fmt.Errorf("%w: geometry type %d", ErrMalformedWKB, t)
		}
		coord += 8*int(dims&1) + 8*int(dims>>1)
		kind = t % 1000
	}
	if kind < 1 || kind > 7 {
		return 0, 0, fmt.Errorf("%w: geometry type %#x", ErrMalformedWKB, t)
	}
	return kind, coord, nil
}
