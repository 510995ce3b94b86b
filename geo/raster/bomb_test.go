package raster_test

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/zonegate/zonegate/geo/raster"
)

// tiffBomb writes a little-endian GeoTIFF of side×side uint8 samples in
// one-row deflate strips that all point at the same compressed row of
// zeros: a small file that declares a huge raster.
func tiffBomb(side int) []byte {
	var row bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&row, zlib.BestCompression)
	zw.Write(make([]byte, side))
	zw.Close()

	type entry struct {
		tag, typ uint16
		vals     []uint32 // LONG or SHORT values
		doubles  []float64
	}
	strips := make([]uint32, side)
	counts := make([]uint32, side)
	entries := []entry{
		{256, 4, []uint32{uint32(side)}, nil}, {257, 4, []uint32{uint32(side)}, nil},
		{258, 3, []uint32{8}, nil}, {259, 3, []uint32{8}, nil},
		{273, 4, strips, nil}, {277, 3, []uint32{1}, nil}, {278, 4, []uint32{1}, nil}, {279, 4, counts, nil},
		{33550, 12, nil, []float64{1.0 / 3600, 1.0 / 3600, 0}},
		{33922, 12, nil, []float64{0, 0, 0, 111, 37, 0}},
		{34735, 3, []uint32{1, 1, 0, 2, 1024, 0, 1, 2, 2048, 0, 1, 4326}, nil},
	}
	// Layout: header, IFD, then every array, then the compressed row.
	const header = 8
	ifdSize := 2 + 12*len(entries) + 4
	off := uint32(header + ifdSize)
	var arrays bytes.Buffer
	offsets := make([]uint32, len(entries))
	for i, e := range entries {
		size := 8 * len(e.doubles)
		if e.doubles == nil {
			size = len(e.vals) * map[uint16]int{3: 2, 4: 4}[e.typ]
		}
		if size <= 4 {
			continue
		}
		offsets[i] = off + uint32(arrays.Len())
		arrays.Write(make([]byte, size))
	}
	rowOff := off + uint32(arrays.Len())
	for i := range strips {
		strips[i], counts[i] = rowOff, uint32(row.Len())
	}
	le := binary.LittleEndian
	var b bytes.Buffer
	b.WriteString("II")
	binary.Write(&b, le, uint16(42))
	binary.Write(&b, le, uint32(header))
	binary.Write(&b, le, uint16(len(entries)))
	arr := arrays.Bytes()
	for i, e := range entries {
		n := len(e.vals) + len(e.doubles)
		binary.Write(&b, le, e.tag)
		binary.Write(&b, le, e.typ)
		binary.Write(&b, le, uint32(n))
		var payload bytes.Buffer
		for _, v := range e.vals {
			if e.typ == 3 {
				binary.Write(&payload, le, uint16(v))
			} else {
				binary.Write(&payload, le, v)
			}
		}
		for _, v := range e.doubles {
			binary.Write(&payload, le, v)
		}
		if offsets[i] == 0 {
			var inline [4]byte
			copy(inline[:], payload.Bytes())
			b.Write(inline[:])
			continue
		}
		binary.Write(&b, le, offsets[i])
		copy(arr[offsets[i]-off:], payload.Bytes())
	}
	binary.Write(&b, le, uint32(0))
	b.Write(arr)
	b.Write(row.Bytes())
	return b.Bytes()
}

// allocated returns the bytes f allocates.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestReadGeoTIFFBomb: a 16,000² raster (1 GB as float32 samples) in a
// file of a few hundred KB is refused by the decoded-size limit, naming
// it, with allocations bounded by the file's size rather than the
// raster's.
func TestReadGeoTIFFBomb(t *testing.T) {
	data := tiffBomb(16000)
	if len(data) > 200_000 {
		t.Fatalf("bomb is %d bytes; want a small file", len(data))
	}
	var err error
	alloc := allocated(func() { _, err = raster.ReadGeoTIFF(data) })
	var sizeErr *raster.DecodedSizeError
	if !errors.As(err, &sizeErr) || !errors.Is(err, raster.ErrFormat) {
		t.Fatalf("err %v, want a DecodedSizeError wrapping ErrFormat", err)
	}
	const want = "tiff: 16000×16000 image decodes to 1024000000 bytes; the limit is 268435456 bytes"
	if err.Error() != want {
		t.Errorf("err %q\nwant %q", err, want)
	}
	// The IFD's 16,000 offsets and counts are parsed (≈ 0.5 MB as uint64s);
	// nothing proportional to the raster is allocated.
	if alloc > 2<<20 {
		t.Errorf("refusing the bomb allocated %d bytes, want < 2 MiB", alloc)
	}
	t.Logf("bomb: %d bytes, refused after %d bytes allocated", len(data), alloc)

	// Under a raised limit the same file decodes (all zeros), proving the
	// bomb is well-formed and the limit, not a format error, refused it.
	small := tiffBomb(2000)
	g, err := raster.ReadGeoTIFFLimit(small, 2000*2000*4)
	if err != nil || g.Width != 2000 || g.Height != 2000 || g.Data[len(g.Data)-1] != 0 {
		t.Fatalf("2000² bomb under its size: %v", err)
	}
	if _, err := raster.ReadGeoTIFFLimit(small, 2000*2000*4-1); !errors.As(err, &sizeErr) {
		t.Fatalf("one byte under: %v, want DecodedSizeError", err)
	}
}

// TestReadGeoTIFFBombFromGDAL: GDAL writes a deflate-tiled 16,000² Byte
// raster of zeros into a few hundred KB; it is refused the same way.
func TestReadGeoTIFFBombFromGDAL(t *testing.T) {
	requireGDAL(t)
	create, err := exec.LookPath("gdal_create")
	if err != nil {
		t.Skip("gdal_create not on PATH")
	}
	path := filepath.Join(t.TempDir(), "bomb.tif")
	out, err := exec.Command(create, "-q", "-of", "GTiff", "-outsize", "16000", "16000", "-ot", "Byte", "-burn", "0",
		"-co", "COMPRESS=DEFLATE", "-co", "TILED=YES", "-a_srs", "EPSG:4326", "-a_ullr", "111", "37", "115.4", "32.6", path).CombinedOutput()
	if err != nil {
		t.Fatalf("gdal_create: %v\n%s", err, out)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var rerr error
	alloc := allocated(func() { _, rerr = raster.ReadGeoTIFF(data) })
	var sizeErr *raster.DecodedSizeError
	if !errors.As(rerr, &sizeErr) || sizeErr.Bytes != 1024000000 {
		t.Fatalf("err %v, want a DecodedSizeError of 1,024,000,000 bytes", rerr)
	}
	if alloc > 2<<20 {
		t.Errorf("refusing GDAL's %d-byte bomb allocated %d bytes, want < 2 MiB", len(data), alloc)
	}
	t.Logf("GDAL bomb: %d bytes, refused after %d bytes allocated", len(data), alloc)
}
