package sqlite

import (
	"encoding/binary"
	"fmt"
)

// maxWKBDepth bounds geometry-collection nesting in checkWKBSize.
const maxWKBDepth = 8

// checkWKBSize walks a WKB body and checks that every element count fits in
// the bytes that remain. go-geom allocates a count's worth of coordinates
// before reading them, so a corrupt count would otherwise allocate gigabytes.
// It checks structure only; wkb.Unmarshal does the decoding.
func checkWKBSize(b []byte) error {
	rest, err := wkbWalk(b, 0)
	if err != nil {
		return err
	}
	if len(rest) != 0 {
		return fmt.Errorf("%w: %d trailing bytes", errBlob, len(rest))
	}
	return nil
}

// wkbWalk checks one geometry at the start of b and returns what follows it.
func wkbWalk(b []byte, depth int) ([]byte, error) {
	if depth > maxWKBDepth {
		return nil, fmt.Errorf("%w: nesting deeper than %d", errBlob, maxWKBDepth)
	}
	if len(b) < 5 {
		return nil, fmt.Errorf("%w: truncated", errBlob)
	}
	var order binary.ByteOrder
	switch b[0] {
	case 0:
		order = binary.BigEndian
	case 1:
		order = binary.LittleEndian
	default:
		return nil, fmt.Errorf("%w: byte order %d", errBlob, b[0])
	}
	t := order.Uint32(b[1:])
	b = b[5:]
	dims := t / 1000
	if dims > 3 {
		return nil, fmt.Errorf("%w: geometry type %d", errBlob, t)
	}
	coord := 16 + 8*int(dims&1) + 8*int(dims>>1) // bytes per coordinate
	count := func() (int, error) {
		if len(b) < 4 {
			return 0, fmt.Errorf("%w: truncated", errBlob)
		}
		n := int(order.Uint32(b))
		b = b[4:]
		return n, nil
	}
	points := func() error {
		n, err := count()
		if err != nil {
			return err
		}
		if n > len(b)/coord {
			return fmt.Errorf("%w: %d coordinates in %d bytes", errBlob, n, len(b))
		}
		b = b[n*coord:]
		return nil
	}
	switch t % 1000 {
	case 1: // Point
		if len(b) < coord {
			return nil, fmt.Errorf("%w: truncated point", errBlob)
		}
		return b[coord:], nil
	case 2: // LineString
		if err := points(); err != nil {
			return nil, err
		}
		return b, nil
	case 3: // Polygon
		n, err := count()
		if err != nil {
			return nil, err
		}
		if n > len(b)/4 {
			return nil, fmt.Errorf("%w: %d rings in %d bytes", errBlob, n, len(b))
		}
		for range n {
			if err := points(); err != nil {
				return nil, err
			}
		}
		return b, nil
	case 4, 5, 6, 7: // Multi* and GeometryCollection
		n, err := count()
		if err != nil {
			return nil, err
		}
		if n > len(b)/5 {
			return nil, fmt.Errorf("%w: %d parts in %d bytes", errBlob, n, len(b))
		}
		for range n {
			if b, err = wkbWalk(b, depth+1); err != nil {
				return nil, err
			}
		}
		return b, nil
	default:
		return nil, fmt.Errorf("%w: geometry type %d", errBlob, t)
	}
}
