package raster_test

import (
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/zonegate/zonegate/geo/raster"
)

// seed returns the property tests' seed: $SEED if set, else a fixed one.
// It is logged so a failure can be replayed.
func seed(t *testing.T) uint64 {
	t.Helper()
	s := uint64(20261128)
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

// bruteDistance is the oracle: the minimum over all true cells.
func bruteDistance(mask []bool, w, h int, cx, cy float64) []float64 {
	out := make([]float64, w*h)
	for i := range out {
		best := math.Inf(1)
		for j, m := range mask {
			if m {
				dx, dy := cx*float64(i%w-j%w), cy*float64(i/w-j/w)
				best = min(best, dx*dx+dy*dy)
			}
		}
		out[i] = math.Sqrt(best)
	}
	return out
}

func TestDistanceTransformMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(seed(t), 1))
	for trial := range 300 {
		w, h := 1+rng.IntN(40), 1+rng.IntN(30)
		cx, cy := 1.0, 1.0
		if trial%2 == 1 { // anisotropic
			cx, cy = 0.1+rng.Float64()*50, 0.1+rng.Float64()*50
		}
		density := []float64{0, 0.002, 0.02, 0.2, 0.9}[trial%5]
		mask := make([]bool, w*h)
		for i := range mask {
			mask[i] = rng.Float64() < density
		}
		got := raster.DistanceTransform(mask, w, h, cx, cy)
		want := bruteDistance(mask, w, h, cx, cy)
		for i := range want {
			g, wv := float64(got[i]), want[i]
			if g != wv && math.Abs(g-wv) > 1e-6*wv {
				t.Fatalf("trial %d (%d×%d, cells %g×%g): cell (%d, %d) = %v, want %v",
					trial, w, h, cx, cy, i%w, i/w, g, wv)
			}
		}
	}
}

func TestDistanceTransformTable(t *testing.T) {
	// One true cell at (1, 0) of a 4×2 grid with 3 m × 4 m cells.
	mask := []bool{false, true, false, false, false, false, false, false}
	got := raster.DistanceTransform(mask, 4, 2, 3, 4)
	want := []float32{3, 0, 3, 6, 5, 4, 5, float32(math.Sqrt(36 + 16))}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("cell %d = %v, want %v", i, got[i], want[i])
		}
	}
	for name, args := range map[string]struct {
		mask   []bool
		w, h   int
		cx, cy float64
	}{
		"short_mask": {mask[:7], 4, 2, 1, 1},
		"zero_cell":  {mask, 4, 2, 0, 1},
		"nan_cell":   {mask, 4, 2, 1, math.NaN()},
		"zero_width": {nil, 0, 2, 1, 1},
	} {
		if d := raster.DistanceTransform(args.mask, args.w, args.h, args.cx, args.cy); d != nil {
			t.Errorf("%s: got %d values, want nil", name, len(d))
		}
	}
}

// randomPolygon returns a star-shaped polygon with a hole around (cx, cy),
// vertices off the cell-centre lattice.
func randomPolygon(rng *rand.Rand, cx, cy, r float64) orb.Polygon {
	ring := func(scale float64, reverse bool) orb.Ring {
		n := 5 + rng.IntN(12)
		out := make(orb.Ring, 0, n+1)
		for i := range n {
			a := 2 * math.Pi * float64(i) / float64(n)
			if reverse {
				a = -a
			}
			rr := scale * r * (0.4 + 0.6*rng.Float64())
			out = append(out, orb.Point{cx + rr*math.Cos(a) + 1e-7, cy + rr*math.Sin(a) + 1e-7})
		}
		return append(out, out[0])
	}
	p := orb.Polygon{ring(1, false)}
	if rng.IntN(2) == 0 {
		p = append(p, ring(0.3, true))
	}
	return p
}

func TestRasterizeMatchesPointInPolygon(t *testing.T) {
	rng := rand.New(rand.NewPCG(seed(t), 2))
	const w, h, cell = 60, 45, 10.0
	origin := orb.Point{500000.3, 4000000.7} // centre of cell (0, 0)
	for trial := range 50 {
		var polys []orb.MultiPolygon
		for range 1 + rng.IntN(3) {
			var mp orb.MultiPolygon
			for range 1 + rng.IntN(2) {
				cx := origin[0] + rng.Float64()*w*cell
				cy := origin[1] - rng.Float64()*h*cell
				mp = append(mp, randomPolygon(rng, cx, cy, 50+rng.Float64()*200))
			}
			polys = append(polys, mp)
		}
		mask := raster.Rasterize(polys, w, h, origin, cell)
		for r := range h {
			for c := range w {
				p := orb.Point{origin[0] + float64(c)*cell, origin[1] - float64(r)*cell}
				want := false
				for _, mp := range polys {
					want = want || planar.MultiPolygonContains(mp, p)
				}
				if mask[r*w+c] != want {
					t.Fatalf("trial %d: cell (%d, %d) at %v = %v, want %v", trial, c, r, p, mask[r*w+c], want)
				}
			}
		}
	}
}

func TestRasterizeSquareWithHole(t *testing.T) {
	// 6×6 unit cells, cell (0,0) centred at (0.5, 5.5); a 4×4 square from
	// (1,1) to (5,5) with a hole (2,2)–(3,3) covers cells whose centre is
	// strictly inside: columns 1..4, rows 1..4, minus the hole's one cell
	// (2.5, 2.5) = column 2, row 3.
	sq := orb.Polygon{
		{{1, 1}, {5, 1}, {5, 5}, {1, 5}, {1, 1}},
		{{2, 2}, {2, 3}, {3, 3}, {3, 2}, {2, 2}},
	}
	mask := raster.Rasterize([]orb.MultiPolygon{{sq}}, 6, 6, orb.Point{0.5, 5.5}, 1)
	want := "" +
		"......" +
		".####." +
		".####." +
		".#.##." +
		".####." +
		"......"
	got := make([]byte, len(mask))
	for i, m := range mask {
		got[i] = '.'
		if m {
			got[i] = '#'
		}
	}
	if string(got) != want {
		t.Fatalf("mask\n%s\nwant\n%s", got, want)
	}
	if raster.Rasterize(nil, 0, 3, orb.Point{}, 1) != nil || raster.Rasterize(nil, 3, 3, orb.Point{}, 0) != nil {
		t.Error("bad dimensions should give nil")
	}
}
