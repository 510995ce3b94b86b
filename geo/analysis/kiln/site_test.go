package kiln_test

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/analysis/kiln"
	"github.com/zonegate/zonegate/geo/crs"
)

// oracleDistance is the brute-force geodesic distance from p to the
// boundaries of zones (edges straight in lon/lat), 0 inside one: every
// edge densified every 200 m, then the edges within one step of the best
// sample densified every 0.5 m around their best sample.
func oracleDistance(zones []*geo.Zone, p orb.Point) float64 {
	type edge struct{ a, b orb.Point }
	var edges []edge
	for _, z := range zones {
		poly := z.Geometry.(orb.Polygon)
		if planar.PolygonContains(poly, p) {
			return 0
		}
		for _, r := range poly {
			for i := 1; i < len(r); i++ {
				edges = append(edges, edge{r[i-1], r[i]})
			}
		}
	}
	sample := func(e edge, from, to float64, step float64) (best, at float64) {
		length, _ := crs.GeodesicInverse(e.a, e.b)
		n := max(1, int(math.Ceil((to-from)*length/step)))
		best = math.Inf(1)
		for i := 0; i <= n; i++ {
			t := from + (to-from)*float64(i)/float64(n)
			d, _ := crs.GeodesicInverse(p, orb.Point{e.a[0] + t*(e.b[0]-e.a[0]), e.a[1] + t*(e.b[1]-e.a[1])})
			if d < best {
				best, at = d, t
			}
		}
		return best, at
	}
	coarse := make([][2]float64, len(edges))
	best := math.Inf(1)
	for i, e := range edges {
		d, t := sample(e, 0, 1, 200)
		coarse[i] = [2]float64{d, t}
		best = math.Min(best, d)
	}
	fine := math.Inf(1)
	for i, e := range edges {
		if coarse[i][0] > best+200 {
			continue
		}
		length, _ := crs.GeodesicInverse(e.a, e.b)
		w := 400 / math.Max(length, 1)
		d, _ := sample(e, math.Max(0, coarse[i][1]-w), math.Min(1, coarse[i][1]+w), 0.5)
		fine = math.Min(fine, d)
	}
	return fine
}

// TestCheckSiteDistanceOracle compares CheckSite's distance with the
// brute-force oracle on 500 random points over the core districts and
// their surroundings: within 0.5 m, and never above the oracle (a
// sampled, hence upper, bound) by more than 1 mm.
func TestCheckSiteDistanceOracle(t *testing.T) {
	bu, _, _, _ := demoLayers()
	m := demoModel(t, kiln.DefaultCriteria(), nil)
	r := rng(t)
	n := 500
	if testing.Short() {
		n = 50
	}
	worst := 0.0
	for i := range n {
		p := orb.Point{111.1 + 0.8*r.Float64(), 35.7 + 0.7*r.Float64()}
		got := m.CheckSite(p)
		want := oracleDistance(bu, p)
		if got.DistanceM == nil {
			t.Fatalf("point %d %v: no distance", i, p)
		}
		diff := *got.DistanceM - want
		worst = math.Max(worst, math.Abs(diff))
		if math.Abs(diff) > 0.5 || diff > 0.001 {
			t.Errorf("point %d %v: distance %.4f m, oracle %.4f m", i, p, *got.DistanceM, want)
		}
		if want == 0 && !got.InsideBuiltUp {
			t.Errorf("point %d %v: inside a built-up zone but not reported", i, p)
		}
		if np := got.NearestPoint; np != nil && want > 0 {
			if d, _ := crs.GeodesicInverse(p, *np); math.Abs(d-*got.DistanceM) > 1e-6 {
				t.Errorf("point %d: nearest point at %.4f m, distance %.4f m", i, d, *got.DistanceM)
			}
		}
	}
	t.Logf("%d points, largest difference from the oracle %.4f m", n, worst)
}

// TestCheckSiteBearing: the reported bearing is the geodesic azimuth from
// the downwind reference to the site within 0.3°.
func TestCheckSiteBearing(t *testing.T) {
	m := demoModel(t, kiln.DefaultCriteria(), nil)
	r := rng(t)
	for range 200 {
		p := orb.Point{111.1 + 0.8*r.Float64(), 35.7 + 0.7*r.Float64()}
		s := m.CheckSite(p)
		d, az := crs.GeodesicInverse(*s.DownwindFrom, p)
		if d < 5000 {
			continue
		}
		diff := math.Abs(math.Mod(*s.BearingDeg-az+540, 360) - 180)
		if diff > 0.3 {
			t.Errorf("%v: bearing %.3f°, geodesic azimuth %.3f°", p, *s.BearingDeg, az)
		}
		if s.Downwind != (math.Abs(math.Mod(*s.BearingDeg-135+540, 360)-180) <= 45) {
			t.Errorf("%v: bearing %.3f° but downwind %v", p, *s.BearingDeg, s.Downwind)
		}
	}
}

// TestCheckSiteDemo checks named sites of the demo region.
func TestCheckSiteDemo(t *testing.T) {
	slope := kiln.DefaultCriteria()
	slope.MinSlopeDeg, slope.MinElevationM = 2, 600
	tr := planeTerrain{lon0: 111.5, base: 500, slopeDeg: 3, mPerDeg: 90000}
	cases := []struct {
		name     string
		c        kiln.Criteria
		tr       kiln.Terrain
		p        orb.Point
		inside   bool
		area     string
		county   string
		suitable bool
		fails    []string
	}{
		{"Linfen centre", kiln.DefaultCriteria(), nil, orb.Point{111.5186, 36.0880}, true, "", "141002", false,
			[]string{kiln.CodeMinDistance, kiln.CodeSuggestedArea, kiln.CodeDownwind}},
		{"relocated kiln in 赵城镇–堤村乡–万安镇", kiln.DefaultCriteria(), nil, orb.Point{111.7910, 36.1630},
			false, "kt-hongtong-zhaocheng", "141024", true, nil},
		{"west of Yaodu: far but upwind", kiln.DefaultCriteria(), nil, orb.Point{111.2858, 36.1080},
			false, "kt-yaodu-dayang", "141002", false, []string{kiln.CodeDownwind}},
		{"hilly criteria met", slope, tr, orb.Point{111.7910, 36.1630},
			false, "kt-hongtong-zhaocheng", "141024", true, nil},
		{"hilly criteria, low and flat", slope, planeTerrain{lon0: 111.9, base: 500, slopeDeg: 1, mPerDeg: 90000},
			orb.Point{111.7910, 36.1630}, false, "kt-hongtong-zhaocheng", "141024", false,
			[]string{kiln.CodeMinElevation, kiln.CodeMinSlope}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := demoModel(t, tc.c, tc.tr).CheckSite(tc.p)
			if s.InsideBuiltUp != tc.inside || (tc.inside && *s.DistanceM != 0) {
				t.Errorf("inside %v distance %v, want inside %v", s.InsideBuiltUp, *s.DistanceM, tc.inside)
			}
			if got := refID(s.SuggestedArea); got != tc.area {
				t.Errorf("suggested area %q, want %q", got, tc.area)
			}
			if got := refID(s.County); got != tc.county {
				t.Errorf("county %q, want %q", got, tc.county)
			}
			var fails []string
			for _, c := range s.Criteria {
				if c.MessageZH == "" || c.MessageEN == "" {
					t.Errorf("%s: empty message", c.Code)
				}
				if !c.Pass {
					fails = append(fails, c.Code)
				}
			}
			if s.Suitable != tc.suitable || len(fails) != len(tc.fails) {
				t.Fatalf("suitable %v, failing %v; want %v, %v", s.Suitable, fails, tc.suitable, tc.fails)
			}
			for i := range fails {
				if fails[i] != tc.fails[i] {
					t.Errorf("failing %v, want %v", fails, tc.fails)
				}
			}
			if tc.tr != nil && (s.ElevationM == nil || s.SlopeDeg == nil || s.DEM != "plane") {
				t.Errorf("elevation %v slope %v dem %q", s.ElevationM, s.SlopeDeg, s.DEM)
			}
		})
	}
}

func refID(r *kiln.ZoneRef) string {
	if r == nil {
		return ""
	}
	return r.ID
}

func TestCriteriaValidate(t *testing.T) {
	ok := kiln.DefaultCriteria()
	mod := func(f func(*kiln.Criteria)) kiln.Criteria { c := ok; f(&c); return c }
	cases := []struct {
		name  string
		c     kiln.Criteria
		valid bool
	}{
		{"default", ok, true},
		{"zero distance", mod(func(c *kiln.Criteria) { c.MinDistanceM = 0 }), false},
		{"NaN distance", mod(func(c *kiln.Criteria) { c.MinDistanceM = math.NaN() }), false},
		{"wind 360", mod(func(c *kiln.Criteria) { c.WindFromDeg = 360 }), false},
		{"wind -1", mod(func(c *kiln.Criteria) { c.WindFromDeg = -1 }), false},
		{"sector 0", mod(func(c *kiln.Criteria) { c.SectorHalfDeg = 0 }), false},
		{"sector 180", mod(func(c *kiln.Criteria) { c.SectorHalfDeg = 180 }), true},
		{"negative elevation", mod(func(c *kiln.Criteria) { c.MinElevationM = -5 }), false},
		{"slope 90", mod(func(c *kiln.Criteria) { c.MinSlopeDeg = 90 }), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.c.Validate(); (err == nil) != tc.valid {
				t.Errorf("Validate = %v, want valid %v", err, tc.valid)
			}
		})
	}
}

func TestNewRejects(t *testing.T) {
	bu, ts, _, _ := demoLayers()
	hilly := kiln.DefaultCriteria()
	hilly.MinElevationM = 600
	line := &geo.Zone{Layer: "x", ID: "l", Geometry: orb.LineString{{111, 36}, {112, 36}}}
	cases := []struct {
		name string
		in   kiln.Input
		c    kiln.Criteria
	}{
		{"nothing", kiln.Input{}, kiln.DefaultCriteria()},
		{"elevation without DEM", kiln.Input{BuiltUp: bu, Townships: ts}, hilly},
		{"line as built-up", kiln.Input{BuiltUp: []*geo.Zone{line}, Townships: ts}, kiln.DefaultCriteria()},
		{"bad criteria", kiln.Input{BuiltUp: bu, Townships: ts}, kiln.Criteria{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := kiln.New(tc.in, tc.c); err == nil {
				t.Error("no error")
			}
		})
	}
}
