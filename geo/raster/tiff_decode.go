package raster

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"io"
	"math"

	"golang.org/x/image/tiff/lzw"
)

// Compression and predictor codes this reader decodes.
const (
	compressionLZW         = 5
	compressionDeflate     = 8
	compressionDeflateOld  = 32946
	predictorNone          = 1
	predictorHorizontal    = 2
	predictorFloatingPoint = 3
)

// Decompression is bounded: no block may claim to expand by more than
// maxExpansion bytes per compressed byte (LZW with 12-bit codes cannot
// exceed ~2,700, deflate ~1,032) plus expansionSlack. This rejects
// "zip bomb" headers before anything is allocated.
const (
	maxExpansion   = 4096
	expansionSlack = 1 << 20
)

// DefaultMaxDecodedBytes bounds the memory ReadGeoTIFF decodes one file
// into: 256 MiB, a grid of 67 million float32 samples, which holds a 1″
// DEM of 2°×2° (7,200² samples) with room to spare.
const DefaultMaxDecodedBytes = 256 << 20

// DecodedSizeError reports a raster whose decoded samples would exceed the
// decoding limit. It wraps ErrFormat.
type DecodedSizeError struct {
	Width, Height int
	Bytes, Limit  int64
}

func (e *DecodedSizeError) Error() string {
	return fmt.Sprintf("tiff: %d×%d image decodes to %d bytes; the limit is %d bytes", e.Width, e.Height, e.Bytes, e.Limit)
}

// Unwrap makes a DecodedSizeError match ErrFormat.
func (e *DecodedSizeError) Unwrap() error { return ErrFormat }

// ReadGeoTIFF decodes a single-band GeoTIFF in geographic coordinates,
// with at most DefaultMaxDecodedBytes decoded (ReadGeoTIFFLimit).
//
// Supported: classic TIFF, either byte order; strips or tiles; compression
// none (1), LZW (5) and deflate (8, 32946), with predictor none (1),
// horizontal (2) or floating point (3); samples int8/uint8, int16/uint16,
// int32/uint32 (converted to float32; exact below 2^24) and float32/float64.
// Georeferencing comes from ModelPixelScale + ModelTiepoint or from a
// ModelTransformation without rotation; the GeoKeyDirectory must say
// geographic (GTModelTypeGeoKey = 2), and GTRasterTypeGeoKey decides
// whether the tiepoint names a cell corner (PixelIsArea, the default; X0/Y0
// are then moved half a cell inwards to the first cell's centre) or the
// sample itself (PixelIsPoint). GDAL_NODATA samples become NaN.
//
// Anything else — several bands, BigTIFF, JPEG, rotated or south-up
// images, projected or geocentric CRSs (the error names the EPSG code),
// more cells than MaxCells — is an error wrapping ErrFormat. Only the first
// image of the file is read.
func ReadGeoTIFF(data []byte) (*Grid, error) {
	return ReadGeoTIFFLimit(data, DefaultMaxDecodedBytes)
}

// ReadGeoTIFFLimit is ReadGeoTIFF refusing, with a *DecodedSizeError and
// before allocating anything for the samples, an image whose decoded grid
// (4 bytes per sample, 8 for float64 samples) would exceed maxBytes. A
// small compressed file that declares a huge raster (a "TIFF bomb") is
// refused with memory bounded by the file's size.
func ReadGeoTIFFLimit(data []byte, maxBytes int64) (*Grid, error) {
	ifd, err := parseTIFF(data)
	if err != nil {
		return nil, err
	}
	lay, err := readLayout(ifd, len(data))
	if err != nil {
		return nil, err
	}
	if n := int64(lay.width) * int64(lay.height) * int64(max(4, lay.bytes)); n > maxBytes {
		return nil, &DecodedSizeError{Width: lay.width, Height: lay.height, Bytes: n, Limit: maxBytes}
	}
	geo, err := readGeoref(ifd)
	if err != nil {
		return nil, err
	}
	x0, y0 := geo.x0, geo.y0
	if !geo.pixelIsPoint {
		x0 += geo.dx / 2
		y0 -= geo.dy / 2
	}
	if err := checkGeometry(lay.width, lay.height, x0, y0, geo.dx, geo.dy); err != nil {
		return nil, fmt.Errorf("tiff: %w", err)
	}
	nodata, hasNodata, err := ifd.nodata()
	if err != nil {
		return nil, err
	}
	g := &Grid{
		Width: lay.width, Height: lay.height, X0: x0, Y0: y0, DX: geo.dx, DY: geo.dy,
		EPSG: geo.epsg, Data: make([]float32, lay.width*lay.height),
	}
	if err := lay.decode(data, ifd.bo, g.Data); err != nil {
		return nil, err
	}
	if hasNodata {
		nd, nan := float32(nodata), float32(math.NaN())
		for i, v := range g.Data {
			if v == nd {
				g.Data[i] = nan
			}
		}
	}
	return g, nil
}

// tiffLayout describes how the samples are stored.
type tiffLayout struct {
	width, height    int
	bytes, format    int // bytes per sample; tiffSampleUint/Int/Float
	compression      int
	predictor        int
	blockW, blockH   int // tile size, or width × RowsPerStrip for strips
	tiled            bool
	offsets, lengths []uint64
}

// readLayout collects and validates the image-structure tags.
func readLayout(d *tiffIFD, fileSize int) (*tiffLayout, error) {
	var vals [8]uint64
	for i, t := range []struct {
		tag uint16
		def uint64
	}{{tagImageWidth, 0}, {tagImageLength, 0}, {tagBitsPerSample, 1}, {tagSampleFormat, tiffSampleUint},
		{tagSamplesPerPixel, 1}, {tagCompression, tiffCompressionNone}, {tagPredictor, predictorNone}, {tagRowsPerStrip, math.MaxUint32}} {
		v, err := d.uint(t.tag, t.def)
		if err != nil {
			return nil, err
		}
		vals[i] = v
	}
	w, h, bits, format, spp := vals[0], vals[1], vals[2], vals[3], vals[4]
	l := &tiffLayout{width: int(w), height: int(h), bytes: int(bits / 8), format: int(format),
		compression: int(vals[5]), predictor: int(vals[6])}
	if w == 0 || h == 0 || w > MaxCells || h > MaxCells || w*h > MaxCells {
		return nil, fmt.Errorf("%w: tiff: image size %d×%d is empty or exceeds %d cells", ErrFormat, w, h, MaxCells)
	}
	if spp != 1 {
		return nil, fmt.Errorf("%w: tiff: %d samples per pixel; only single-band images are supported", ErrFormat, spp)
	}
	if _, err := sampleDecoder(l.format, int(bits), binary.LittleEndian); err != nil {
		return nil, err
	}
	switch l.compression {
	case tiffCompressionNone, compressionLZW, compressionDeflate, compressionDeflateOld:
	default:
		return nil, fmt.Errorf("%w: tiff: compression %d is not supported (want 1 none, 5 LZW, 8 deflate)", ErrFormat, l.compression)
	}
	switch {
	case l.predictor == predictorNone, l.predictor == predictorHorizontal:
	case l.predictor == predictorFloatingPoint && l.format == tiffSampleFloat:
	default:
		return nil, fmt.Errorf("%w: tiff: predictor %d is not supported for sample format %d", ErrFormat, l.predictor, l.format)
	}
	if uint64(l.bytes)*w*h > maxExpansion*uint64(fileSize)+expansionSlack {
		return nil, fmt.Errorf("%w: tiff: %d×%d image cannot be held in a %d-byte file", ErrFormat, w, h, fileSize)
	}
	offTag, lenTag := uint16(tagStripOffsets), uint16(tagStripByteCounts)
	l.blockW, l.blockH = l.width, int(min(vals[7], h))
	if d.has(tagTileWidth) || d.has(tagTileOffsets) {
		l.tiled, offTag, lenTag = true, tagTileOffsets, tagTileByteCounts
		tw, err1 := d.uint(tagTileWidth, 0)
		th, err2 := d.uint(tagTileLength, 0)
		if err1 != nil || err2 != nil || tw == 0 || th == 0 || tw > 1<<16 || th > 1<<16 {
			return nil, fmt.Errorf("%w: tiff: bad tile size %d×%d", ErrFormat, tw, th)
		}
		l.blockW, l.blockH = int(tw), int(th)
	}
	if l.blockH == 0 {
		return nil, fmt.Errorf("%w: tiff: RowsPerStrip is 0", ErrFormat)
	}
	if uint64(l.blockW*l.blockH*l.bytes) > maxExpansion*uint64(fileSize)+expansionSlack {
		return nil, fmt.Errorf("%w: tiff: block %d×%d cannot be held in a %d-byte file", ErrFormat, l.blockW, l.blockH, fileSize)
	}
	var err error
	if l.offsets, err = d.uints(offTag); err != nil {
		return nil, err
	}
	if l.lengths, err = d.uints(lenTag); err != nil {
		return nil, err
	}
	across, down := (l.width+l.blockW-1)/l.blockW, (l.height+l.blockH-1)/l.blockH
	if len(l.offsets) != across*down || len(l.lengths) != across*down {
		return nil, fmt.Errorf("%w: tiff: %d offsets and %d byte counts for %d×%d blocks", ErrFormat, len(l.offsets), len(l.lengths), across, down)
	}
	return l, nil
}

// decode fills out (width·height samples) from every block.
func (l *tiffLayout) decode(data []byte, bo binary.ByteOrder, out []float32) error {
	conv, err := sampleDecoder(l.format, 8*l.bytes, bo)
	if err != nil {
		return err
	}
	across := (l.width + l.blockW - 1) / l.blockW
	rowBytes := l.blockW * l.bytes
	buf := make([]byte, rowBytes*l.blockH)
	var scratch []byte
	if l.predictor == predictorFloatingPoint {
		scratch = make([]byte, rowBytes)
	}
	for i := range l.offsets {
		bx, by := i%across, i/across
		rows := l.blockH
		if !l.tiled {
			rows = min(l.blockH, l.height-by*l.blockH)
		}
		off, n := l.offsets[i], l.lengths[i]
		if off > uint64(len(data)) || n > uint64(len(data))-off {
			return fmt.Errorf("%w: tiff: block %d (%d bytes at %d) outside the file", ErrFormat, i, n, off)
		}
		block := buf[:rows*rowBytes]
		if err := l.inflate(data[off:off+n], block); err != nil {
			return fmt.Errorf("tiff: block %d: %w", i, err)
		}
		for r := range rows {
			row := block[r*rowBytes : (r+1)*rowBytes]
			switch l.predictor {
			case predictorHorizontal:
				undoHorizontal(row, l.bytes, bo)
			case predictorFloatingPoint:
				undoFloatPredictor(row, scratch, l.bytes)
			}
			y := by*l.blockH + r
			if y >= l.height {
				break
			}
			x0 := bx * l.blockW
			cols := min(l.blockW, l.width-x0)
			dst := out[y*l.width+x0 : y*l.width+x0+cols]
			for c := range dst {
				dst[c] = conv(row[c*l.bytes:])
			}
		}
	}
	return nil
}

// inflate decompresses src into dst, which must be filled exactly (extra
// decompressed bytes are ignored, as libtiff does).
func (l *tiffLayout) inflate(src, dst []byte) error {
	var r io.Reader
	switch l.compression {
	case tiffCompressionNone:
		if len(src) < len(dst) {
			return fmt.Errorf("%w: %d bytes, want %d", ErrFormat, len(src), len(dst))
		}
		copy(dst, src)
		return nil
	case compressionLZW:
		lr := lzw.NewReader(bytes.NewReader(src), lzw.MSB, 8)
		defer lr.Close()
		r = lr
	default:
		zr, err := zlib.NewReader(bytes.NewReader(src))
		if err != nil {
			return fmt.Errorf("%w: deflate: %v", ErrFormat, err)
		}
		defer zr.Close()
		r = zr
	}
	if _, err := io.ReadFull(r, dst); err != nil {
		return fmt.Errorf("%w: decompress: %v", ErrFormat, err)
	}
	return nil
}
