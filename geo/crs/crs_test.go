package crs_test

import (
	"math"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo/crs"
)

// haversine returns the great-circle distance in metres between two lon/lat
// points on a sphere of the WGS84 equatorial radius.
func haversine(a, b orb.Point) float64 {
	const r = 6378137.0
	la1, la2 := a[1]*math.Pi/180, b[1]*math.Pi/180
	dLat := la2 - la1
	dLon := (b[0] - a[0]) * math.Pi / 180
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(la1)*math.Cos(la2)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * r * math.Asin(math.Sqrt(h))
}

func TestParse(t *testing.T) {
	ok := []struct {
		in   string
		want crs.CRS
	}{
		{"", crs.WGS84},
		{"wgs84", crs.WGS84},
		{"WGS84", crs.WGS84},
		{"cgcs2000", crs.WGS84},
		{"CGCS2000", crs.WGS84},
		{"gcj02", crs.GCJ02},
		{" GCJ02 ", crs.GCJ02},
		{"bd09", crs.BD09},
		{"Bd09", crs.BD09},
	}
	for _, tc := range ok {
		t.Run("ok/"+tc.in, func(t *testing.T) {
			got, err := crs.Parse(tc.in)
			if err != nil || got != tc.want {
				t.Fatalf("Parse(%q) = %q, %v; want %q, nil", tc.in, got, err, tc.want)
			}
		})
	}
	for _, in := range []string{"epsg:4326", "gcj-02", "bd-09", "wgs 84", "mars"} {
		t.Run("bad/"+in, func(t *testing.T) {
			got, err := crs.Parse(in)
			if err == nil {
				t.Fatalf("Parse(%q) = %q, nil; want an error", in, got)
			}
			for _, name := range []string{"wgs84", "cgcs2000", "gcj02", "bd09"} {
				if !strings.Contains(err.Error(), name) {
					t.Errorf("error %q does not list %q", err, name)
				}
			}
		})
	}
}

// Outside the bounding box every system equals WGS84: points come back
// bit-for-bit unchanged.
func TestOutsideChinaUnchanged(t *testing.T) {
	points := map[string]orb.Point{
		"paris":          {2.3522, 48.8566},
		"new_york":       {-74.006, 40.7128},
		"tokyo_east_box": {139.6917, 35.6895},
		"sydney":         {151.2093, -33.8688},
		"null_island":    {0, 0},
		"west_of_box":    {72.0039, 35},
		"north_of_box":   {120, 55.8272},
	}
	for name, p := range points {
		for _, c := range []crs.CRS{crs.WGS84, crs.GCJ02, crs.BD09} {
			if got := crs.ToWGS84(p, c); got != p {
				t.Errorf("%s: ToWGS84(%v, %s) = %v, want unchanged", name, p, c, got)
			}
			if got := crs.FromWGS84(p, c); got != p {
				t.Errorf("%s: FromWGS84(%v, %s) = %v, want unchanged", name, p, c, got)
			}
		}
	}
}

func TestWGS84IsIdentityInsideChina(t *testing.T) {
	p := orb.Point{111.5186, 36.0880}
	if got := crs.ToWGS84(p, crs.WGS84); got != p {
		t.Errorf("ToWGS84 wgs84 = %v, want %v", got, p)
	}
	if got := crs.FromWGS84(p, crs.WGS84); got != p {
		t.Errorf("FromWGS84 wgs84 = %v, want %v", got, p)
	}
}

func TestNonFiniteInputDoesNotPanic(t *testing.T) {
	for _, p := range []orb.Point{{math.NaN(), 36}, {111, math.NaN()}, {math.Inf(1), 36}} {
		for _, c := range []crs.CRS{crs.GCJ02, crs.BD09} {
			_ = crs.ToWGS84(p, c)
			_ = crs.FromWGS84(p, c)
		}
	}
}

func TestInChina(t *testing.T) {
	cases := []struct {
		name string
		p    orb.Point
		want bool
	}{
		{"linfen", orb.Point{111.5186, 36.0880}, true},
		{"south_west_corner", orb.Point{72.004, 0.8293}, true},
		{"north_east_corner", orb.Point{137.8347, 55.8271}, true},
		{"just_west", orb.Point{72.0039, 30}, false},
		{"just_north", orb.Point{110, 55.8272}, false},
		{"nan", orb.Point{math.NaN(), 30}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := crs.InChina(tc.p); got != tc.want {
				t.Errorf("InChina(%v) = %v, want %v", tc.p, got, tc.want)
			}
		})
	}
}
