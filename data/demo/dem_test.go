package demo_test

import (
	"math"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/zonegate/zonegate/data/demo"
	"github.com/zonegate/zonegate/geo/raster"
)

// demOnce builds the demo DEM once for all tests of this file.
var demOnce = sync.OnceValue(demo.DEM)

func TestDEMShape(t *testing.T) {
	g := demOnce()
	if g.Width != 3601 || g.Height != 2401 || g.X0 != 110 || g.Y0 != 37 || g.DX != 1.0/1200 || g.DY != 1.0/1200 || g.EPSG != 4326 {
		t.Fatalf("grid geometry %d×%d at (%g, %g) step %g×%g EPSG %d, want 3601×2401 at (110, 37) step 1/1200",
			g.Width, g.Height, g.X0, g.Y0, g.DX, g.DY, g.EPSG)
	}
	for i, v := range g.Data {
		if math.IsNaN(float64(v)) || v != float32(math.Round(float64(v))) || v < 0 || v > 3000 {
			t.Fatalf("sample %d = %g, want a whole number of metres in [0, 3000]", i, v)
		}
	}
}

func TestDEMLandmarks(t *testing.T) {
	g := demOnce()
	tests := []struct {
		name     string
		at       orb.Point
		min, max float64
	}{
		{"Linfen centre in the Fen valley", orb.Point{111.5186, 36.0880}, 400, 600},
		{"Hongtong seat in the valley", orb.Point{111.673692, 36.255742}, 400, 600},
		{"Xiangfen seat in the valley", orb.Point{111.442932, 35.876139}, 400, 600},
		{"Huozhou seat in the valley", orb.Point{111.723103, 36.57202}, 400, 620},
		{"Houma seat in the valley", orb.Point{111.371272, 35.620302}, 350, 600},
		{"Taiyue mountains east of Hongtong", orb.Point{112.15, 36.25}, 1500, 2600},
		{"Lüliang mountains west of Yaodu", orb.Point{111.08, 36.10}, 1200, 2400},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			z, ok := g.Sample(tc.at[0], tc.at[1])
			if !ok || z < tc.min || z > tc.max {
				t.Errorf("elevation at %v = %.0f (ok %v), want %.0f…%.0f m", tc.at, z, ok, tc.min, tc.max)
			}
		})
	}
	east, west := maxIn(g, orb.Bound{Min: orb.Point{111.9, 35.8}, Max: orb.Point{112.4, 36.6}}),
		maxIn(g, orb.Bound{Min: orb.Point{110.8, 35.8}, Max: orb.Point{111.3, 36.6}})
	if east <= 1500 || west <= 1500 {
		t.Errorf("highest point east %.0f m, west %.0f m; want both above 1,500 m", east, west)
	}
}

// TestDEMCoreDistrictsStraddle600m checks that each of 一城三区's counties
// has samples on both sides of 600 m, so the 600 m analysis has something
// to cut.
func TestDEMCoreDistrictsStraddle600m(t *testing.T) {
	g := demOnce()
	_, zones := demo.Region()
	for _, z := range zones {
		if z.Layer != demo.LayerCounties || (z.ID != "141002" && z.ID != "141024" && z.ID != "141023") {
			continue
		}
		poly := z.Geometry.(orb.Polygon)
		var below, above int
		b := poly.Bound()
		for r := range g.Height {
			for c := range g.Width {
				p := g.Point(c, r)
				if !b.Contains(p) || !planar.PolygonContains(poly, p) {
					continue
				}
				if g.Data[r*g.Width+c] < 600 {
					below++
				} else {
					above++
				}
			}
		}
		t.Logf("%s %s: %d samples below 600 m, %d at or above", z.ID, z.Name, below, above)
		if below < 1000 || above < 1000 {
			t.Errorf("%s %s: %d samples below 600 m and %d above, want at least 1000 of each", z.ID, z.Name, below, above)
		}
	}
}

func TestWriteHGTRoundTrip(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "dem")
	paths, err := demo.WriteHGT(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"N35E110.hgt", "N35E111.hgt", "N35E112.hgt", "N36E110.hgt", "N36E111.hgt", "N36E112.hgt"}
	if len(paths) != len(want) {
		t.Fatalf("wrote %v, want %v", paths, want)
	}
	var tiles []*raster.Grid
	for i, p := range paths {
		if filepath.Base(p) != want[i] {
			t.Fatalf("tile %d is %s, want %s", i, filepath.Base(p), want[i])
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		tile, err := raster.ReadHGT(p, b)
		if err != nil {
			t.Fatal(err)
		}
		tiles = append(tiles, tile)
	}
	got, err := raster.Mosaic(tiles...)
	if err != nil {
		t.Fatal(err)
	}
	g := demOnce()
	if got.Width != g.Width || got.Height != g.Height || math.Abs(got.X0-g.X0) > 1e-12 || math.Abs(got.Y0-g.Y0) > 1e-12 {
		t.Fatalf("mosaic %d×%d at (%g, %g), want %d×%d at (%g, %g)", got.Width, got.Height, got.X0, got.Y0, g.Width, g.Height, g.X0, g.Y0)
	}
	for i := range g.Data {
		if got.Data[i] != g.Data[i] {
			t.Fatalf("sample %d: %g after the .hgt round trip, want %g", i, got.Data[i], g.Data[i])
		}
	}
}

// TestDEMPinnedSamples pins a few samples, so any change to the terrain
// generator (or to its determinism) shows up here.
func TestDEMPinnedSamples(t *testing.T) {
	g := demOnce()
	tests := []struct {
		col, row int
		want     float32
	}{
		{0, 0, 699},        // 110°E 37°N, north-west corner
		{1822, 1091, 497},  // next to the Linfen centre
		{2400, 1000, 1547}, // 太岳山 slope
		{1300, 1500, 850},  // 吕梁山 foothills
		{3600, 2400, 1092}, // 113°E 35°N, south-east corner
		{1000, 300, 1042},  // 吕梁山, west
	}
	for _, tc := range tests {
		if got := g.At(tc.col, tc.row); got != tc.want {
			t.Errorf("sample (%d, %d) at %v = %g m, want %g", tc.col, tc.row, g.Point(tc.col, tc.row), got, tc.want)
		}
	}
}

// maxIn returns the highest sample inside b.
func maxIn(g *raster.Grid, b orb.Bound) float64 {
	best := math.Inf(-1)
	for r := range g.Height {
		for c := range g.Width {
			if b.Contains(g.Point(c, r)) {
				best = max(best, float64(g.Data[r*g.Width+c]))
			}
		}
	}
	return best
}
