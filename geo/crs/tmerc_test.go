package crs_test

import (
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo/crs"
)

// Reference projections computed with PROJ 9.1.1 (cs2cs, the reference
// implementation behind GDAL and QGIS, whose tmerc uses the Poder/Engsager
// extended series, accurate to far below a millimetre here):
//
//	printf 'lat lon\n' | cs2cs -f %.6f EPSG:4490 EPSG:4525   # CGCS2000 / 3-degree Gauss-Kruger zone 37
//	printf 'lat lon\n' | cs2cs -f %.6f EPSG:4490 EPSG:4546   # CGCS2000 / 3-degree Gauss-Kruger CM 111E
//	printf 'lat lon\n' | cs2cs -f %.6f EPSG:4326 EPSG:32650  # WGS 84 / UTM zone 50N
//	printf 'lat lon\n' | cs2cs -f %.6f EPSG:4326 EPSG:32756  # WGS 84 / UTM zone 56S
//
// Our Krüger-series implementation must agree within 1 mm.
var tmRefs = []struct {
	name     string
	lonLat   orb.Point
	east     float64
	north    float64
	epsgHint string
}{
	{"linfen_gk37", orb.Point{111.5186, 36.0880}, 37546707.081682, 3995431.644321, "4525"},
	{"central_meridian", orb.Point{111, 36}, 37500000.000000, 3985542.670296, "4525"},
	{"yaodu_south", orb.Point{111.2, 35.5}, 37518145.890389, 3930083.873841, "4525"},
	{"east_of_linfen", orb.Point{112.1, 36.6}, 37598425.101075, 4052684.776150, "4525"},
	{"three_deg_east", orb.Point{114, 40}, 37756202.128824, 4433842.593822, "4525"},
	{"two_and_half_west", orb.Point{108.5, 34.2}, 37269553.595441, 3788673.261246, "4525"},
	{"near_equator", orb.Point{113.9, 0.5}, 37822953.143811, 55358.520972, "4525"},
	{"north", orb.Point{108.1, 55}, 37314444.099010, 6101078.346769, "4525"},
}

func TestGaussKruger3MatchesPROJ(t *testing.T) {
	zone := crs.Zone3(111.5186)
	if zone != 37 {
		t.Fatalf("Zone3(111.5186) = %d, want 37", zone)
	}
	gk, err := crs.GaussKruger3(zone)
	if err != nil {
		t.Fatal(err)
	}
	cm := crs.TransverseMercator(111) // EPSG:4546: same without the zone prefix
	for _, tc := range tmRefs {
		t.Run(tc.name, func(t *testing.T) {
			got := gk.Forward(tc.lonLat)
			if math.Abs(got[0]-tc.east) > 1e-3 || math.Abs(got[1]-tc.north) > 1e-3 {
				t.Errorf("Forward(%v) = %.6f, %.6f; PROJ EPSG:%s says %.6f, %.6f",
					tc.lonLat, got[0], got[1], tc.epsgHint, tc.east, tc.north)
			}
			back := gk.Inverse(orb.Point{tc.east, tc.north})
			if d := groundError(back, tc.lonLat); d > 1e-3 {
				t.Errorf("Inverse(PROJ's %v) is %.2g m from %v", orb.Point{tc.east, tc.north}, d, tc.lonLat)
			}
			nz := cm.Forward(tc.lonLat)
			if math.Abs(nz[0]-(tc.east-37e6)) > 1e-3 || math.Abs(nz[1]-tc.north) > 1e-3 {
				t.Errorf("TransverseMercator(111).Forward = %.6f, %.6f; want %.6f, %.6f", nz[0], nz[1], tc.east-37e6, tc.north)
			}
		})
	}
}

func TestUTMMatchesPROJ(t *testing.T) {
	cases := []struct {
		name        string
		lon0, fn    float64
		p           orb.Point
		east, north float64
	}{
		{"beijing_50N", 117, 0, orb.Point{116.4074, 39.9042}, 449345.061483, 4417292.494465},
		{"sydney_56S", 153, 10000000, orb.Point{151.2093, -33.8688}, 334368.633648, 6250948.345385},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tm, err := crs.NewTM(crs.TMParams{Lon0: tc.lon0, K0: 0.9996, FalseEasting: 500000,
				FalseNorthing: tc.fn, A: crs.SemiMajorAxis, InverseF: crs.WGS84InverseF})
			if err != nil {
				t.Fatal(err)
			}
			got := tm.Forward(tc.p)
			if math.Abs(got[0]-tc.east) > 1e-3 || math.Abs(got[1]-tc.north) > 1e-3 {
				t.Errorf("Forward = %.6f, %.6f; want %.6f, %.6f", got[0], got[1], tc.east, tc.north)
			}
		})
	}
}

// groundError is the distance in metres between two nearby lon/lat points
// (local flat approximation, fine at millimetre scale).
func groundError(a, b orb.Point) float64 {
	const r = 6378137.0
	dy := (a[1] - b[1]) * math.Pi / 180 * r
	dx := (a[0] - b[0]) * math.Pi / 180 * r * math.Cos(b[1]*math.Pi/180)
	return math.Hypot(dx, dy)
}

func TestTransverseMercatorRoundTrip(t *testing.T) {
	s := uint64(7)
	if v := os.Getenv("SEED"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		s = n
	}
	t.Logf("seed %d (override with SEED=...)", s)
	rng := rand.New(rand.NewPCG(s, 3))
	tm := crs.TransverseMercator(111)
	worst := 0.0
	for range 20000 {
		p := orb.Point{111 + (rng.Float64()*2-1)*3, (rng.Float64()*2 - 1) * 80}
		q := tm.Inverse(tm.Forward(p))
		worst = max(worst, groundError(q, p))
	}
	t.Logf("worst round-trip error within ±3° of the central meridian: %.3g m", worst)
	if worst > 1e-3 {
		t.Fatalf("round trip error %.3g m exceeds 1 mm", worst)
	}
}

func TestTMRejects(t *testing.T) {
	if _, err := crs.GaussKruger3(0); err == nil {
		t.Error("zone 0 accepted")
	}
	if _, err := crs.GaussKruger3(61); err == nil {
		t.Error("zone 61 accepted")
	}
	bad := []crs.TMParams{
		{Lon0: 200, K0: 1, A: crs.SemiMajorAxis, InverseF: crs.CGCS2000InverseF},
		{Lon0: 111, K0: 0, A: crs.SemiMajorAxis, InverseF: crs.CGCS2000InverseF},
		{Lon0: 111, K0: 1, A: 0, InverseF: crs.CGCS2000InverseF},
		{Lon0: 111, K0: 1, A: crs.SemiMajorAxis, InverseF: math.NaN()},
	}
	for _, p := range bad {
		if _, err := crs.NewTM(p); err == nil {
			t.Errorf("NewTM(%+v) accepted", p)
		}
	}
	nan := crs.TransverseMercator(math.NaN()).Forward(orb.Point{111, 36})
	if !math.IsNaN(nan[0]) || !math.IsNaN(nan[1]) {
		t.Errorf("TransverseMercator(NaN).Forward = %v, want NaN", nan)
	}
}
