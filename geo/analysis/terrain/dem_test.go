package terrain_test

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo/analysis/terrain"
)

// plane returns z(lon, lat) of a plane through 1000 m at (lon0, lat0)
// whose ground falls at slopeDeg towards the compass bearing facing
// (degrees clockwise from north), in metres on the ellipsoid at lat0.
func plane(lon0, lat0, slopeDeg, facing float64) func(orb.Point) float64 {
	mLon, mLat := terrain.MetresPerDegree(lat0)
	k := math.Tan(slopeDeg * math.Pi / 180)
	fe, fn := math.Sin(facing*math.Pi/180), math.Cos(facing*math.Pi/180)
	return func(p orb.Point) float64 {
		e, n := (p[0]-lon0)*mLon, (p[1]-lat0)*mLat
		return 1000 - k*(fe*e+fn*n)
	}
}

func TestSlopeAndAspectOnPlanes(t *testing.T) {
	const lon0, lat0 = 111.5, 36.1
	tests := []struct {
		name          string
		slope, facing float64
		at            orb.Point
	}{
		{"10° facing east", 10, 90, orb.Point{lon0, lat0}},
		{"30° facing north-west", 30, 315, orb.Point{lon0, lat0}},
		{"45° facing south", 45, 180, orb.Point{lon0, lat0}},
		{"5° facing north", 5, 0, orb.Point{lon0, lat0}},
		{"20° facing south-west, between samples", 20, 225, orb.Point{lon0 + 0.0004, lat0 - 0.0007}},
		{"30° facing east, on the grid's west edge", 30, 90, orb.Point{111.45, lat0}},
		{"30° facing east, on the north-east corner", 30, 90, orb.Point{111.55, 36.15}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := gridOf(t, 111.45, 36.05, 111.55, 36.15, plane(lon0, lat0, tc.slope, tc.facing))
			set := terrain.DEMSet{{Name: "plane", Grid: g}}
			// The metre length of a degree changes with latitude, so a plane
			// off lat0 has a slightly different slope; 0.05° covers 0.05°N.
			s, ok := set.Slope(tc.at[0], tc.at[1])
			if !ok || math.Abs(s-tc.slope) > 0.05 {
				t.Errorf("Slope = %.4f°, %v; want %g°", s, ok, tc.slope)
			}
			a, ok := set.Aspect(tc.at[0], tc.at[1])
			d := math.Mod(a-tc.facing+540, 360) - 180
			if !ok || math.Abs(d) > 0.05 {
				t.Errorf("Aspect = %.4f°, %v; want %g°", a, ok, tc.facing)
			}
		})
	}
}

func TestFlatGround(t *testing.T) {
	g := gridOf(t, 111.45, 36.05, 111.55, 36.15, func(orb.Point) float64 { return 450 })
	set := terrain.DEMSet{{Name: "flat", Grid: g}}
	if s, ok := set.Slope(111.5, 36.1); !ok || s != 0 {
		t.Errorf("Slope = %g, %v; want 0, true", s, ok)
	}
	if a, ok := set.Aspect(111.5, 36.1); ok {
		t.Errorf("Aspect = %g, true; want no direction on flat ground", a)
	}
}

func TestDEMSetSample(t *testing.T) {
	// a covers [111.0, 111.2]², z = 100 + 1000·(lon − 111), one void sample
	// at 111.1°E 36.1°N; b covers [111.1, 111.3]×[36.0, 36.2] at 777 m.
	a := gridOf(t, 111.0, 36.0, 111.2, 36.2, func(p orb.Point) float64 { return 100 + 1000*(p[0]-111) })
	c, r := 120, 120
	a.Data[r*a.Width+c] = float32(math.NaN())
	b := gridOf(t, 111.1, 36.0, 111.3, 36.2, func(orb.Point) float64 { return 777 })
	set := terrain.DEMSet{{Name: "a", Grid: a}, {Name: "b", Grid: b}}
	tests := []struct {
		name     string
		lon, lat float64
		want     float64
		dem      string
		ok       bool
	}{
		{"on a sample of a", 111.05, 36.05, 150, "a", true},
		{"between samples of a (bilinear)", 111.05 + 0.5/1200, 36.05, 150 + 0.5*1000.0/1200, "a", true},
		{"where both cover, a first", 111.15, 36.1, 250, "a", true},
		{"a's void, b answers", 111.1, 36.1, 777, "b", true},
		{"next to a's void, a's weight there is non-zero, b answers", 111.1 + 0.25/1200, 36.1, 777, "b", true},
		{"only b", 111.25, 36.1, 777, "b", true},
		{"outside both", 111.35, 36.1, 0, "", false},
		{"NaN", math.NaN(), 36.1, 0, "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			z, name, ok := set.Sample(tc.lon, tc.lat)
			if ok != tc.ok || name != tc.dem || math.Abs(z-tc.want) > 1e-3 {
				t.Errorf("Sample = %.4f, %q, %v; want %.4f, %q, %v", z, name, ok, tc.want, tc.dem, tc.ok)
			}
		})
	}
	if _, ok := (terrain.DEMSet{}).Slope(111.1, 36.1); ok {
		t.Error("empty set has a slope")
	}
	bd, ok := set.Bounds()
	want := orb.Bound{Min: orb.Point{111.0, 36.0}, Max: orb.Point{111.3, 36.2}}
	if !ok || math.Abs(bd.Min[0]-want.Min[0])+math.Abs(bd.Max[0]-want.Max[0])+
		math.Abs(bd.Min[1]-want.Min[1])+math.Abs(bd.Max[1]-want.Max[1]) > 1e-9 {
		t.Errorf("Bounds = %v, %v; want %v", bd, ok, want)
	}
	if _, ok := (terrain.DEMSet{{Name: "nil"}}).Bounds(); ok {
		t.Error("a set without grids has bounds")
	}
}
