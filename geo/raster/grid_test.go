package raster_test

import (
	"errors"
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo/raster"
)

// grid3x3 is a 3×3 grid with 1-unit cells, sample (0, 0) at (10, 20):
//
//	row 0 (y=20):  0  1  2
//	row 1 (y=19): 10 11 NaN
//	row 2 (y=18): 20 21 22
func grid3x3(t *testing.T) *raster.Grid {
	t.Helper()
	g, err := raster.NewGrid(3, 3, 10, 20, 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	copy(g.Data, []float32{0, 1, 2, 10, 11, float32(math.NaN()), 20, 21, 22})
	return g
}

func TestSample(t *testing.T) {
	g := grid3x3(t)
	cases := []struct {
		name   string
		x, y   float64
		want   float64
		wantOK bool
	}{
		{"nw_sample", 10, 20, 0, true},
		{"se_sample", 12, 18, 22, true},
		{"mid_top_cell", 10.5, 19.5, 5.5, true},
		{"quarter", 10.25, 19.75, 2.75, true},
		{"on_bottom_edge", 10.5, 18, 20.5, true},
		{"on_east_edge_row0", 12, 20, 2, true},
		{"on_sample_next_to_void", 11, 19, 11, true},
		{"cell_with_void", 11.5, 18.5, 0, false},
		{"edge_next_to_void", 11.5, 19, 0, false},
		{"void_sample", 12, 19, 0, false},
		{"west_of_grid", 9.999, 19, 0, false},
		{"north_of_grid", 11, 20.001, 0, false},
		{"east_of_grid", 12.001, 18, 0, false},
		{"south_of_grid", 11, 17.999, 0, false},
		{"nan", math.NaN(), 19, 0, false},
		{"inf", 11, math.Inf(1), 0, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := g.Sample(tc.x, tc.y)
			if ok != tc.wantOK || (ok && math.Abs(got-tc.want) > 1e-12) {
				t.Fatalf("Sample(%v, %v) = %v, %v; want %v, %v", tc.x, tc.y, got, ok, tc.want, tc.wantOK)
			}
		})
	}
}

func TestGridGeometry(t *testing.T) {
	g := grid3x3(t)
	if b, want := g.Bounds(), (orb.Bound{Min: orb.Point{10, 18}, Max: orb.Point{12, 20}}); b != want {
		t.Errorf("Bounds = %v, want %v", b, want)
	}
	if b, want := g.CellBounds(), (orb.Bound{Min: orb.Point{9.5, 17.5}, Max: orb.Point{12.5, 20.5}}); b != want {
		t.Errorf("CellBounds = %v, want %v", b, want)
	}
	if p := g.Point(2, 1); p != (orb.Point{12, 19}) {
		t.Errorf("Point(2, 1) = %v", p)
	}
	if c, r := g.Index(11.5, 18.5); c != 1.5 || r != 1.5 {
		t.Errorf("Index = %v, %v", c, r)
	}
	for _, at := range [][2]int{{-1, 0}, {0, -1}, {3, 0}, {0, 3}, {2, 1}} {
		if v := g.At(at[0], at[1]); !math.IsNaN(float64(v)) {
			t.Errorf("At(%d, %d) = %v, want NaN", at[0], at[1], v)
		}
	}
	if v := g.At(1, 2); v != 21 {
		t.Errorf("At(1, 2) = %v, want 21", v)
	}
}

func TestNewGridRejects(t *testing.T) {
	cases := map[string][6]float64{
		"zero_width":   {0, 3, 0, 0, 1, 1},
		"neg_height":   {3, -1, 0, 0, 1, 1},
		"too_many":     {1 << 15, 1 << 14, 0, 0, 1, 1},
		"zero_cell":    {3, 3, 0, 0, 0, 1},
		"neg_cell":     {3, 3, 0, 0, 1, -1},
		"nan_origin":   {3, 3, math.NaN(), 0, 1, 1},
		"inf_cellsize": {3, 3, 0, 0, math.Inf(1), 1},
	}
	for name, a := range cases {
		t.Run(name, func(t *testing.T) {
			g, err := raster.NewGrid(int(a[0]), int(a[1]), a[2], a[3], a[4], a[5])
			if !errors.Is(err, raster.ErrFormat) || g != nil {
				t.Fatalf("NewGrid%v = %v, %v; want nil, ErrFormat", a, g, err)
			}
		})
	}
}
