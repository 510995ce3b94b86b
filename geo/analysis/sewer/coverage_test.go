package sewer_test

import (
	"errors"
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/analysis/sewer"
	"github.com/zonegate/zonegate/geo/crs"
)

// TestCoverageStraightLine: one straight line of length L far inside a
// large built-up square covers the stadium 2·d·L + π·d².
func TestCoverageStraightLine(t *testing.T) {
	tm := gk37(t)
	cases := []struct {
		name           string
		l, angle, d, c float64
	}{
		{"EastWest", 4000, 0, 500, 25},
		{"Diagonal", 4000, 45, 500, 25},
		{"Oblique17", 3000, 17, 500, 25},
		{"ShortCoarse", 1000, 62, 300, 15},
		{"Service800", 5000, 101, 800, 40},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := tc.angle * math.Pi / 180
			hx, hy := tc.l/2*math.Cos(a), tc.l/2*math.Sin(a)
			// Off-lattice offset, so the line is not aligned with samples.
			ln := line("a", sewer.SystemSeparate, lonlat(tm, -hx+7.3, -hy+3.1), lonlat(tm, hx+7.3, hy+3.1))
			county := sewer.County{ID: "c", Name: "C", Boundary: square(tm, 20_000), BuiltUp: square(tm, 10_000)}
			res, err := sewer.Coverage([]sewer.Line{ln}, []sewer.County{county}, sewer.Options{ServiceM: tc.d, CellM: tc.c, SimplifyM: -1})
			if err != nil {
				t.Fatal(err)
			}
			want := (2*tc.d*tc.l + math.Pi*tc.d*tc.d) / 1e6
			cc := res.Counties[0]
			if e := relErr(cc.CoveredKM2, want); e > 0.01 {
				t.Errorf("covered %.5f km², want %.5f (error %.3f %%)", cc.CoveredKM2, want, 100*e)
			}
			if e := relErr(cc.AreaKM2, want); e > 0.01 {
				t.Errorf("service area %.5f km², want %.5f (error %.3f %%)", cc.AreaKM2, want, 100*e)
			}
			if e := relErr(cc.BuiltUpKM2, 400); e > 1e-9 {
				t.Errorf("built-up %.9f km², want 400", cc.BuiltUpKM2)
			}
			if e := relErr(cc.SeparateKM, tc.l/1000); e > 1e-9 {
				t.Errorf("separate %.9f km, want %g", cc.SeparateKM, tc.l/1000)
			}
			checkValid(t, cc.Area)
			t.Logf("covered %.5f km² (want %.5f, error %.4f %%)", cc.CoveredKM2, want, 100*relErr(cc.CoveredKM2, want))
		})
	}
}

// TestCoverageClipped: the service area stops at the county boundary and
// the covered area at the built-up boundary. A line along the middle of a
// county 2 km wide, built-up on its northern half only.
func TestCoverageClipped(t *testing.T) {
	tm := gk37(t)
	const d = 500.0
	ln := line("a", sewer.SystemCombined, lonlat(tm, -3000, 0), lonlat(tm, 3000, 0))
	county := sewer.County{ID: "c", Boundary: square(tm, 5000)}
	// Built-up: x in [-5000, 5000], y in [200, 5000].
	county.BuiltUp = geoRect(tm, -5000, 200, 5000, 5000)
	res, err := sewer.Coverage([]sewer.Line{ln}, []sewer.County{county}, sewer.Options{ServiceM: d, SimplifyM: -1})
	if err != nil {
		t.Fatal(err)
	}
	cc := res.Counties[0]
	// Covered: the strip 200 ≤ y ≤ 500 over the line, plus two quarter
	// discs' caps above y = 200 at the ends.
	capArea := func(r, h float64) float64 { // disc segment beyond distance h from centre
		return r*r*math.Acos(h/r) - h*math.Sqrt(r*r-h*h)
	}
	want := (6000*(d-200) + capArea(d, 200)) / 1e6
	if e := relErr(cc.CoveredKM2, want); e > 0.01 {
		t.Errorf("covered %.5f km², want %.5f (error %.3f %%)", cc.CoveredKM2, want, 100*e)
	}
	if cc.CombinedKM != 0 || cc.CombinedLines != 0 {
		t.Errorf("line outside the built-up area counted: %g km, %d lines", cc.CombinedKM, cc.CombinedLines)
	}
	checkValid(t, cc.Area)
}

// geoRect is the lon/lat polygon of the metric rectangle [x0, x1]×[y0, y1]
// of offsets from origin.
func geoRect(tm crs.TM, x0, y0, x1, y1 float64) orb.MultiPolygon {
	return orb.MultiPolygon{{{lonlat(tm, x0, y0), lonlat(tm, x1, y0), lonlat(tm, x1, y1), lonlat(tm, x0, y1), lonlat(tm, x0, y0)}}}
}

// checkValid fails unless mp is a valid (Multi)Polygon by geo's rules
// (empty is fine).
func checkValid(t *testing.T, mp orb.MultiPolygon) {
	t.Helper()
	if len(mp) == 0 {
		return
	}
	if err := geo.ValidateGeometryWith(mp, geo.ClassPolygon, geo.ValidateOptions{}); err != nil {
		t.Errorf("invalid output: %v", err)
	}
}

func TestCoverageOptionsRejected(t *testing.T) {
	cases := []struct {
		name string
		o    sewer.Options
	}{
		{"NegativeService", sewer.Options{ServiceM: -1}},
		{"NaNService", sewer.Options{ServiceM: math.NaN()}},
		{"InfCell", sewer.Options{CellM: math.Inf(1)}},
		{"CellTooLarge", sewer.Options{ServiceM: 100, CellM: 60}},
		{"TargetAboveOne", sewer.Options{Targets: map[string]float64{"x": 1.5}}},
		{"NaNSimplify", sewer.Options{SimplifyM: math.NaN()}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := sewer.Coverage(nil, nil, tc.o)
			if !errors.Is(err, geo.ErrInvalid) {
				t.Errorf("err = %v, want geo.ErrInvalid", err)
			}
		})
	}
}
