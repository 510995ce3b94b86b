package raster_test

import (
	"errors"
	"math"
	"testing"

	"github.com/zonegate/zonegate/geo/raster"
)

// tile returns an n×n grid with 1/(n-1)° cells whose SW corner is (lon,
// lat), like an SRTM tile, holding lon·1000 + lat·100 + c + 10r.
func tile(t *testing.T, n, lon, lat int) *raster.Grid {
	t.Helper()
	step := 1 / float64(n-1)
	g, err := raster.NewGrid(n, n, float64(lon), float64(lat+1), step, step)
	if err != nil {
		t.Fatal(err)
	}
	for r := range n {
		for c := range n {
			g.Data[r*n+c] = float32(lon*1000 + lat*100 + c + 10*r)
		}
	}
	return g
}

func TestMosaicSharedEdges(t *testing.T) {
	const n = 5
	sw, se, nw := tile(t, n, 111, 35), tile(t, n, 112, 35), tile(t, n, 111, 36)
	nan := float32(math.NaN())
	se.Data[0] = nan // its NW corner is also sw's NE corner
	m, err := raster.Mosaic(sw, se, nw)
	if err != nil {
		t.Fatal(err)
	}
	if m.Width != 2*n-1 || m.Height != 2*n-1 || m.X0 != 111 || m.Y0 != 37 {
		t.Fatalf("mosaic %d×%d at (%v, %v), want 9×9 at (111, 37)", m.Width, m.Height, m.X0, m.Y0)
	}
	cases := []struct {
		name string
		c, r int
		want float32
	}{
		{"nw_tile_corner", 0, 0, 111*1000 + 36*100},
		{"shared_row_from_first_argument", 0, 4, 111*1000 + 35*100}, // sw row 0 = nw row 4; sw comes first
		{"sw_tile_se_sample", 4, 8, 111*1000 + 35*100 + 4 + 40},
		{"se_void_filled_from_sw", 4, 4, 111*1000 + 35*100 + 4},
		{"se_tile_interior", 6, 6, 112*1000 + 35*100 + 2 + 20},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := m.At(tc.c, tc.r); got != tc.want {
				t.Fatalf("At(%d, %d) = %v, want %v", tc.c, tc.r, got, tc.want)
			}
		})
	}
	if v := m.At(8, 0); !math.IsNaN(float64(v)) {
		t.Errorf("uncovered NE cell = %v, want NaN", v)
	}
}

func TestMosaicRejects(t *testing.T) {
	a := tile(t, 5, 111, 35)
	coarse := tile(t, 4, 112, 35)
	shifted := tile(t, 5, 112, 35)
	shifted.X0 += 0.1
	other := tile(t, 5, 112, 35)
	other.EPSG = 4490
	cases := map[string][]*raster.Grid{
		"none":       nil,
		"cell_size":  {a, coarse},
		"off_grid":   {a, shifted},
		"other_epsg": {a, other},
		"nil":        {a, nil},
	}
	for name, gs := range cases {
		t.Run(name, func(t *testing.T) {
			if _, err := raster.Mosaic(gs...); !errors.Is(err, raster.ErrFormat) {
				t.Fatalf("err = %v, want ErrFormat", err)
			}
		})
	}
}
