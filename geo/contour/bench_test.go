package contour_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/zonegate/zonegate/geo/contour"
)

// demTile is a 3601×3601 DEM-like surface (1″ spacing): a basin at
// ~450 m between a few gaussian mountains and cones, plus noise.
func demTile(tb testing.TB) contour.Field {
	tb.Helper()
	const n = 3601
	rng := rand.New(rand.NewPCG(1, 2))
	type hill struct{ x, y, h, s float64 }
	hills := []hill{{0.2, 0.2, 1200, 0.15}, {0.8, 0.3, 900, 0.1}, {0.5, 0.85, 1400, 0.2}, {0.9, 0.9, 700, 0.05}}
	f := contour.Field{W: n, H: n, Values: make([]float32, n*n), X0: 111, Y0: 37, DX: 1.0 / 3600, DY: 1.0 / 3600}
	for r := 0; r < n; r++ {
		y := float64(r) / (n - 1)
		for c := 0; c < n; c++ {
			x := float64(c) / (n - 1)
			z := 450 + 30*math.Sin(x*25)*math.Cos(y*19)
			for _, h := range hills {
				d2 := (x-h.x)*(x-h.x) + (y-h.y)*(y-h.y)
				z += h.h * math.Exp(-d2/(2*h.s*h.s))
			}
			z += 400 * math.Max(0, 0.3-math.Hypot(x-0.6, y-0.55)) // a cone
			f.Values[r*n+c] = float32(math.Round(z + 4*rng.NormFloat64()))
		}
	}
	return f
}

// BenchmarkBelow600 traces the area below 600 m of one 3601×3601 tile.
func BenchmarkBelow600(b *testing.B) {
	f := demTile(b)
	b.ReportAllocs()
	b.ResetTimer()
	var rings, verts int
	for b.Loop() {
		mp, err := contour.Below(f, 600, contour.Options{})
		if err != nil {
			b.Fatal(err)
		}
		rings, verts = 0, 0
		for _, p := range mp {
			rings += len(p)
			for _, r := range p {
				verts += len(r)
			}
		}
	}
	b.ReportMetric(float64(rings), "rings")
	b.ReportMetric(float64(verts), "vertices")
}

// BenchmarkIsolines600 traces the 600 m isolines of the same tile.
func BenchmarkIsolines600(b *testing.B) {
	f := demTile(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if len(contour.Isolines(f, 600)) == 0 {
			b.Fatal("no isolines")
		}
	}
}
