package data

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"io"
	"math"

	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/raster"
)

// DEM blob format, shared by every backend. A blob is a 10-byte header —
// version (DEMCodecVersion), sample encoding (demInt16 or demFloat32),
// width and height as little-endian uint32 — followed by a zlib stream of
// the samples in row-major order, split into byte planes (all first bytes,
// then all second bytes, …; each sample little-endian):
//
//   - demInt16: used when every sample is an integer in [-32767, 32767] or
//     NaN. NaN is stored as -32768. Each sample is stored as its difference
//     (mod 2^16) from the sample to its left; the first sample of a row is
//     differenced against the first sample of the row above (0 for row 0).
//     Smooth terrain thus becomes mostly small numbers, whose high bytes
//     are 0x00 or 0xFF: that plane compresses to almost nothing.
//   - demFloat32: the IEEE 754 bits of each sample, NaN payloads kept.
const (
	// DEMCodecVersion is the version byte EncodeDEM writes and DecodeDEM reads.
	DEMCodecVersion = 1

	demInt16   = 1
	demFloat32 = 2

	demHeaderLen = 10
	// demVoid is the int16 stand-in for a void (NaN) sample.
	demVoid = -32768
	// maxDeflateRatio bounds how much a deflate stream can expand (the
	// format's limit is about 1032:1), so a blob's claimed size can be
	// checked against its length before anything is allocated.
	maxDeflateRatio = 1040
)

// EncodeDEM returns the compact blob of g's samples (see DEMCodecVersion
// for the format). The grid's georeferencing is not part of the blob; the
// stores keep it in DEMInfo. A nil grid, non-positive or too large
// dimensions (raster.MaxCells) or a Data length other than Width·Height is
// an error wrapping geo.ErrInvalid.
func EncodeDEM(g *raster.Grid) ([]byte, error) {
	if g == nil {
		return nil, fmt.Errorf("%w: encode DEM: nil grid", geo.ErrInvalid)
	}
	if err := checkDEMSize(g.Width, g.Height); err != nil {
		return nil, fmt.Errorf("%w: encode DEM: %v", geo.ErrInvalid, err)
	}
	if len(g.Data) != g.Width*g.Height {
		return nil, fmt.Errorf("%w: encode DEM: %d samples for %d×%d", geo.ErrInvalid, len(g.Data), g.Width, g.Height)
	}
	kind := byte(demFloat32)
	var raw []byte
	if integral16(g.Data) {
		kind, raw = demInt16, int16Planes(g.Width, g.Data)
	} else {
		raw = float32Planes(g.Data)
	}
	var buf bytes.Buffer
	buf.Grow(demHeaderLen + len(raw)/4)
	var h [demHeaderLen]byte
	h[0], h[1] = DEMCodecVersion, kind
	binary.LittleEndian.PutUint32(h[2:], uint32(g.Width))
	binary.LittleEndian.PutUint32(h[6:], uint32(g.Height))
	buf.Write(h[:])
	zw, err := zlib.NewWriterLevel(&buf, zlib.DefaultCompression)
	if err != nil {
		return nil, fmt.Errorf("encode DEM: %w", err)
	}
	if _, err := zw.Write(raw); err != nil {
		return nil, fmt.Errorf("encode DEM: compress: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("encode DEM: compress: %w", err)
	}
	return buf.Bytes(), nil
}

// DecodeDEM rebuilds the grid stored as blob by EncodeDEM, with the
// georeferencing (X0, Y0, DX, DY, EPSG) of info. The blob's dimensions must
// equal info.Width and info.Height. A malformed, truncated or inconsistent
// blob is an error wrapping raster.ErrFormat; DecodeDEM never allocates
// more than the blob can actually expand to, bounded by raster.MaxCells.
func DecodeDEM(info DEMInfo, blob []byte) (*raster.Grid, error) {
	if len(blob) < demHeaderLen {
		return nil, fmt.Errorf("%w: DEM blob: %d bytes, shorter than its header", raster.ErrFormat, len(blob))
	}
	if blob[0] != DEMCodecVersion {
		return nil, fmt.Errorf("%w: DEM blob: version %d, want %d", raster.ErrFormat, blob[0], DEMCodecVersion)
	}
	kind := blob[1]
	var size int
	switch kind {
	case demInt16:
		size = 2
	case demFloat32:
		size = 4
	default:
		return nil, fmt.Errorf("%w: DEM blob: unknown sample encoding %d", raster.ErrFormat, kind)
	}
	w64 := uint64(binary.LittleEndian.Uint32(blob[2:]))
	h64 := uint64(binary.LittleEndian.Uint32(blob[6:]))
	if w64 != uint64(max(info.Width, 0)) || h64 != uint64(max(info.Height, 0)) {
		return nil, fmt.Errorf("%w: DEM blob is %d×%d, its record says %d×%d", raster.ErrFormat, w64, h64, info.Width, info.Height)
	}
	w, h := int(w64), int(h64)
	if err := checkDEMSize(w, h); err != nil {
		return nil, fmt.Errorf("%w: DEM blob: %v", raster.ErrFormat, err)
	}
	want := w * h * size
	body := blob[demHeaderLen:]
	if want/maxDeflateRatio > len(body) {
		return nil, fmt.Errorf("%w: DEM blob: %d compressed bytes cannot hold %d×%d samples", raster.ErrFormat, len(body), w, h)
	}
	zr, err := zlib.NewReader(bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("%w: DEM blob: %v", raster.ErrFormat, err)
	}
	var raw bytes.Buffer
	raw.Grow(min(want, len(body)*8) + bytes.MinRead)
	if _, err := io.Copy(&raw, io.LimitReader(zr, int64(want)+1)); err != nil {
		return nil, fmt.Errorf("%w: DEM blob: decompress: %v", raster.ErrFormat, err)
	}
	if raw.Len() != want {
		return nil, fmt.Errorf("%w: DEM blob: %d sample bytes, want %d", raster.ErrFormat, raw.Len(), want)
	}
	if err := zr.Close(); err != nil {
		return nil, fmt.Errorf("%w: DEM blob: %v", raster.ErrFormat, err)
	}
	g, err := raster.NewGrid(w, h, info.X0, info.Y0, info.DX, info.DY)
	if err != nil {
		return nil, fmt.Errorf("DEM %q: %w", info.Name, err)
	}
	g.EPSG = info.EPSG
	if kind == demInt16 {
		fromInt16Planes(w, raw.Bytes(), g.Data)
	} else {
		fromFloat32Planes(raw.Bytes(), g.Data)
	}
	return g, nil
}

// checkDEMSize rejects non-positive dimensions and grids over raster.MaxCells.
func checkDEMSize(w, h int) error {
	if w <= 0 || h <= 0 {
		return fmt.Errorf("size %d×%d is not positive", w, h)
	}
	if w > raster.MaxCells/h {
		return fmt.Errorf("size %d×%d exceeds %d cells", w, h, raster.MaxCells)
	}
	return nil
}

// integral16 reports whether every sample is NaN or an integer in
// [-32767, 32767] other than negative zero, so the int16 encoding keeps
// it bit for bit (NaN payloads aside).
func integral16(d []float32) bool {
	for _, v := range d {
		if v != v {
			continue
		}
		if v < -32767 || v > 32767 || v != float32(int16(v)) || (v == 0 && math.Signbit(float64(v))) {
			return false
		}
	}
	return true
}

// int16Planes returns the delta-coded int16 samples as two byte planes.
func int16Planes(w int, d []float32) []byte {
	n := len(d)
	out := make([]byte, 2*n)
	var rowStart uint16 // first sample of the previous row
	var prev uint16
	for i, v := range d {
		var void int16 = demVoid
		s := uint16(void)
		if v == v {
			s = uint16(int16(v))
		}
		if i%w == 0 {
			prev, rowStart = rowStart, s
		}
		delta := s - prev
		prev = s
		out[i], out[n+i] = byte(delta), byte(delta>>8)
	}
	return out
}

// fromInt16Planes undoes int16Planes into d.
func fromInt16Planes(w int, raw []byte, d []float32) {
	n := len(d)
	nan := float32(math.NaN())
	var rowStart, prev uint16
	for i := range d {
		if i%w == 0 {
			prev = rowStart
		}
		s := prev + (uint16(raw[i]) | uint16(raw[n+i])<<8)
		if i%w == 0 {
			rowStart = s
		}
		prev = s
		if int16(s) == demVoid {
			d[i] = nan
		} else {
			d[i] = float32(int16(s))
		}
	}
}

// float32Planes returns the samples' bits as four byte planes.
func float32Planes(d []float32) []byte {
	n := len(d)
	out := make([]byte, 4*n)
	for i, v := range d {
		b := math.Float32bits(v)
		out[i], out[n+i], out[2*n+i], out[3*n+i] = byte(b), byte(b>>8), byte(b>>16), byte(b>>24)
	}
	return out
}

// fromFloat32Planes undoes float32Planes into d.
func fromFloat32Planes(raw []byte, d []float32) {
	n := len(d)
	for i := range d {
		b := uint32(raw[i]) | uint32(raw[n+i])<<8 | uint32(raw[2*n+i])<<16 | uint32(raw[3*n+i])<<24
		d[i] = math.Float32frombits(b)
	}
}
