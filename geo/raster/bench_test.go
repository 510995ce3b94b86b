package raster_test

import (
	"math/rand/v2"
	"testing"

	"github.com/zonegate/zonegate/geo/raster"
)

// BenchmarkReadHGT1 decodes a 1″ tile (3601², 25.9 MB); MB/s is of input.
func BenchmarkReadHGT1(b *testing.B) {
	data := synthHGT(3601)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := raster.ReadHGT("N36E111.hgt", data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDistanceTransform4000 runs the exact transform on 4,000² cells
// with ~200 random blobs set; MB/s counts one byte per cell.
func BenchmarkDistanceTransform4000(b *testing.B) {
	const n = 4000
	mask := make([]bool, n*n)
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		c, r := rng.IntN(n-50), rng.IntN(n-50)
		for dr := range 40 {
			for dc := range 40 {
				mask[(r+dr)*n+c+dc] = true
			}
		}
	}
	b.SetBytes(n * n)
	b.ReportAllocs()
	for b.Loop() {
		if d := raster.DistanceTransform(mask, n, n, 30, 30); d == nil {
			b.Fatal("nil")
		}
	}
}

// BenchmarkReadGeoTIFFLZW decodes the committed LZW fixture.
func BenchmarkReadGeoTIFFLZW(b *testing.B) {
	data := readFixture(b, "int16_lzw_pred2_tiled.tif")
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := raster.ReadGeoTIFF(data); err != nil {
			b.Fatal(err)
		}
	}
}
