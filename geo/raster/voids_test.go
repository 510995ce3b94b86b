package raster_test

import (
	"math"
	"testing"

	"github.com/zonegate/zonegate/geo/raster"
)

// voidGrid is a 7×6 grid of value 100 except for the listed voids and a
// 200 at (1, 1).
func voidGrid(t *testing.T, voids [][2]int) *raster.Grid {
	t.Helper()
	g, err := raster.NewGrid(7, 6, 0, 0, 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	for i := range g.Data {
		g.Data[i] = 100
	}
	g.Data[1*7+1] = 200
	for _, v := range voids {
		g.Data[v[1]*7+v[0]] = float32(math.NaN())
	}
	return g
}

func TestFillVoids(t *testing.T) {
	single := [][2]int{{2, 2}}
	pair := [][2]int{{3, 3}, {4, 3}}
	edge := [][2]int{{0, 3}}
	cases := []struct {
		name       string
		voids      [][2]int
		maxCells   int
		wantFilled int
		check      map[[2]int]float64 // expected values, NaN = still void
	}{
		// (2,2)'s 8 neighbours: seven 100s and the 200 at distance √2
		// (weight 1/2); 4 edge neighbours weigh 1, 3 other corners 1/2.
		{"single", single, 2, 1, map[[2]int]float64{{2, 2}: (4*100 + 3*50.0 + 100) / (4 + 4*0.5)}},
		{"single_not_smaller_than_max", single, 1, 0, map[[2]int]float64{{2, 2}: math.NaN()}},
		{"pair_uniform_border", pair, 3, 2, map[[2]int]float64{{3, 3}: 100, {4, 3}: 100}},
		{"pair_too_big", pair, 2, 0, map[[2]int]float64{{3, 3}: math.NaN(), {4, 3}: math.NaN()}},
		{"edge_left_alone", edge, 100, 0, map[[2]int]float64{{0, 3}: math.NaN()}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			g := voidGrid(t, tc.voids)
			if n := raster.FillVoids(g, tc.maxCells); n != tc.wantFilled {
				t.Fatalf("filled %d, want %d", n, tc.wantFilled)
			}
			for at, want := range tc.check {
				got := float64(g.At(at[0], at[1]))
				if math.IsNaN(want) != math.IsNaN(got) || (!math.IsNaN(want) && math.Abs(got-want) > 1e-4) {
					t.Errorf("At%v = %v, want %v", at, got, want)
				}
			}
		})
	}
}
