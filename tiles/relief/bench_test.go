package relief_test

import (
	"math"
	"testing"

	"github.com/paulmach/orb/maptile"

	"github.com/zonegate/zonegate/geo/analysis/terrain"
	"github.com/zonegate/zonegate/tiles/relief"
)

// benchRenderer is a renderer over a hilly 1°×1° 3″ DEM around Linfen.
func benchRenderer(b *testing.B) *relief.Renderer {
	b.Helper()
	dem := demOf(b, 111, 35.5, 112, 36.5, func(lon, lat float64) float64 {
		return 900 + 400*math.Sin(lon*40)*math.Cos(lat*33) + 150*math.Sin(lon*170+lat*90)
	})
	return relief.NewRenderer(terrain.DEMSet{{Name: "bench", Grid: dem}}, relief.Options{})
}

// BenchmarkHillshadeTile renders one z12 hillshade PNG.
func BenchmarkHillshadeTile(b *testing.B) {
	r := benchRenderer(b)
	tile := maptile.At(linfen, 12)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := r.Hillshade(tile); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkContourTile renders the z12 and z10 contour tiles over Linfen.
func BenchmarkContourTile(b *testing.B) {
	r := benchRenderer(b)
	for _, z := range []maptile.Zoom{10, 12} {
		tile := maptile.At(linfen, z)
		b.Run("z"+string(rune('0'+z/10))+string(rune('0'+z%10)), func(b *testing.B) {
			b.ReportAllocs()
			size := 0
			for b.Loop() {
				out, err := r.Contours(tile)
				if err != nil || len(out) == 0 {
					b.Fatalf("%d bytes, %v", len(out), err)
				}
				size = len(out)
			}
			b.ReportMetric(float64(size), "bytes/tile")
		})
	}
}
