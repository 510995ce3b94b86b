package contour_test

import (
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"

	"github.com/paulmach/orb"

	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/contour"
)

// Test grids sit at lon 110, lat 36 so outputs pass the lon/lat checks.
const (
	testX0 = 110.0
	testY0 = 36.0
)

// makeField samples fn(x, y) (world coordinates) on a w×h grid with spacing d.
func makeField(w, h int, d float64, fn func(x, y float64) float64) contour.Field {
	f := contour.Field{W: w, H: h, Values: make([]float32, w*h), X0: testX0, Y0: testY0, DX: d, DY: d}
	for r := 0; r < h && fn != nil; r++ {
		for c := 0; c < w; c++ {
			f.Values[r*w+c] = float32(fn(testX0+float64(c)*d, testY0-float64(r)*d))
		}
	}
	return f
}

// centre of the grid in world coordinates.
func centre(f contour.Field) orb.Point {
	return orb.Point{f.X0 + float64(f.W-1)*f.DX/2, f.Y0 - float64(f.H-1)*f.DY/2}
}

// mustValid fails unless mp passes geo validation and the orientation rule.
func mustValid(t testing.TB, mp orb.MultiPolygon) {
	t.Helper()
	mustValidCtx(t, "", mp)
}

// mustValidCtx is mustValid with a context prefix for messages.
func mustValidCtx(t testing.TB, ctx string, mp orb.MultiPolygon) {
	t.Helper()
	t.Helper()
	if len(mp) == 0 {
		return
	}
	if err := geo.ValidateGeometryWith(mp, geo.ClassPolygon, geo.ValidateOptions{MaxVertices: -1}); err != nil {
		t.Fatalf("%s: invalid output: %v", ctx, err)
	}
	for i, p := range mp {
		for k, r := range p {
			if len(r) < 4 || r[0] != r[len(r)-1] {
				t.Fatalf("%s: polygon %d ring %d: %d points, closed %v", ctx, i, k, len(r), r[0] == r[len(r)-1])
			}
			for j := 1; j < len(r); j++ {
				if r[j] == r[j-1] {
					t.Fatalf("%s: polygon %d ring %d: duplicate point %d", ctx, i, k, j)
				}
			}
			if o := r.Orientation(); (k == 0) != (o == orb.CCW) {
				t.Fatalf("%s: polygon %d ring %d: orientation %v", ctx, i, k, o)
			}
		}
	}
}

// seed returns the SEED env value or def, logging it.
func seed(t testing.TB, def uint64) uint64 {
	t.Helper()
	s := def
	if v := os.Getenv("SEED"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			t.Fatalf("SEED=%q: %v", v, err)
		}
		s = n
	}
	t.Logf("seed %d (override with SEED=...)", s)
	return s
}

// relErr is |got-want|/|want|.
func relErr(got, want float64) float64 { return math.Abs(got-want) / math.Abs(want) }

// bilinear interpolates f at world point p; NaN outside or in no-data.
func bilinear(f contour.Field, p orb.Point) float64 {
	x, y := (p[0]-f.X0)/f.DX, (f.Y0-p[1])/f.DY
	c, r := int(math.Floor(x)), int(math.Floor(y))
	if c < 0 || r < 0 || c >= f.W-1 || r >= f.H-1 {
		return math.NaN()
	}
	u, v := x-float64(c), y-float64(r)
	at := func(r, c int) float64 { return float64(f.Values[r*f.W+c]) }
	return (1-v)*((1-u)*at(r, c)+u*at(r, c+1)) + v*((1-u)*at(r+1, c)+u*at(r+1, c+1))
}

// randomField returns a w×h field of random integers in [0, span) (many
// ties with integer levels) with a fraction nan of NaN samples.
func randomField(rng *rand.Rand, w, h, span int, nan float64) contour.Field {
	f := contour.Field{W: w, H: h, Values: make([]float32, w*h), X0: testX0, Y0: testY0, DX: 0.01, DY: 0.01}
	for i := range f.Values {
		if rng.Float64() < nan {
			f.Values[i] = float32(math.NaN())
		} else {
			f.Values[i] = float32(rng.IntN(span))
		}
	}
	return f
}
