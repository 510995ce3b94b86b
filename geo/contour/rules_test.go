package contour_test

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/zonegate/zonegate/geo/contour"
)

// onBoundary reports whether p lies on an edge of mp (within 1e-12).
func onBoundary(mp orb.MultiPolygon, p orb.Point) bool {
	for _, poly := range mp {
		for _, r := range poly {
			for i := 1; i < len(r); i++ {
				a, b := r[i-1], r[i]
				cross := (b[0]-a[0])*(p[1]-a[1]) - (b[1]-a[1])*(p[0]-a[0])
				inX := p[0] >= math.Min(a[0], b[0])-1e-12 && p[0] <= math.Max(a[0], b[0])+1e-12
				inY := p[1] >= math.Min(a[1], b[1])-1e-12 && p[1] <= math.Max(a[1], b[1])+1e-12
				if math.Abs(cross) < 1e-12 && inX && inY {
					return true
				}
			}
		}
	}
	return false
}

// TestSaddleConsistency: on z = x·y (saddles everywhere near the centre,
// centre samples exactly at the level) every isoline vertex lies on the
// boundary of both Below and Above, and Below + Above tile the grid.
func TestSaddleConsistency(t *testing.T) {
	cases := []struct {
		name  string
		w     int
		level float64
	}{
		{"odd grid, level at centre sample", 21, 0},
		{"even grid, centre cell saddle", 20, 0},
		{"off level", 21, 0.3},
		{"2x2 saddle", 2, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := makeField(tc.w, tc.w, 0.01, nil)
			c := centre(f)
			f = makeField(tc.w, tc.w, 0.01, func(x, y float64) float64 { return 1e4 * (x - c[0]) * (y - c[1]) })
			below, err := contour.Below(f, tc.level, contour.Options{})
			if err != nil {
				t.Fatal(err)
			}
			above, err := contour.Above(f, tc.level, contour.Options{})
			if err != nil {
				t.Fatal(err)
			}
			mustValid(t, below)
			mustValid(t, above)
			grid := float64(tc.w-1) * float64(tc.w-1) * 1e-4
			if e := relErr(planar.Area(below)+planar.Area(above), grid); e > 1e-9 {
				t.Errorf("below+above = %g, want %g", planar.Area(below)+planar.Area(above), grid)
			}
			lines := contour.Isolines(f, tc.level)
			if len(lines) == 0 {
				t.Fatal("no isolines")
			}
			for _, l := range lines {
				for _, p := range l {
					if !onBoundary(below, p) || !onBoundary(above, p) {
						t.Fatalf("isoline vertex %v is not on both boundaries", p)
					}
				}
			}
		})
	}
}

// TestTies pins the rule for samples exactly at the level: they are Above.
func TestTies(t *testing.T) {
	// 5×5 of 0 with the middle 3×3 at 10; level 10 equals those samples.
	f := makeField(5, 5, 0.01, func(x, y float64) float64 {
		c, r := math.Round((x-testX0)/0.01), math.Round((testY0-y)/0.01)
		if c >= 1 && c <= 3 && r >= 1 && r <= 3 {
			return 10
		}
		return 0
	})
	above, err := contour.Above(f, 10, contour.Options{})
	if err != nil {
		t.Fatal(err)
	}
	below, err := contour.Below(f, 10, contour.Options{})
	if err != nil {
		t.Fatal(err)
	}
	mustValid(t, above)
	mustValid(t, below)
	for _, rc := range [][2]int{{1, 1}, {2, 2}, {3, 1}, {3, 3}} {
		p := orb.Point{testX0 + float64(rc[0])*0.01, testY0 - float64(rc[1])*0.01}
		if !planar.MultiPolygonContains(above, p) || planar.MultiPolygonContains(below, p) {
			t.Errorf("sample %v at the level must be above only", rc)
		}
	}
	// Crossings sit Epsilon outside the tie samples: a square of side
	// 2+2ε cells whose four corners lose a triangle of ε²/2 cells each.
	e := contour.Epsilon
	want := ((2+2*e)*(2+2*e) - 2*e*e) * 1e-4
	if got := planar.Area(above); math.Abs(got-want) > 1e-12 {
		t.Errorf("above area %g, want %g", got, want)
	}
}

// TestConstant: a constant field has no isolines; one side is the whole
// grid rectangle (4 corners), the other is empty.
func TestConstant(t *testing.T) {
	f := makeField(7, 4, 0.01, func(x, y float64) float64 { return 5 })
	if l := contour.Isolines(f, 5); len(l) != 0 {
		t.Errorf("isolines: %d, want 0", len(l))
	}
	below, _ := contour.Below(f, 5, contour.Options{})
	if below != nil {
		t.Errorf("below 5 of constant 5: %v, want nil", below)
	}
	above, err := contour.Above(f, 5, contour.Options{})
	if err != nil {
		t.Fatal(err)
	}
	mustValid(t, above)
	if len(above) != 1 || len(above[0]) != 1 || len(above[0][0]) != 5 {
		t.Fatalf("above: %v, want one rectangle of 4 corners", above)
	}
	want := orb.Bound{Min: orb.Point{110, 35.97}, Max: orb.Point{110.06, 36}}
	if b := above.Bound(); !b.Min.Equal(want.Min) || math.Abs(b.Max[0]-want.Max[0]) > 1e-12 || b.Max[1] != want.Max[1] {
		t.Errorf("above bound %v, want %v", b, want)
	}
	if got := planar.Area(above); math.Abs(got-0.06*0.03) > 1e-12 {
		t.Errorf("above area %g, want %g", got, 0.06*0.03)
	}
}

// TestNoData: NaN cells are excluded from both sides; a NaN block in the
// middle of a below area makes a hole along the no-data cells' edges, and
// diagonal contacts split into rings that touch at one point.
func TestNoData(t *testing.T) {
	nan := float32(math.NaN())
	cases := []struct {
		name       string
		w, h       int
		vals       []float32
		wantBelow  float64 // in cells
		wantPolys  int
		wantRings  int // rings of the first polygon
		validCells float64
	}{
		{"single nan centre", 3, 3, []float32{0, 0, 0, 0, nan, 0, 0, 0, 0}, 0, 0, 0, 0},
		{"nan block hole", 5, 5, []float32{
			0, 0, 0, 0, 0,
			0, 0, 0, 0, 0,
			0, 0, nan, 0, 0,
			0, 0, 0, 0, 0,
			0, 0, 0, 0, 0}, 12, 1, 2, 12},
		{"diagonal pinch", 3, 3, []float32{
			0, 0, nan,
			0, 0, 0,
			nan, 0, 0}, 2, 2, 1, 2},
		{"nan corner with a crossing", 3, 3, []float32{
			0, 0, 0,
			0, 10, 0,
			0, 0, nan}, 3 - 3*0.125, 1, 1, 3},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := contour.Field{W: tc.w, H: tc.h, Values: tc.vals, X0: testX0, Y0: testY0, DX: 0.01, DY: 0.01}
			below, err := contour.Below(f, 5, contour.Options{})
			if err != nil {
				t.Fatal(err)
			}
			above, err := contour.Above(f, 5, contour.Options{})
			if err != nil {
				t.Fatal(err)
			}
			mustValid(t, below)
			mustValid(t, above)
			if len(below) != tc.wantPolys || (tc.wantPolys > 0 && len(below[0]) != tc.wantRings) {
				t.Fatalf("below: %d polygons, want %d with %d rings: %v", len(below), tc.wantPolys, tc.wantRings, below)
			}
			if got := planar.Area(below) / 1e-4; math.Abs(got-tc.wantBelow) > 1e-3 {
				t.Errorf("below area %g cells, want %g", got, tc.wantBelow)
			}
			if got := (planar.Area(below) + planar.Area(above)) / 1e-4; math.Abs(got-tc.validCells) > 1e-9 {
				t.Errorf("below+above %g cells, want %g", got, tc.validCells)
			}
		})
	}
}

// TestInvalidInput: unusable fields and options are errors, never panics.
func TestInvalidInput(t *testing.T) {
	ok := contour.Field{W: 2, H: 2, Values: make([]float32, 4), DX: 1, DY: 1}
	cases := []struct {
		name  string
		f     contour.Field
		level float64
		o     contour.Options
	}{
		{"too small", contour.Field{W: 1, H: 2, Values: make([]float32, 2), DX: 1, DY: 1}, 0, contour.Options{}},
		{"wrong length", contour.Field{W: 2, H: 2, Values: make([]float32, 3), DX: 1, DY: 1}, 0, contour.Options{}},
		{"zero spacing", contour.Field{W: 2, H: 2, Values: make([]float32, 4), DY: 1}, 0, contour.Options{}},
		{"NaN level", ok, math.NaN(), contour.Options{}},
		{"negative tolerance", ok, 0, contour.Options{SimplifyTolerance: -1}},
		{"NaN min area", ok, 0, contour.Options{MinArea: math.NaN()}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := contour.Below(tc.f, tc.level, tc.o); err == nil {
				t.Error("Below: want error")
			}
			if _, err := contour.Above(tc.f, tc.level, tc.o); err == nil {
				t.Error("Above: want error")
			}
		})
	}
}
