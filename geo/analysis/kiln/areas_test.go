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

// analyticInput is a round built-up zone of radius rKM at (111°E, 36.1°N),
// on the central meridian of Gauss–Krüger zone 37, inside a square
// township of side sideKM centred on it. Both are drawn in the plane
// (the square densified every 500 m, the disc as a 720-gon) and
// unprojected, so their edges are straight on the ground.
func analyticInput(t *testing.T, rKM, sideKM float64) kiln.Input {
	t.Helper()
	tm, err := crs.GaussKruger3(37)
	if err != nil {
		t.Fatal(err)
	}
	c := tm.Forward(orb.Point{111, 36.1})
	disc := orb.Ring{}
	for i := range 720 {
		a := 2 * math.Pi * float64(i) / 720
		disc = append(disc, tm.Inverse(orb.Point{c[0] + rKM*1000*math.Cos(a), c[1] + rKM*1000*math.Sin(a)}))
	}
	disc = append(disc, disc[0])
	h := sideKM * 500
	corners := []orb.Point{{-h, -h}, {h, -h}, {h, h}, {-h, h}}
	square := orb.Ring{}
	for k, p := range corners {
		q := corners[(k+1)%4]
		n := int(sideKM * 2)
		for i := range n {
			f := float64(i) / float64(n)
			square = append(square, tm.Inverse(orb.Point{c[0] + p[0] + f*(q[0]-p[0]), c[1] + p[1] + f*(q[1]-p[1])}))
		}
	}
	square = append(square, square[0])
	return kiln.Input{
		BuiltUp:   []*geo.Zone{{Layer: "bu", ID: "disc", Name: "disc", Geometry: orb.Polygon{disc}}},
		Townships: []*geo.Zone{{Layer: "ts", ID: "square", Name: "square", Geometry: orb.Polygon{square}}},
	}
}

// TestAreasAnalytic compares the candidate area with square − disc (and
// its parts cut by the downwind sector or an elevation line) for a 60 km
// square and the 10 km rule around a 2 km disc: within 1 %.
func TestAreasAnalytic(t *testing.T) {
	const side, r, d = 60.0, 2.0, 10.0
	full := side*side - math.Pi*(r+d)*(r+d)
	noWind := kiln.Criteria{MinDistanceM: d * 1000, WindFromDeg: 315, SectorHalfDeg: 45}
	wind := noWind
	wind.Downwind = true
	high := noWind
	high.MinElevationM = 500
	cases := []struct {
		name string
		c    kiln.Criteria
		tr   kiln.Terrain
		want float64
	}{
		{"distance only", noWind, nil, full},
		// Wind from the north-west: the south-east quadrant of the square
		// less a quarter disc.
		{"downwind quadrant", wind, nil, full / 4},
		// Ground rises eastwards through 500 m on the central meridian.
		{"east of the 500 m line", high, planeTerrain{lon0: 111, base: 500, slopeDeg: 1, mPerDeg: 90000}, full / 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := analyticInput(t, r, side)
			in.Terrain = tc.tr
			m, err := kiln.New(in, tc.c)
			if err != nil {
				t.Fatal(err)
			}
			res, err := m.Areas(kiln.AreaOptions{CellM: 100})
			if err != nil {
				t.Fatal(err)
			}
			rel := (res.TotalKM2 - tc.want) / tc.want
			t.Logf("area %.3f km², analytic %.3f km², error %+.4f %%", res.TotalKM2, tc.want, 100*rel)
			if math.Abs(rel) > 0.01 {
				t.Errorf("area %.3f km², want %.3f ± 1 %%", res.TotalKM2, tc.want)
			}
			if len(res.Areas) != 1 || res.Areas[0].County != nil || res.Areas[0].Township.ID != "square" {
				t.Fatalf("areas %+v, want one for the square without county", res.Areas)
			}
			if err := geo.ValidateGeometry(res.Areas[0].Polygons, geo.ClassPolygon); err != nil {
				t.Errorf("invalid output: %v", err)
			}
		})
	}
}

// TestAreasDemo runs the default criteria on the demo region: every output
// is valid, lies in its township, and is at least 10 km (less the
// contour's sub-cell tolerance) from every built-up zone by CheckSite; the
// per-county table sums to the total.
func TestAreasDemo(t *testing.T) {
	m := demoModel(t, kiln.DefaultCriteria(), nil)
	_, ts, _, _ := demoLayers()
	townships := map[string]orb.Polygon{}
	for _, z := range ts {
		townships[z.ID] = z.Geometry.(orb.Polygon)
	}
	var calls, last int
	res, err := m.Areas(kiln.AreaOptions{Progress: func(done, total int) {
		calls++
		if done < last || done > total {
			t.Fatalf("progress %d/%d after %d", done, total, last)
		}
		last = done
	}})
	if err != nil {
		t.Fatal(err)
	}
	if calls == 0 {
		t.Error("no progress reported")
	}
	if res.Zone != 37 || res.CellM != 50 {
		t.Errorf("zone %d cell %g, want 37 and 50", res.Zone, res.CellM)
	}
	// Under the north-west wind only the south-east townships remain.
	var got []string
	sum := 0.0
	for _, a := range res.Areas {
		got = append(got, a.Township.ID+"@"+a.County.ID)
		if err := geo.ValidateGeometry(a.Polygons, geo.ClassPolygon); err != nil {
			t.Errorf("%s: invalid: %v", a.Township.ID, err)
		}
		ts := townships[a.Township.ID]
		for _, poly := range a.Polygons {
			for _, p := range poly[0] {
				s := m.CheckSite(p)
				// The township's edge is traced on the cell lattice: up to
				// half a cell diagonal (36 m) outside it.
				inside := s.SuggestedArea != nil && s.SuggestedArea.ID == a.Township.ID
				if *s.DistanceM < 10000-1 || (!inside && metresFrom(ts, p) > 36) {
					t.Errorf("%s vertex %v: distance %.2f m, area %v, %.1f m from the township", a.Township.ID, p,
						*s.DistanceM, s.SuggestedArea, metresFrom(ts, p))
				}
			}
		}
	}
	for _, c := range res.Counties {
		sum += c.AreaKM2
	}
	want := []string{"kt-xiangfen-nanjia@141023", "kt-hongtong-zhaocheng@141024"}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("areas %v, want %v", got, want)
	}
	if math.Abs(sum-res.TotalKM2) > 1e-9 || res.TotalKM2 <= 0 {
		t.Errorf("counties sum %g, total %g", sum, res.TotalKM2)
	}
	t.Logf("demo: %v, total %.2f km² on %d×%d cells", res.Counties, res.TotalKM2, res.Width, res.Height)
}

// metresFrom is the approximate ground distance in metres from p to the
// boundary of poly (lon/lat), fine for tolerances of tens of metres.
func metresFrom(poly orb.Polygon, p orb.Point) float64 {
	k := math.Cos(p[1] * math.Pi / 180)
	best := math.Inf(1)
	for _, r := range poly {
		for i := 1; i < len(r); i++ {
			a := orb.Point{(r[i-1][0] - p[0]) * k * 111320, (r[i-1][1] - p[1]) * 110950}
			b := orb.Point{(r[i][0] - p[0]) * k * 111320, (r[i][1] - p[1]) * 110950}
			best = math.Min(best, planar.DistanceFromSegment(a, b, orb.Point{}))
		}
	}
	return best
}

func TestAreasRejects(t *testing.T) {
	bu, _, cs, _ := demoLayers()
	if m, err := kiln.New(kiln.Input{BuiltUp: bu, Counties: cs}, kiln.DefaultCriteria()); err != nil {
		t.Fatal(err)
	} else if _, err := m.Areas(kiln.AreaOptions{}); err == nil {
		t.Error("no townships: no error")
	}
	m := demoModel(t, kiln.DefaultCriteria(), nil)
	for _, cell := range []float64{-1, math.NaN(), math.Inf(1), 0.01} {
		if _, err := m.Areas(kiln.AreaOptions{CellM: cell}); err == nil {
			t.Errorf("cell %g: no error", cell)
		}
	}
}
