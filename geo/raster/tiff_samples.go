package raster

import (
	"encoding/binary"
	"fmt"
	"math"
)

// sampleDecoder returns a function converting one sample at the start of
// a byte slice to float32.
func sampleDecoder(format, bits int, bo binary.ByteOrder) (func([]byte) float32, error) {
	switch {
	case format == tiffSampleUint && bits == 8:
		return func(b []byte) float32 { return float32(b[0]) }, nil
	case format == tiffSampleInt && bits == 8:
		return func(b []byte) float32 { return float32(int8(b[0])) }, nil
	case format == tiffSampleUint && bits == 16:
		return func(b []byte) float32 { return float32(bo.Uint16(b)) }, nil
	case format == tiffSampleInt && bits == 16:
		return func(b []byte) float32 { return float32(int16(bo.Uint16(b))) }, nil
	case format == tiffSampleUint && bits == 32:
		return func(b []byte) float32 { return float32(bo.Uint32(b)) }, nil
	case format == tiffSampleInt && bits == 32:
		return func(b []byte) float32 { return float32(int32(bo.Uint32(b))) }, nil
	case format == tiffSampleFloat && bits == 32:
		return func(b []byte) float32 { return math.Float32frombits(bo.Uint32(b)) }, nil
	case format == tiffSampleFloat && bits == 64:
		return func(b []byte) float32 { return float32(math.Float64frombits(bo.Uint64(b))) }, nil
	}
	return nil, fmt.Errorf("%w: tiff: sample format %d with %d bits is not supported (want int/uint 8, 16, 32 or float 32, 64)", ErrFormat, format, bits)
}

// undoHorizontal reverses TIFF predictor 2 on one row: each sample was
// stored as the difference to its left neighbour, modulo 2^bits.
func undoHorizontal(row []byte, size int, bo binary.ByteOrder) {
	switch size {
	case 1:
		for i := 1; i < len(row); i++ {
			row[i] += row[i-1]
		}
	case 2:
		for i := 2; i+2 <= len(row); i += 2 {
			bo.PutUint16(row[i:], bo.Uint16(row[i:])+bo.Uint16(row[i-2:]))
		}
	case 4:
		for i := 4; i+4 <= len(row); i += 4 {
			bo.PutUint32(row[i:], bo.Uint32(row[i:])+bo.Uint32(row[i-4:]))
		}
	case 8:
		for i := 8; i+8 <= len(row); i += 8 {
			bo.PutUint64(row[i:], bo.Uint64(row[i:])+bo.Uint64(row[i-8:]))
		}
	}
}

// undoFloatPredictor reverses TIFF predictor 3 (Adobe's floating-point
// predictor) on one row of n samples of size bytes: the row was stored as
// byte-wise differenced byte planes. libtiff, which writes nearly every
// such file on a little-endian host, orders the planes so that the sample
// byte at offset j (in the file's byte order) comes from plane size−1−j,
// whatever the file's byte order; GDAL reads them back the same way, and
// so do we.
func undoFloatPredictor(row, scratch []byte, size int) {
	for i := 1; i < len(row); i++ {
		row[i] += row[i-1]
	}
	n := len(row) / size
	copy(scratch, row)
	for i := range n {
		for j := range size {
			row[i*size+j] = scratch[(size-1-j)*n+i]
		}
	}
}
