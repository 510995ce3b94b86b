package raster

import (
	"encoding/binary"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// TIFF tags this reader understands.
const (
	tagImageWidth       = 256
	tagImageLength      = 257
	tagBitsPerSample    = 258
	tagCompression      = 259
	tagStripOffsets     = 273
	tagSamplesPerPixel  = 277
	tagRowsPerStrip     = 278
	tagStripByteCounts  = 279
	tagPredictor        = 317
	tagTileWidth        = 322
	tagTileLength       = 323
	tagTileOffsets      = 324
	tagTileByteCounts   = 325
	tagSampleFormat     = 339
	tagModelPixelScale  = 33550
	tagModelTiepoint    = 33922
	tagModelTransform   = 34264
	tagGeoKeyDirectory  = 34735
	tagGDALNoData       = 42113
	tiffHeaderSize      = 8
	tiffEntrySize       = 12
	tiffBigTIFFMagic    = 43
	tiffClassicMagic    = 42
	tiffMaxIFDEntries   = 4096
	tiffSampleUint      = 1
	tiffSampleInt       = 2
	tiffSampleFloat     = 3
	tiffCompressionNone = 1
)

// tiffTypeSize gives the byte size of each TIFF field type.
var tiffTypeSize = [...]int{1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8}

// tiffField is one IFD entry; raw is its value bytes inside the file.
type tiffField struct {
	typ   uint16
	count int
	raw   []byte
}

// tiffIFD is the first image file directory of a TIFF file.
type tiffIFD struct {
	bo     binary.ByteOrder
	fields map[uint16]tiffField
}

// parseTIFF reads the header and the first IFD. Later IFDs (overviews,
// masks) are ignored.
func parseTIFF(data []byte) (*tiffIFD, error) {
	if len(data) < tiffHeaderSize {
		return nil, fmt.Errorf("%w: tiff: %d bytes is shorter than a TIFF header", ErrFormat, len(data))
	}
	var bo binary.ByteOrder
	switch string(data[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return nil, fmt.Errorf("%w: tiff: bad byte-order mark %q", ErrFormat, data[:2])
	}
	switch bo.Uint16(data[2:]) {
	case tiffClassicMagic:
	case tiffBigTIFFMagic:
		return nil, fmt.Errorf("%w: tiff: BigTIFF is not supported", ErrFormat)
	default:
		return nil, fmt.Errorf("%w: tiff: bad magic number %d", ErrFormat, bo.Uint16(data[2:]))
	}
	off := int64(bo.Uint32(data[4:]))
	if off < tiffHeaderSize || off+2 > int64(len(data)) {
		return nil, fmt.Errorf("%w: tiff: first IFD offset %d outside the file", ErrFormat, off)
	}
	n := int(bo.Uint16(data[off:]))
	if n == 0 || n > tiffMaxIFDEntries || off+2+int64(n)*tiffEntrySize > int64(len(data)) {
		return nil, fmt.Errorf("%w: tiff: IFD of %d entries does not fit the file", ErrFormat, n)
	}
	ifd := &tiffIFD{bo: bo, fields: make(map[uint16]tiffField, n)}
	for i := range n {
		e := data[off+2+int64(i)*tiffEntrySize:]
		tag, typ, count := bo.Uint16(e), bo.Uint16(e[2:]), int64(bo.Uint32(e[4:]))
		if int(typ) >= len(tiffTypeSize) || tiffTypeSize[typ] == 0 {
			continue // unknown types may be skipped, as the TIFF spec says
		}
		size := count * int64(tiffTypeSize[typ])
		var raw []byte
		if size <= 4 {
			raw = e[8 : 8+size]
		} else {
			at := int64(bo.Uint32(e[8:]))
			if at+size > int64(len(data)) {
				return nil, fmt.Errorf("%w: tiff: tag %d value (%d bytes at %d) outside the file", ErrFormat, tag, size, at)
			}
			raw = data[at : at+size]
		}
		ifd.fields[tag] = tiffField{typ: typ, count: int(count), raw: raw}
	}
	return ifd, nil
}

// has reports whether the IFD holds tag.
func (d *tiffIFD) has(tag uint16) bool {
	_, ok := d.fields[tag]
	return ok
}

// uints returns an integer-typed field (BYTE, SHORT, LONG) as uint64s.
func (d *tiffIFD) uints(tag uint16) ([]uint64, error) {
	f, ok := d.fields[tag]
	if !ok {
		return nil, nil
	}
	out := make([]uint64, f.count)
	for i := range out {
		switch f.typ {
		case 1, 7:
			out[i] = uint64(f.raw[i])
		case 3:
			out[i] = uint64(d.bo.Uint16(f.raw[2*i:]))
		case 4:
			out[i] = uint64(d.bo.Uint32(f.raw[4*i:]))
		default:
			return nil, fmt.Errorf("%w: tiff: tag %d has type %d, want an unsigned integer", ErrFormat, tag, f.typ)
		}
	}
	return out, nil
}

// uint returns a single-valued integer field, or def when it is absent.
// All values of a multi-valued field must be equal (BitsPerSample repeats
// per sample).
func (d *tiffIFD) uint(tag uint16, def uint64) (uint64, error) {
	v, err := d.uints(tag)
	if err != nil || v == nil {
		return def, err
	}
	if len(v) == 0 {
		return 0, fmt.Errorf("%w: tiff: tag %d has no value", ErrFormat, tag)
	}
	for _, x := range v[1:] {
		if x != v[0] {
			return 0, fmt.Errorf("%w: tiff: tag %d has differing values %v", ErrFormat, tag, v)
		}
	}
	return v[0], nil
}

// floats returns a DOUBLE (or FLOAT) field as float64s, nil if absent.
func (d *tiffIFD) floats(tag uint16) ([]float64, error) {
	f, ok := d.fields[tag]
	if !ok {
		return nil, nil
	}
	out := make([]float64, f.count)
	for i := range out {
		switch f.typ {
		case 12:
			out[i] = math.Float64frombits(d.bo.Uint64(f.raw[8*i:]))
		case 11:
			out[i] = float64(math.Float32frombits(d.bo.Uint32(f.raw[4*i:])))
		default:
			return nil, fmt.Errorf("%w: tiff: tag %d has type %d, want DOUBLE", ErrFormat, tag, f.typ)
		}
	}
	return out, nil
}

// nodata returns the GDAL_NODATA value (an ASCII number, "nan" allowed).
func (d *tiffIFD) nodata() (float64, bool, error) {
	f, ok := d.fields[tagGDALNoData]
	if !ok || f.typ != 2 {
		return 0, false, nil
	}
	s := strings.TrimSpace(strings.TrimRight(string(f.raw), "\x00"))
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, false, fmt.Errorf("%w: tiff: GDAL_NODATA %q is not a number", ErrFormat, s)
	}
	return v, true, nil
}
