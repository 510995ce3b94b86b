package contour_test

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/zonegate/zonegate/geo/contour"
)

// TestCone checks the circle z = h - k·r: the isoline at L is a circle of
// radius (h-L)/k and the filled areas match πr² and its complement.
func TestCone(t *testing.T) {
	const d = 0.001 // 401×401 samples over 0.4°
	cases := []struct {
		name       string
		h, k, lvl  float64
		wantRadius float64
	}{
		{"level 600 radius 0.1", 1000, 4000, 600, 0.1},
		{"level 200 radius 0.16", 1000, 5000, 200, 0.16},
		{"small radius 0.02", 1000, 5000, 900, 0.02},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := makeField(401, 401, d, nil)
			c := centre(f)
			f = makeField(401, 401, d, func(x, y float64) float64 { return tc.h - tc.k*math.Hypot(x-c[0], y-c[1]) })
			above, err := contour.Above(f, tc.lvl, contour.Options{})
			if err != nil {
				t.Fatal(err)
			}
			below, err := contour.Below(f, tc.lvl, contour.Options{})
			if err != nil {
				t.Fatal(err)
			}
			mustValid(t, above)
			mustValid(t, below)
			circle := math.Pi * tc.wantRadius * tc.wantRadius
			grid := 0.4 * 0.4
			if len(above) != 1 || len(above[0]) != 1 {
				t.Fatalf("above: %d polygons, want one without holes", len(above))
			}
			if len(below) != 1 || len(below[0]) != 2 {
				t.Fatalf("below: want one polygon with one hole, got %d polygons", len(below))
			}
			if e := relErr(planar.Area(above), circle); e > 0.005 {
				t.Errorf("above area %g, want %g (rel err %.4f)", planar.Area(above), circle, e)
			}
			if e := relErr(planar.Area(below), grid-circle); e > 0.005 {
				t.Errorf("below area %g, want %g (rel err %.4f)", planar.Area(below), grid-circle, e)
			}
			lines := contour.Isolines(f, tc.lvl)
			if len(lines) != 1 || lines[0][0] != lines[0][len(lines[0])-1] {
				t.Fatalf("isolines: %d, want one closed ring", len(lines))
			}
			for _, p := range lines[0] {
				if r := math.Hypot(p[0]-c[0], p[1]-c[1]); math.Abs(r-tc.wantRadius) > d/10 {
					t.Fatalf("isoline vertex %v at radius %g, want %g", p, r, tc.wantRadius)
				}
			}
		})
	}
}

// TestParaboloid: z = a·r² is below L inside the circle of radius √(L/a).
func TestParaboloid(t *testing.T) {
	f := makeField(301, 301, 0.001, nil)
	c := centre(f)
	f = makeField(301, 301, 0.001, func(x, y float64) float64 {
		dx, dy := x-c[0], y-c[1]
		return 1e5 * (dx*dx + dy*dy)
	})
	var last [2]int
	calls := 0
	below, err := contour.Below(f, 900, contour.Options{Progress: func(done, total int) { last = [2]int{done, total}; calls++ }})
	if err != nil {
		t.Fatal(err)
	}
	mustValid(t, below)
	if last != [2]int{300, 300} || calls != 2 {
		t.Errorf("progress: %d calls ending %v, want 2 ending [300 300]", calls, last)
	}
	want := math.Pi * 900 / 1e5
	if len(below) != 1 || relErr(planar.Area(below), want) > 0.005 {
		t.Fatalf("below: %d polygons, area %g, want 1 of %g", len(below), planar.Area(below), want)
	}
}

// TestTwoCones: two separate peaks give two shells above and one polygon
// with two holes below.
func TestTwoCones(t *testing.T) {
	f := makeField(401, 201, 0.001, nil)
	p1 := orb.Point{testX0 + 0.1, testY0 - 0.1}
	p2 := orb.Point{testX0 + 0.3, testY0 - 0.1}
	f = makeField(401, 201, 0.001, func(x, y float64) float64 {
		return 1000 - 5000*math.Min(math.Hypot(x-p1[0], y-p1[1]), math.Hypot(x-p2[0], y-p2[1]))
	})
	above, err := contour.Above(f, 750, contour.Options{})
	if err != nil {
		t.Fatal(err)
	}
	below, err := contour.Below(f, 750, contour.Options{})
	if err != nil {
		t.Fatal(err)
	}
	mustValid(t, above)
	mustValid(t, below)
	if len(above) != 2 || len(below) != 1 || len(below[0]) != 3 {
		t.Fatalf("got %d above, %d below with %d rings; want 2, 1 with 3", len(above), len(below), len(below[0]))
	}
	want := 2 * math.Pi * 0.05 * 0.05
	if e := relErr(planar.Area(above), want); e > 0.005 {
		t.Errorf("above area %g, want %g", planar.Area(above), want)
	}
	if got := len(contour.Isolines(f, 750)); got != 2 {
		t.Errorf("isolines %d, want 2", got)
	}
}

// TestRidgeAnnulus: a ring-shaped ridge z = h - k·|r - R| is above L on an
// annulus: one polygon with one hole; below is the inner disc plus the
// outside with a hole (island in a lake in an island).
func TestRidgeAnnulus(t *testing.T) {
	f := makeField(401, 401, 0.001, nil)
	c := centre(f)
	f = makeField(401, 401, 0.001, func(x, y float64) float64 {
		return 1000 - 10000*math.Abs(math.Hypot(x-c[0], y-c[1])-0.1)
	})
	above, err := contour.Above(f, 500, contour.Options{})
	if err != nil {
		t.Fatal(err)
	}
	below, err := contour.Below(f, 500, contour.Options{})
	if err != nil {
		t.Fatal(err)
	}
	mustValid(t, above)
	mustValid(t, below)
	// |r - 0.1| < 0.05: annulus between radii 0.05 and 0.15.
	want := math.Pi * (0.15*0.15 - 0.05*0.05)
	if len(above) != 1 || len(above[0]) != 2 {
		t.Fatalf("above: want 1 polygon with a hole, got %d polygons", len(above))
	}
	if e := relErr(planar.Area(above), want); e > 0.005 {
		t.Errorf("annulus area %g, want %g", planar.Area(above), want)
	}
	if len(below) != 2 {
		t.Fatalf("below: %d polygons, want 2 (outside with hole, inner disc)", len(below))
	}
	if !planar.MultiPolygonContains(below, c) || planar.MultiPolygonContains(above, c) {
		t.Errorf("centre must be below and not above")
	}
}
