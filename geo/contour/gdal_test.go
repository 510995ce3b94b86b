package contour_test

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"

	"github.com/zonegate/zonegate/geo/contour"
)

// TestAgainstGDAL compares the area below a level with gdal_contour's
// polygon mode on the same surface written as an ASCII grid.
func TestAgainstGDAL(t *testing.T) {
	bin, err := exec.LookPath("gdal_contour")
	if err != nil {
		t.Skip("gdal_contour not on PATH; install gdal-bin to compare with GDAL")
	}
	const n, cs, level = 301, 0.001, 600.0
	// ASCII grid pixels are areas: sample (c,r) is the pixel centre.
	xll, yll := testX0-cs/2, testY0-float64(n-1)*cs-cs/2
	f := makeField(n, n, cs, func(x, y float64) float64 {
		dx, dy := x-(testX0+0.15), y-(testY0-0.15)
		return 400 + 500*math.Exp(-(dx*dx+dy*dy)/0.003) + 150*math.Sin(x*90)*math.Cos(y*70)
	})
	dir := t.TempDir()
	var b strings.Builder
	fmt.Fprintf(&b, "ncols %d\nnrows %d\nxllcorner %.10f\nyllcorner %.10f\ncellsize %g\nNODATA_value -9999\n", n, n, xll, yll, cs)
	for r := 0; r < n; r++ {
		for c := 0; c < n; c++ {
			fmt.Fprintf(&b, "%g ", f.Values[r*n+c])
		}
		b.WriteByte('\n')
	}
	in, out := filepath.Join(dir, "dem.asc"), filepath.Join(dir, "below.geojson")
	if err := os.WriteFile(in, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-p", "-amin", "lo", "-amax", "hi", "-fl", fmt.Sprint(level), "-f", "GeoJSON", in, out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("gdal_contour: %v: %s", err, msg)
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var fc geojson.FeatureCollection
	if err := json.Unmarshal(raw, &fc); err != nil {
		t.Fatal(err)
	}
	// GDAL's polygons reach the raster's outer pixel edges, half a cell
	// beyond the sample points; compare within the sample extent.
	hull := orb.Bound{Min: orb.Point{testX0, testY0 - float64(n-1)*cs}, Max: orb.Point{testX0 + float64(n-1)*cs, testY0}}
	gdalBelow := 0.0
	for _, ft := range fc.Features {
		if hi, ok := ft.Properties["hi"].(float64); ok && hi <= level {
			gdalBelow += planar.Area(clip.Geometry(hull, ft.Geometry))
		}
	}
	below, err := contour.Below(f, level, contour.Options{})
	if err != nil {
		t.Fatal(err)
	}
	mustValid(t, below)
	ours := planar.Area(below)
	t.Logf("below %g: ours %.8f, GDAL %.8f (rel diff %.5f)", level, ours, gdalBelow, relErr(ours, gdalBelow))
	if gdalBelow == 0 || relErr(ours, gdalBelow) > 0.005 {
		t.Errorf("area below %g: ours %g, GDAL %g", level, ours, gdalBelow)
	}
}
