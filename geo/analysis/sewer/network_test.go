package sewer_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/analysis/sewer"
)

// TestNearestMatchesBruteForce: the distance Check reports equals the
// minimum over points sampled every 0.25 m along every line (in the same
// plane) to within 0.5 m, for 500 random points, and names the line the
// sampled minimum lies on.
func TestNearestMatchesBruteForce(t *testing.T) {
	tm := gk37(t)
	rng := rand.New(rand.NewPCG(seed(t, 5), 0))
	var lines []sewer.Line
	for i := range 12 {
		pts := orb.LineString{}
		x, y := rng.Float64()*8000-4000, rng.Float64()*8000-4000
		for range 2 + rng.IntN(4) {
			pts = append(pts, lonlat(tm, x, y))
			x += rng.Float64()*1200 - 600
			y += rng.Float64()*1200 - 600
		}
		sys := sewer.SystemCombined
		if i%2 == 1 {
			sys = sewer.SystemSeparate
		}
		lines = append(lines, line(string(rune('a'+i)), sys, pts...))
	}
	net := sewer.NewNetwork(lines)
	// Dense samples in the plane.
	type sample struct {
		p    orb.Point
		line int
	}
	var samples []sample
	for i, l := range lines {
		ls := l.Geometry[0]
		for k := 1; k < len(ls); k++ {
			a, b := tm.Forward(ls[k-1]), tm.Forward(ls[k])
			n := int(math.Ceil(math.Hypot(b[0]-a[0], b[1]-a[1]) / 0.25))
			for j := 0; j <= n; j++ {
				f := float64(j) / float64(n)
				samples = append(samples, sample{orb.Point{a[0] + f*(b[0]-a[0]), a[1] + f*(b[1]-a[1])}, i})
			}
		}
	}
	for range 500 {
		dx, dy := rng.Float64()*12000-6000, rng.Float64()*12000-6000
		p := lonlat(tm, dx, dy)
		got, err := net.Check(p, 500)
		if err != nil {
			t.Fatal(err)
		}
		q := tm.Forward(p)
		best, bestLine := math.Inf(1), -1
		for _, s := range samples {
			if d := math.Hypot(s.p[0]-q[0], s.p[1]-q[1]); d < best {
				best, bestLine = d, s.line
			}
		}
		if math.Abs(got.DistanceM-best) > 0.5 || got.DistanceM > best+1e-6 {
			t.Fatalf("point (%g, %g): distance %.3f m, brute force %.3f m", dx, dy, got.DistanceM, best)
		}
		if got.Served != (got.DistanceM <= 500) {
			t.Errorf("served = %v at %.1f m", got.Served, got.DistanceM)
		}
		if got.Nearest == nil || (got.Nearest.ID != lines[bestLine].ID && math.Abs(got.DistanceM-best) > 0.3) {
			t.Errorf("point (%g, %g): nearest %+v, brute force line %s", dx, dy, got.Nearest, lines[bestLine].ID)
		}
	}
}

func TestCheckNamedCases(t *testing.T) {
	tm := gk37(t)
	net := sewer.NewNetwork([]sewer.Line{
		line("west", sewer.SystemCombined, lonlat(tm, -1000, 0), lonlat(tm, 0, 0)),
		line("north", sewer.SystemSeparate, lonlat(tm, 2000, 1000), lonlat(tm, 2000, 3000)),
	})
	cases := []struct {
		name   string
		dx, dy float64
		want   float64
		id     string
		served bool
	}{
		{"OnLine", -500, 0, 0, "west", true},
		{"BesideLine", -500, 300, 300, "west", true},
		{"BeyondEnd", 400, 300, 500, "west", true},
		{"JustOutside", -500, -500.5, 500.5, "west", false},
		{"NearNorthEnd", 2000, 3600, 600, "north", false},
		{"Abeam", 1700, 2000, 300, "north", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := net.Check(lonlat(tm, tc.dx, tc.dy), 500)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(got.DistanceM-tc.want) > 1e-3 || got.Served != tc.served || got.Nearest.ID != tc.id {
				t.Errorf("got %.4f m served=%v nearest %s, want %g m served=%v %s",
					got.DistanceM, got.Served, got.Nearest.ID, tc.want, tc.served, tc.id)
			}
			if got.Nearest.Geometry != nil {
				t.Error("nearest carries its geometry")
			}
		})
	}
}

func TestCheckRejectsBadInput(t *testing.T) {
	net := sewer.NewNetwork(nil)
	for name, tc := range map[string]struct {
		p orb.Point
		s float64
	}{
		"NaNLon":      {orb.Point{math.NaN(), 36}, 500},
		"LatTooLarge": {orb.Point{111, 91}, 500},
		"ZeroService": {orb.Point{111, 36}, 0},
		"InfService":  {orb.Point{111, 36}, math.Inf(1)},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := net.Check(tc.p, tc.s); !errors.Is(err, geo.ErrInvalid) {
				t.Errorf("err = %v, want geo.ErrInvalid", err)
			}
		})
	}
	t.Run("NoLines", func(t *testing.T) {
		got, err := net.Check(orb.Point{111, 36}, 500)
		if err != nil || got.Served || got.Nearest != nil || !math.IsInf(got.DistanceM, 1) {
			t.Errorf("got %+v, %v; want unserved at +Inf", got, err)
		}
	})
}
