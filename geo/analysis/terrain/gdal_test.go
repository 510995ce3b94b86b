package terrain_test

import (
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/zonegate/zonegate/data/demo"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/analysis/terrain"
	"github.com/zonegate/zonegate/geo/raster"
)

// Lattice conventions, the crux of comparing with GDAL.
//
// An SRTM .hgt tile is pixel-is-point: sample (0, 0) lies exactly on the
// tile's NW corner. raster.ReadHGT keeps that: X0/Y0 is the corner
// (111°E, 37°N for N36E111) and sample (c, r) is at X0 + c·DX, Y0 − r·DY.
// GDAL's SRTMHGT driver reports the same tile as pixel-is-area with the
// geotransform origin half a cell outside the corner (110.99958…,
// 37.00042… at 3″) and AREA_OR_POINT=Point; gdal_contour places each
// value at its pixel's centre, origin + (c+½)·DX, which is again exactly
// X0 + c·DX. gdal_translate copies AREA_OR_POINT=Point into the GeoTIFF
// as GTRasterTypeGeoKey = PixelIsPoint with the tiepoint on the sample, and
// raster.ReadGeoTIFF reads that back to the same X0/Y0, which the test
// asserts. So both engines contour the same values at the same positions;
// the only differences left are at the clip edge (we mask the lattice,
// see the package documentation; ogr2ogr intersects exactly), saddle
// resolution and our 15 m simplification.

// gdalLevel is the gazette's clean-heating line.
const gdalLevel = 600.0

// gdalMaxRelDiff is the agreement the issue asks for: 0.5 %.
const gdalMaxRelDiff = 0.005

// gdalMaxXORFrac bounds the symmetric difference of our area and GDAL's
// as a fraction of GDAL's. Measured with GDAL 3.6 on the 3″ fixture it is
// 0.12 % (the clip-edge band, where our lattice mask departs from the
// exact intersection by up to a cell, plus our 15 m simplification);
// shifting our lattice by half a cell raises it to 0.39 % (east) or
// 0.48 % (south-east), so 0.25 % separates the two with a margin of 2.
const gdalMaxXORFrac = 0.0025

// gdalTools are the GDAL command-line programs the comparison runs.
type gdalTools struct{ contour, ogr2ogr, translate string }

// requireGDALTools skips the test when any of the GDAL programs is not
// installed.
func requireGDALTools(t *testing.T) gdalTools {
	t.Helper()
	var tools gdalTools
	for _, p := range []struct {
		name string
		dst  *string
	}{{"gdal_contour", &tools.contour}, {"ogr2ogr", &tools.ogr2ogr}, {"gdal_translate", &tools.translate}} {
		bin, err := exec.LookPath(p.name)
		if err != nil {
			t.Skipf("%s not on PATH (install gdal-bin, e.g. apt-get install gdal-bin); the end-to-end comparison with GDAL is not run", p.name)
		}
		*p.dst = bin
	}
	return tools
}

// runTool runs a command-line program and fails the test with its output
// when it fails. It returns the wall time the program took.
func runTool(t *testing.T, bin string, args ...string) time.Duration {
	t.Helper()
	start := time.Now()
	out, err := exec.Command(bin, args...).CombinedOutput()
	took := time.Since(start)
	if err != nil {
		t.Fatalf("%s %q: %v\n%s", filepath.Base(bin), args, err, out)
	}
	return took
}

// countyClip is a hand-drawn, county-like 12-vertex polygon (counter-
// clockwise, with a notch on its east side) inside tile N36E111. It spans
// the Fen valley, so the 600 m line crosses it from north to south and
// both the valley floor and the slopes on either side lie inside.
func countyClip() orb.Polygon {
	return orb.Polygon{{
		{111.50, 36.18}, {111.62, 36.15}, {111.78, 36.20}, {111.90, 36.28},
		{111.93, 36.41}, {111.80, 36.45}, {111.88, 36.55}, {111.80, 36.66},
		{111.68, 36.63}, {111.58, 36.56}, {111.53, 36.44}, {111.47, 36.33},
		{111.50, 36.18},
	}}
}

// writeClip writes poly as a one-feature GeoJSON file for ogr2ogr -clipsrc.
func writeClip(t *testing.T, dir string, poly orb.Polygon) string {
	t.Helper()
	fc := geojson.NewFeatureCollection()
	fc.Append(geojson.NewFeature(poly))
	raw, err := fc.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "clip.geojson")
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// gdalRun is what GDAL measured on one DEM file.
type gdalRun struct {
	below            orb.MultiPolygon // the area below the level inside the clip
	km2              float64          // its area
	contour, clipDur time.Duration    // wall time of gdal_contour and ogr2ogr
}

// gdalBelow contours src with gdal_contour in polygon mode at level,
// clips the polygons with ogr2ogr -clipsrc clipPath, keeps those whose
// elev_max is ≤ level (the band below the level) and measures them with
// terrain.AreaKM2, the function our side uses too.
func gdalBelow(t *testing.T, tools gdalTools, src, clipPath string, level float64) gdalRun {
	t.Helper()
	dir := t.TempDir()
	bands, clipped := filepath.Join(dir, "bands.geojson"), filepath.Join(dir, "clipped.geojson")
	var run gdalRun
	run.contour = runTool(t, tools.contour, "-q", "-p", "-amax", "elev_max", "-fl", strconv.FormatFloat(level, 'f', -1, 64),
		"-f", "GeoJSON", src, bands)
	run.clipDur = runTool(t, tools.ogr2ogr, "-f", "GeoJSON", "-clipsrc", clipPath, clipped, bands)
	raw, err := os.ReadFile(clipped)
	if err != nil {
		t.Fatal(err)
	}
	fc, err := geojson.UnmarshalFeatureCollection(raw)
	if err != nil {
		t.Fatalf("parse ogr2ogr output: %v", err)
	}
	var below orb.MultiPolygon
	for i, f := range fc.Features {
		hi, ok := f.Properties["elev_max"].(float64)
		if !ok {
			t.Fatalf("feature %d has no numeric elev_max: %v", i, f.Properties)
		}
		if hi > level {
			continue
		}
		switch g := f.Geometry.(type) {
		case orb.Polygon:
			below = append(below, g)
		case orb.MultiPolygon:
			below = append(below, g...)
		default:
			t.Fatalf("feature %d: geometry %T, want (Multi)Polygon", i, f.Geometry)
		}
	}
	run.below, run.km2 = below, terrain.AreaKM2(below)
	return run
}

// ourBelow runs terrain.BelowLevel on dem clipped to clip and returns the
// result and how long BelowLevel took.
func ourBelow(t *testing.T, dem *raster.Grid, clip orb.Polygon, level float64) (terrain.Area, time.Duration) {
	t.Helper()
	start := time.Now()
	res, err := terrain.BelowLevel(dem, level, []*geo.Zone{clipZone("county", clip)}, terrain.Options{})
	took := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	checkValid(t, res.Areas[0])
	return res.Areas[0], took
}

// demoTileN36E111 writes the demo DEM's .hgt tiles into dir with
// demo.WriteHGT and returns the path of N36E111, the tile holding the Fen
// valley around 临汾.
func demoTileN36E111(t *testing.T, dir string) string {
	t.Helper()
	paths, err := demo.WriteHGT(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range paths {
		if filepath.Base(p) == "N36E111.hgt" {
			return p
		}
	}
	t.Fatalf("demo.WriteHGT wrote %v, no N36E111.hgt", paths)
	return ""
}

// readDEM reads a DEM with our readers, by extension.
func readDEM(t *testing.T, path string) *raster.Grid {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var g *raster.Grid
	if filepath.Ext(path) == ".hgt" {
		g, err = raster.ReadHGT(filepath.Base(path), data)
	} else {
		g, err = raster.ReadGeoTIFF(data)
	}
	if err != nil {
		t.Fatalf("read %s: %v", filepath.Base(path), err)
	}
	return g
}

// checkAgreement asserts that our area and GDAL's agree within
// gdalMaxRelDiff, that the clip is really cut by the level (neither side
// empty nor all of the clip) so the comparison cannot pass vacuously, and
// that the two areas lie in the same place: their symmetric difference,
// measured on a raster of a quarter 3″ cell, must stay under
// gdalMaxXORFrac of GDAL's area. Equal areas alone would not catch a
// lattice offset: shifting the whole DEM by half a cell moves the valley's
// two 600 m lines the same way and leaves the area almost unchanged.
func checkAgreement(t *testing.T, what string, ours terrain.Area, gdal gdalRun, clip orb.Polygon) {
	t.Helper()
	clipKM2 := terrain.AreaKM2(orb.MultiPolygon{clip})
	d := relErr(ours.AreaKM2, gdal.km2)
	xor := xorFraction(t, ours.Polygons, gdal.below, clip.Bound())
	t.Logf("%s: below %g m inside the %.1f km² clip: ours %.3f km², GDAL %.3f km², rel diff %.4f %%, symmetric difference %.3f %% of GDAL's area",
		what, gdalLevel, clipKM2, ours.AreaKM2, gdal.km2, 100*d, 100*xor)
	if !(gdal.km2 > 0.1*clipKM2 && gdal.km2 < 0.9*clipKM2) {
		t.Errorf("%s: GDAL area %.3f km² is not a proper part of the %.1f km² clip; the fixture no longer crosses %g m", what, gdal.km2, clipKM2, gdalLevel)
	}
	if !(d <= gdalMaxRelDiff) {
		t.Errorf("%s: ours %.3f km² vs GDAL %.3f km²: rel diff %.4f %% > %.1f %%", what, ours.AreaKM2, gdal.km2, 100*d, 100*gdalMaxRelDiff)
	}
	if !(xor <= gdalMaxXORFrac) {
		t.Errorf("%s: symmetric difference %.3f %% of GDAL's area > %.1f %%: the areas are not in the same place", what, 100*xor, 100*gdalMaxXORFrac)
	}
}

// xorFraction rasterises a and b over bound with square cells of a
// quarter 3″ and returns the number of cells inside exactly one of them
// over the number inside b.
func xorFraction(t *testing.T, a, b orb.MultiPolygon, bound orb.Bound) float64 {
	t.Helper()
	const cell = 1.0 / 4800
	w := int(math.Ceil((bound.Max[0]-bound.Min[0])/cell)) + 1
	h := int(math.Ceil((bound.Max[1]-bound.Min[1])/cell)) + 1
	origin := orb.Point{bound.Min[0] + cell/2, bound.Max[1] - cell/2}
	ma := raster.Rasterize([]orb.MultiPolygon{a}, w, h, origin, cell)
	mb := raster.Rasterize([]orb.MultiPolygon{b}, w, h, origin, cell)
	if ma == nil || mb == nil {
		t.Fatalf("rasterise %d×%d failed", w, h)
	}
	var diff, inB int
	for i := range ma {
		if ma[i] != mb[i] {
			diff++
		}
		if mb[i] {
			inB++
		}
	}
	if inB == 0 {
		return math.Inf(1)
	}
	return float64(diff) / float64(inB)
}

// TestBelowLevelAgreesWithGDAL is the acceptance check: the area
// below 600 m inside a county-shaped clip, computed end to end from a demo
// .hgt tile and from the same tile as a deflate-compressed tiled GeoTIFF,
// must agree within 0.5 % with gdal_contour's polygons clipped by ogr2ogr,
// both measured with terrain.AreaKM2.
func TestBelowLevelAgreesWithGDAL(t *testing.T) {
	tools := requireGDALTools(t)
	dir := t.TempDir()
	hgt := demoTileN36E111(t, filepath.Join(dir, "hgt"))
	tif := filepath.Join(dir, "N36E111.tif")
	runTool(t, tools.translate, "-q", "-co", "COMPRESS=DEFLATE", "-co", "TILED=YES", hgt, tif)
	clip := countyClip()
	clipPath := writeClip(t, dir, clip)

	ref := readDEM(t, hgt)
	if ref.X0 != 111 || ref.Y0 != 37 || ref.DX != 1.0/1200 || ref.Width != 1201 {
		t.Fatalf("hgt lattice: X0 %v Y0 %v DX %v width %d, want the tile corner 111, 37 at 3″", ref.X0, ref.Y0, ref.DX, ref.Width)
	}
	for _, tc := range []struct{ name, path string }{
		{"hgt", hgt},
		{"geotiff-deflate-tiled", tif},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := readDEM(t, tc.path)
			sameLattice(t, ref, g)
			ours, _ := ourBelow(t, g, clip, gdalLevel)
			gd := gdalBelow(t, tools, tc.path, clipPath, gdalLevel)
			checkAgreement(t, tc.name, ours, gd, clip)
		})
	}
}

// sameLattice asserts that g holds ref's samples at ref's positions (to
// 1e-9 cell, the precision of the GeoTIFF's double tags).
func sameLattice(t *testing.T, ref, g *raster.Grid) {
	t.Helper()
	if g.Width != ref.Width || g.Height != ref.Height {
		t.Fatalf("size %d×%d, want %d×%d", g.Width, g.Height, ref.Width, ref.Height)
	}
	for _, d := range []struct {
		name      string
		got, want float64
	}{{"X0", g.X0, ref.X0}, {"Y0", g.Y0, ref.Y0}, {"DX", g.DX, ref.DX}, {"DY", g.DY, ref.DY}} {
		if math.Abs(d.got-d.want) > 1e-9*ref.DX {
			t.Fatalf("%s = %.12f, want %.12f: the readers disagree on the lattice", d.name, d.got, d.want)
		}
	}
	for i := range ref.Data {
		if g.Data[i] != ref.Data[i] {
			t.Fatalf("sample %d = %v, want %v", i, g.Data[i], ref.Data[i])
		}
	}
}

// TestGDALTiming1Arcsec upsamples the demo tile to a full 3601×3601 1″
// tile with gdal_translate -r bilinear, checks agreement on it too and
// logs how long our reader and BelowLevel take against gdal_contour and
// ogr2ogr on the same file. Timings are logged, never asserted; the test
// skips under the race detector, which slows our side several times.
func TestGDALTiming1Arcsec(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the 1″ timing comparison is skipped")
	}
	if raceEnabled() {
		t.Skip("race detector on: timings would be meaningless (several times slower); run without -race")
	}
	tools := requireGDALTools(t)
	dir := t.TempDir()
	src := demoTileN36E111(t, filepath.Join(dir, "3s"))
	// -a_ullr puts the 1″ pixel centres on the SRTM 1″ lattice (corner
	// ± half a 1″ cell), so the SRTMHGT driver accepts the geotransform and
	// ReadHGT's corner convention matches gdal_contour's pixel centres.
	// Both engines read this same file, so bilinear's exact resampling
	// positions do not matter for the comparison.
	h := 0.5 / 3600
	hgt := filepath.Join(dir, "N36E111.hgt")
	runTool(t, tools.translate, "-q", "-of", "SRTMHGT", "-outsize", "3601", "3601", "-r", "bilinear",
		"-a_ullr", fmtDeg(111-h), fmtDeg(37+h), fmtDeg(112+h), fmtDeg(36-h), src, hgt)

	start := time.Now()
	g := readDEM(t, hgt)
	readDur := time.Since(start)
	if g.Width != 3601 || g.X0 != 111 || g.Y0 != 37 {
		t.Fatalf("1″ tile: width %d, X0 %v, Y0 %v; want 3601 at 111, 37", g.Width, g.X0, g.Y0)
	}
	clip := countyClip()
	clipPath := writeClip(t, dir, clip)
	ours, countyDur := ourBelow(t, g, clip, gdalLevel)
	tile := orb.Polygon{rect(111, 36, 112, 37, 4)}
	_, tileDur := ourBelow(t, g, tile, gdalLevel)
	gd := gdalBelow(t, tools, hgt, clipPath, gdalLevel)
	checkAgreement(t, "1″ hgt", ours, gd, clip)

	t.Logf("1″ 3601×3601 tile timings: ours ReadHGT %v, BelowLevel whole tile %v, BelowLevel county clip %v; "+
		"GDAL gdal_contour -p whole tile to GeoJSON %v, ogr2ogr -clipsrc county %v",
		readDur.Round(time.Millisecond), tileDur.Round(time.Millisecond), countyDur.Round(time.Millisecond),
		gd.contour.Round(time.Millisecond), gd.clipDur.Round(time.Millisecond))
}

// fmtDeg formats a coordinate for a GDAL command line without losing
// precision.
func fmtDeg(v float64) string { return fmt.Sprintf("%.12f", v) }

// raceEnabled reports whether the test binary was built with -race.
func raceEnabled() bool {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return false
	}
	for _, s := range bi.Settings {
		if s.Key == "-race" {
			return s.Value == "true"
		}
	}
	return false
}
