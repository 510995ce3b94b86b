package synth_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/zonegate/zonegate/geo/synth"
)

// TestStarsDeterministic: the same parameters give the same polygons bit
// for bit, closed rings, vertex counts in range and windings as asked.
func TestStarsDeterministic(t *testing.T) {
	t.Parallel()
	s := synth.Heavy
	s.N = 50
	a, b := s.Polygons(), s.Polygons()
	for i := range a {
		ra, rb := a[i][0], b[i][0]
		if len(ra) != len(rb) {
			t.Fatalf("star %d: %d and %d vertices", i, len(ra), len(rb))
		}
		for k := range ra {
			if ra[k] != rb[k] {
				t.Fatalf("star %d vertex %d: %v and %v", i, k, ra[k], rb[k])
			}
		}
		if n := len(ra) - 1; n < s.MinVertices || n > s.MaxVertices || ra[0] != ra[n] {
			t.Fatalf("star %d: %d vertices, closed %v", i, n, ra[0] == ra[n])
		}
		if cw := planar.Area(ra) < 0; cw != (i%2 == 0) {
			t.Errorf("star %d: clockwise %v", i, cw)
		}
	}
}

// TestStarsMatchTheirFormerGenerators pins both presets to the code they
// replace (geo/index's heavyZones and the harness's heavyStars), so the
// benchmark sets did not change when they moved here.
func TestStarsMatchTheirFormerGenerators(t *testing.T) {
	t.Parallel()
	h := synth.Heavy
	h.N = 20
	rng := rand.New(rand.NewPCG(1, 2))
	for i, p := range h.Polygons() {
		c := orb.Point{111 + rng.Float64(), 35.5 + rng.Float64()}
		n := 200 + rng.IntN(1801)
		want := make(orb.Ring, 0, n+1)
		for k := range n {
			a := 2 * math.Pi * float64(k) / float64(n)
			rad := 0.0194 + rng.Float64()*(0.0398-0.0194)
			want = append(want, orb.Point{c[0] + rad*math.Cos(a), c[1] + rad*math.Sin(a)})
		}
		want = append(want, want[0])
		if i%2 == 0 {
			want.Reverse()
		}
		if !p[0].Equal(want) {
			t.Fatalf("Heavy star %d differs from geo/index's former heavyZones", i)
		}
	}
	r := synth.RegularHeavy
	r.N = 20
	rng = rand.New(rand.NewPCG(16, 1))
	for i, p := range r.Polygons() {
		c := orb.Point{110.4 + 2.1*rng.Float64(), 35.4 + 1.5*rng.Float64()}
		want := make(orb.Ring, 0, 1101)
		for k := range 1100 {
			a := 2 * math.Pi * float64(k) / 1100
			rad := 0.09
			if k%2 == 1 {
				rad = 0.05
			}
			want = append(want, orb.Point{c[0] + rad*math.Cos(a), c[1] + rad*math.Sin(a)})
		}
		want = append(want, want[0])
		if !p[0].Equal(want) {
			t.Fatalf("RegularHeavy star %d differs from the harness's former heavyStars", i)
		}
	}
	ps := synth.Heavy.Points(10, 3, 4)
	rng = rand.New(rand.NewPCG(3, 4))
	for i, p := range ps {
		if want := (orb.Point{111 + rng.Float64(), 35.5 + rng.Float64()}); p != want {
			t.Fatalf("point %d: %v, want %v", i, p, want)
		}
	}
}
