package terrain_test

import (
	"errors"
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/analysis/terrain"
	"github.com/zonegate/zonegate/geo/crs"
	"github.com/zonegate/zonegate/geo/raster"
)

func clipZone(id string, g orb.Geometry) *geo.Zone {
	return &geo.Zone{Layer: "clips", ID: id, Name: "clip " + id, Kind: geo.KindAdmin, Geometry: g}
}

// TestConeAreas contours cones whose level sets are Gauss–Krüger circles:
// z = r/20 (a pit: below 500 m is the disc r < 10 km) and z = 2000 − r/20 (a
// peak: below 1500 m is r > 10 km, the annulus out to a 20 km clip circle).
func TestConeAreas(t *testing.T) {
	centre := orb.Point{111.5, 36.0}
	tm, err := crs.GaussKruger3(37)
	if err != nil {
		t.Fatal(err)
	}
	c := tm.Forward(centre)
	dist := func(p orb.Point) float64 { q := tm.Forward(p); return math.Hypot(q[0]-c[0], q[1]-c[1]) }
	clip := clipZone("circle", orb.Polygon{gkCircle(t, centre, 20000, 2880)})
	tests := []struct {
		name    string
		z       func(orb.Point) float64
		level   float64
		wantKM2 float64
		simp    float64
	}{
		{"pit, disc of 10 km", func(p orb.Point) float64 { return dist(p) / 20 }, 500, math.Pi * 100, 0},
		{"pit, unsimplified", func(p orb.Point) float64 { return dist(p) / 20 }, 500, math.Pi * 100, -1},
		{"peak, annulus 10-20 km", func(p orb.Point) float64 { return 2000 - dist(p)/20 }, 1500, math.Pi * 300, 0},
		{"pit, whole clip below", func(p orb.Point) float64 { return dist(p) / 20 }, 1200, math.Pi * 400, 0},
		{"pit, nothing below", func(p orb.Point) float64 { return 700 + dist(p)/20 }, 600, 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := gridOf(t, 111.2, 35.75, 111.8, 36.25, tc.z)
			res, err := terrain.BelowLevel(g, tc.level, []*geo.Zone{clip}, terrain.Options{SimplifyM: tc.simp})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Areas) != 1 {
				t.Fatalf("%d areas, want 1", len(res.Areas))
			}
			a := res.Areas[0]
			checkValid(t, a)
			if a.ClipLayer != "clips" || a.ClipID != "circle" || a.ClipName != "clip circle" {
				t.Errorf("clip identity %q/%q %q", a.ClipLayer, a.ClipID, a.ClipName)
			}
			if tc.wantKM2 == 0 {
				if a.AreaKM2 != 0 || a.Polygons != nil || a.Lines != nil {
					t.Errorf("area %g km², %d polygons, %d lines; want nothing", a.AreaKM2, len(a.Polygons), len(a.Lines))
				}
				return
			}
			if e := relErr(a.AreaKM2, tc.wantKM2); e > 0.005 {
				t.Errorf("area %.4f km², want %.4f km² within 0.5 %% (error %.3f %%)", a.AreaKM2, tc.wantKM2, 100*e)
			}
			t.Logf("area %.4f km² vs %.4f km² (%.4f %%), %d polygons, %d lines", a.AreaKM2, tc.wantKM2,
				100*(a.AreaKM2-tc.wantKM2)/tc.wantKM2, len(a.Polygons), len(a.Lines))
			// Every contour vertex lies on the 10 km circle (within a cell's
			// interpolation error) or at the clip's edge.
			for _, ls := range a.Lines {
				for _, p := range ls {
					if d := dist(p); math.Abs(d-10000) > 20 && math.Abs(d-20000) > 150 {
						t.Fatalf("line vertex %v is %.1f m from the centre, want 10 km", p, d)
					}
				}
			}
		})
	}
}

// TestPlaneClippedBySquare: z rises 1 m per 0.001° eastwards, so below
// 300 m is west of 111.3°E; the square [111.2, 111.4]×[36.0, 36.2] lies on
// sample lines, so the result is exactly its western half.
func TestPlaneClippedBySquare(t *testing.T) {
	g := gridOf(t, 111.1, 35.9, 111.5, 36.3, func(p orb.Point) float64 { return 1000 * (p[0] - 111) })
	clip := clipZone("square", orb.Polygon{rect(111.2, 36.0, 111.4, 36.2, 1)})
	res, err := terrain.BelowLevel(g, 300, []*geo.Zone{clip}, terrain.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := res.Areas[0]
	checkValid(t, a)
	want := quadrangleKM2(111.2, 36.0, 111.3, 36.2)
	if e := relErr(a.AreaKM2, want); e > 1e-4 {
		t.Errorf("area %.6f km², want %.6f (error %.2g)", a.AreaKM2, want, e)
	}
	b := a.Polygons.Bound()
	if len(a.Polygons) != 1 || len(a.Polygons[0]) != 1 || math.Abs(b.Min[0]-111.2) > 1e-9 || math.Abs(b.Max[0]-111.3) > 1e-6 ||
		math.Abs(b.Min[1]-36.0) > 1e-9 || math.Abs(b.Max[1]-36.2) > 1e-9 {
		t.Errorf("polygons %d, bound %v; want one rectangle [111.2, 111.3]×[36.0, 36.2]", len(a.Polygons), b)
	}
	if len(a.Lines) != 1 {
		t.Fatalf("%d lines, want 1", len(a.Lines))
	}
	ls := a.Lines[0]
	for _, p := range ls {
		if math.Abs(p[0]-111.3) > 1e-6 {
			t.Fatalf("line vertex %v is off the 111.3°E meridian", p)
		}
	}
	// Lower ground (west) on the left: the line runs north.
	if math.Abs(ls[0][1]-36.0) > 1e-9 || math.Abs(ls[len(ls)-1][1]-36.2) > 1e-9 {
		t.Errorf("line runs from %v to %v, want from 36.0°N north to 36.2°N", ls[0], ls[len(ls)-1])
	}
}

// TestClipWithHole: flat ground below the level everywhere, so the result
// is the clip polygon itself, hole included.
func TestClipWithHole(t *testing.T) {
	g := gridOf(t, 111.1, 35.9, 111.5, 36.3, func(orb.Point) float64 { return 450 })
	hole := rect(111.25, 36.05, 111.35, 36.15, 1)
	hole.Reverse()
	clip := clipZone("holed", orb.Polygon{rect(111.2, 36.0, 111.4, 36.2, 1), hole})
	res, err := terrain.BelowLevel(g, 600, []*geo.Zone{clip}, terrain.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := res.Areas[0]
	checkValid(t, a)
	want := quadrangleKM2(111.2, 36.0, 111.4, 36.2) - quadrangleKM2(111.25, 36.05, 111.35, 36.15)
	if e := relErr(a.AreaKM2, want); e > 1e-4 {
		t.Errorf("area %.6f km², want %.6f (error %.2g)", a.AreaKM2, want, e)
	}
	if len(a.Polygons) != 1 || len(a.Polygons[0]) != 2 {
		t.Errorf("got %d polygons with %d rings, want one polygon with one hole", len(a.Polygons), len(a.Polygons[0]))
	}
	if len(a.Lines) != 0 {
		t.Errorf("%d contour lines on flat ground below the level, want none", len(a.Lines))
	}
}

func TestBelowLevelErrors(t *testing.T) {
	g := gridOf(t, 111.1, 35.9, 111.5, 36.3, func(orb.Point) float64 { return 450 })
	inside := clipZone("in", orb.Polygon{rect(111.2, 36.0, 111.4, 36.2, 1)})
	tests := []struct {
		name  string
		dem   *raster.Grid
		level float64
		clips []*geo.Zone
		want  error
	}{
		{"zone beyond the DEM", g, 600, []*geo.Zone{inside, clipZone("out", orb.Polygon{rect(111.4, 36.0, 111.6, 36.2, 1)})}, terrain.ErrNotCovered},
		{"line as clip", g, 600, []*geo.Zone{clipZone("line", orb.LineString{{111.2, 36}, {111.3, 36.1}})}, geo.ErrInvalid},
		{"nil zone", g, 600, []*geo.Zone{nil}, geo.ErrInvalid},
		{"NaN level", g, math.NaN(), []*geo.Zone{inside}, geo.ErrInvalid},
		{"no DEM", nil, 600, []*geo.Zone{inside}, raster.ErrFormat},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := terrain.BelowLevel(tc.dem, tc.level, tc.clips, terrain.Options{})
			if !errors.Is(err, tc.want) {
				t.Errorf("error %v, want %v", err, tc.want)
			}
		})
	}
}

func TestProgressCountsEveryRow(t *testing.T) {
	g := gridOf(t, 111.1, 35.9, 111.5, 36.3, func(p orb.Point) float64 { return 1000 * (p[0] - 111) })
	clips := []*geo.Zone{
		clipZone("a", orb.Polygon{rect(111.2, 36.0, 111.4, 36.2, 1)}),
		clipZone("b", orb.Polygon{rect(111.15, 35.95, 111.25, 36.05, 1)}),
	}
	var calls, last, lastTotal int
	_, err := terrain.BelowLevel(g, 300, clips, terrain.Options{Progress: func(done, total int) {
		if done < last {
			t.Errorf("progress went back from %d to %d", last, done)
		}
		calls, last, lastTotal = calls+1, done, total
	}})
	if err != nil {
		t.Fatal(err)
	}
	// Windows: 240+2 and 120+2 cells of rows (bound plus one sample each side).
	if want := 242 + 122; last != want || lastTotal != want || calls == 0 {
		t.Errorf("last progress %d/%d after %d calls, want %d/%d", last, lastTotal, calls, want, want)
	}
}
