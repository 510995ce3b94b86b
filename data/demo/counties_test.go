package demo_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/zonegate/zonegate/data/demo"
)

func TestOutlineIsValid(t *testing.T) {
	if err := checkPolygon(demo.Outline()); err != nil {
		t.Fatal(err)
	}
}

func countyPolygons(t *testing.T) []orb.Polygon {
	t.Helper()
	m := regionIndex(t)
	ps := make([]orb.Polygon, len(adcodes))
	for i, a := range adcodes {
		ps[i] = polygonOf(t, m, fmt.Sprintf("counties/%d", a))
	}
	return ps
}

// TestCountiesTessellateOutline: the county areas add up to the outline's
// and every sample point of a grid is in exactly one county if it is in the
// outline, else in none.
func TestCountiesTessellateOutline(t *testing.T) {
	counties := countyPolygons(t)
	outline := demo.Outline()
	sum := 0.0
	for _, c := range counties {
		sum += planar.Area(c)
	}
	whole := planar.Area(outline)
	rel := math.Abs(sum-whole) / whole
	t.Logf("county areas %.9f, outline %.9f, relative difference %.2g", sum, whole, rel)
	if rel > 1e-6 {
		t.Error("county areas do not add up to the outline's")
	}

	// A 240×180 grid with irrational offsets, so no sample sits exactly on
	// a border.
	b := outline.Bound()
	const nx, ny = 240, 180
	inside, bad := 0, 0
	bounds := make([]orb.Bound, len(counties))
	for k, c := range counties {
		bounds[k] = c.Bound()
	}
	for i := range nx {
		for j := range ny {
			p := orb.Point{
				b.Min[0] + (float64(i)+math.Sqrt2/2)/nx*(b.Max[0]-b.Min[0]),
				b.Min[1] + (float64(j)+math.Pi/7)/ny*(b.Max[1]-b.Min[1]),
			}
			want := 0
			if planar.PolygonContains(outline, p) {
				want = 1
				inside++
			}
			got := 0
			for k, c := range counties {
				if bounds[k].Contains(p) && planar.PolygonContains(c, p) {
					got++
				}
			}
			if got != want && bad < 10 {
				bad++
				t.Errorf("point %v is in %d counties, want %d", p, got, want)
			}
		}
	}
	if inside < nx*ny/2 {
		t.Errorf("only %d of %d samples inside the outline", inside, nx*ny)
	}
}

func TestCountyContainsItsSeat(t *testing.T) {
	counties := countyPolygons(t)
	// Real county-seat coordinates (尧都区: the city centre).
	seats := map[int]orb.Point{
		141002: {111.5186, 36.0880}, 141021: {111.475529, 35.641387}, 141022: {111.713508, 35.738621},
		141023: {111.442932, 35.876139}, 141024: {111.673692, 36.255742}, 141025: {111.920207, 36.26855},
		141026: {112.251372, 36.146032}, 141027: {111.850039, 35.971359}, 141028: {110.682853, 36.099355},
		141029: {110.857365, 35.975402}, 141030: {110.751283, 36.46383}, 141031: {110.935809, 36.692675},
		141032: {110.631276, 36.760614}, 141033: {111.09733, 36.411682}, 141034: {111.563021, 36.653368},
		141081: {111.371272, 35.620302}, 141082: {111.723103, 36.57202},
	}
	for i, a := range adcodes {
		for j, c := range counties {
			if got := planar.PolygonContains(c, seats[a]); got != (i == j) {
				t.Errorf("county %d contains seat of %d: %v", adcodes[j], a, got)
			}
		}
	}
}
