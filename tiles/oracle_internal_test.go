package tiles

import (
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
	"github.com/paulmach/orb/planar"
	"github.com/paulmach/orb/simplify"
)

func testSeed(t *testing.T, def uint64) uint64 {
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

// randomRing returns a closed star-shaped ring of n vertices, possibly
// very spiky, around c.
func randomRing(rng *rand.Rand, c orb.Point, rmax float64, n int) orb.Ring {
	r := make(orb.Ring, 0, n+1)
	for k := range n {
		a := 2 * math.Pi * float64(k) / float64(n)
		rad := rmax * (0.05 + 0.95*rng.Float64())
		r = append(r, orb.Point{c[0] + rad*math.Cos(a), c[1] + rad*math.Sin(a)})
	}
	return append(r, r[0])
}

// clipRing must clip exactly like orb/clip.Ring: the same region, so the
// same area and the same vertices once boundary runs are ignored. Compared
// through the area and through containment of random probe points.
func TestClipRingMatchesOrb(t *testing.T) {
	rng := rand.New(rand.NewPCG(testSeed(t, 1), 7))
	box := orb.Bound{Min: orb.Point{0, 0}, Max: orb.Point{1, 1}}
	var tmp, dst []orb.Point
	for i := range 2000 {
		c := orb.Point{rng.Float64()*3 - 1, rng.Float64()*3 - 1}
		r := randomRing(rng, c, 0.1+rng.Float64()*1.5, 3+rng.IntN(60))
		want := clip.Ring(box, slices.Clone(r))
		got := clipRing(r, box, &tmp, &dst)
		wa, ga := 0.0, 0.0
		if len(want) >= 4 {
			wa = planar.Area(want)
		}
		if got != nil {
			ga = planar.Area(orb.Ring(got))
		}
		if math.Abs(wa-ga) > 1e-9 {
			t.Fatalf("ring %d: area %v, orb/clip gives %v\nring %v", i, ga, wa, r)
		}
		for range 20 {
			p := orb.Point{rng.Float64(), rng.Float64()}
			in := got != nil && planar.RingContains(orb.Ring(got), p)
			win := len(want) >= 4 && planar.RingContains(want, p)
			if in != win {
				t.Fatalf("ring %d: %v inside clipped = %v, orb/clip says %v", i, p, in, win)
			}
		}
		for _, p := range got {
			if !box.Contains(p) {
				t.Fatalf("ring %d: clipped vertex %v outside the box", i, p)
			}
		}
	}
}

// simplifier.simplify must keep exactly the points orb's Douglas–Peucker
// keeps.
func TestSimplifierMatchesOrb(t *testing.T) {
	rng := rand.New(rand.NewPCG(testSeed(t, 2), 7))
	var s simplifier
	for i := range 3000 {
		n := 2 + rng.IntN(200)
		ls := make(orb.LineString, n)
		for k := range ls {
			ls[k] = orb.Point{float64(k) + rng.NormFloat64()*3, rng.NormFloat64() * 5}
		}
		if rng.IntN(3) == 0 { // closed, as rings are
			ls[n-1] = ls[0]
		}
		tol := rng.Float64() * 6
		want := simplify.DouglasPeucker(tol).LineString(slices.Clone(ls))
		got := s.simplify(slices.Clone([]orb.Point(ls)), tol)
		if !slices.Equal([]orb.Point(want), got) {
			t.Fatalf("case %d (tol %v): got %d points, orb keeps %d\n%v\n%v", i, tol, len(got), len(want), got, want)
		}
	}
}

func TestTrimSeamAndPushVertex(t *testing.T) {
	cases := []struct {
		name string
		in   []orb.Point
		want orb.Ring
	}{
		{"square_closed", []orb.Point{{0, 0}, {0, 4}, {4, 4}, {4, 0}, {0, 0}}, orb.Ring{{0, 0}, {0, 4}, {4, 4}, {4, 0}}},
		{"duplicates", []orb.Point{{0, 0}, {0, 0}, {0, 4}, {4, 4}, {4, 4}, {4, 0}, {0, 0}}, orb.Ring{{0, 0}, {0, 4}, {4, 4}, {4, 0}}},
		{"spike_inside", []orb.Point{{0, 0}, {0, 4}, {2, 9}, {0, 4}, {4, 4}, {4, 0}, {0, 0}}, orb.Ring{{0, 0}, {0, 4}, {4, 4}, {4, 0}}},
		{"spike_at_start", []orb.Point{{9, 9}, {0, 0}, {0, 4}, {4, 4}, {4, 0}, {0, 0}, {9, 9}}, orb.Ring{{0, 0}, {0, 4}, {4, 4}, {4, 0}}},
		{"collapses", []orb.Point{{0, 0}, {1, 1}, {0, 0}}, orb.Ring{{0, 0}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var out orb.Ring
			for _, p := range tc.in {
				out = pushVertex(out, p)
			}
			out = trimSeam(out)
			if !slices.Equal(out, tc.want) {
				t.Errorf("got %v, want %v", out, tc.want)
			}
		})
	}
}
