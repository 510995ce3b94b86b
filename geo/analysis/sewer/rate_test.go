package sewer_test

import (
	"math"
	"testing"

	"github.com/zonegate/zonegate/geo/analysis/sewer"
)

// TestConversionRates: lengths are clipped to each county's built-up area
// and the rate is separate / (combined + separate), against the targets.
func TestConversionRates(t *testing.T) {
	tm := gk37(t)
	// County A: x in [-5000, 0], built-up [-3000, -1000]²-ish square.
	// County B: x in [0, 5000], built-up [1000, 3000]×[-1000, 1000].
	a := sewer.County{ID: "141002", Name: "A", Boundary: geoRect(tm, -5000, -5000, 0, 5000),
		BuiltUp: geoRect(tm, -3000, -1000, -1000, 1000)}
	b := sewer.County{ID: "b", Name: "B", Boundary: geoRect(tm, 0, -5000, 5000, 5000),
		BuiltUp: geoRect(tm, 1000, -1000, 3000, 1000)}
	empty := sewer.County{ID: "e", Name: "E", Boundary: geoRect(tm, -5000, 5000, 5000, 9000)}
	lines := []sewer.Line{
		line("a1", sewer.SystemCombined, lonlat(tm, -2800, 0), lonlat(tm, -2200, 0)),      // 600 in A
		line("a2", sewer.SystemSeparate, lonlat(tm, -2000, 500), lonlat(tm, -2000, 900)),  // 400 in A
		line("a3", sewer.SystemSeparate, lonlat(tm, -1500, 0), lonlat(tm, -500, 0)),       // 500 in A, 500 outside
		line("a4", sewer.SystemUnknown, lonlat(tm, -2500, -500), lonlat(tm, -2200, -500)), // 300 unknown
		line("b1", sewer.SystemCombined, lonlat(tm, 1500, 0), lonlat(tm, 2500, 0),
			lonlat(tm, 2500, 800)), // 1800 in B
		line("b2", sewer.SystemSeparate, lonlat(tm, 3500, 0), lonlat(tm, 2600, 0)),     // 600 in B
		line("x", sewer.SystemSeparate, lonlat(tm, -500, 3000), lonlat(tm, 500, 3000)), // in no built-up area
	}
	cases := []struct {
		name    string
		targets map[string]float64
		want    []sewer.CountyCoverage
	}{
		{"DefaultTargets", nil, []sewer.CountyCoverage{
			{County: "141002", CombinedKM: 0.6, SeparateKM: 0.9, UnknownKM: 0.3, CombinedLines: 1, SeparateLines: 2,
				ConversionRate: 0.6, Target: 0.4, MeetsTarget: true},
			{County: "b", CombinedKM: 1.8, SeparateKM: 0.4, CombinedLines: 1, SeparateLines: 1,
				ConversionRate: 0.4 / 2.2, Target: 0.3, MeetsTarget: false},
			{County: "e", Target: 0.3},
		}},
		{"Overridden", map[string]float64{"141002": 0.65, "b": 0.18}, []sewer.CountyCoverage{
			{County: "141002", CombinedKM: 0.6, SeparateKM: 0.9, UnknownKM: 0.3, CombinedLines: 1, SeparateLines: 2,
				ConversionRate: 0.6, Target: 0.65, MeetsTarget: false},
			{County: "b", CombinedKM: 1.8, SeparateKM: 0.4, CombinedLines: 1, SeparateLines: 1,
				ConversionRate: 0.4 / 2.2, Target: 0.18, MeetsTarget: true},
			{County: "e", Target: 0.3},
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := sewer.Coverage(lines, []sewer.County{a, b, empty}, sewer.Options{Targets: tc.targets})
			if err != nil {
				t.Fatal(err)
			}
			for i, w := range tc.want {
				g := res.Counties[i]
				near := func(x, y float64) bool { return math.Abs(x-y) < 1e-9 }
				if g.County != w.County || !near(g.CombinedKM, w.CombinedKM) || !near(g.SeparateKM, w.SeparateKM) ||
					!near(g.UnknownKM, w.UnknownKM) || g.CombinedLines != w.CombinedLines || g.SeparateLines != w.SeparateLines ||
					!near(g.ConversionRate, w.ConversionRate) || g.Target != w.Target || g.MeetsTarget != w.MeetsTarget {
					t.Errorf("county %d:\n got %+v\nwant %+v", i, brief(g), brief(w))
				}
			}
			tot := res.Total
			if math.Abs(tot.CombinedKM-2.4) > 1e-9 || math.Abs(tot.SeparateKM-1.3) > 1e-9 ||
				math.Abs(tot.ConversionRate-1.3/3.7) > 1e-9 || tot.CountiesMeetingTarget != 1 {
				t.Errorf("total %+v", tot)
			}
			if e := res.Counties[2]; e.BuiltUpKM2 != 0 || e.CoveredPct != 0 || len(e.Area) != 0 {
				t.Errorf("county without built-up or lines: %+v", brief(e))
			}
		})
	}
}

// brief drops the geometry for printing.
func brief(c sewer.CountyCoverage) sewer.CountyCoverage { c.Area = nil; return c }
