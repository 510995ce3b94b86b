package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const importFormatsSource = `{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"id":"f1","name":"尧都区禁煤区"},"geometry":{"type":"Polygon","coordinates":[[[111.40,36.00],[111.60,36.00],[111.60,36.20],[111.40,36.20],[111.40,36.00]]]}}]}`

// TestImportShapefileGBKGaussKruger imports a GBK Shapefile in EPSG:4546
// that GDAL wrote, and a GeoJSON in EPSG:4546 without a crs member, which
// is refused with the --crs hint and then accepted with --crs.
func TestImportShapefileGBKGaussKruger(t *testing.T) {
	if _, err := exec.LookPath("ogr2ogr"); err != nil {
		t.Skip("ogr2ogr not installed (apt-get install gdal-bin): the GDAL-written import is not tested")
	}
	t.Parallel()
	dir := t.TempDir()
	src := filepath.Join(dir, "src.geojson")
	if err := os.WriteFile(src, []byte(importFormatsSource), 0o644); err != nil {
		t.Fatal(err)
	}
	shp := filepath.Join(dir, "zones.shp")
	if b, err := exec.Command("ogr2ogr", "-t_srs", "EPSG:4546", "-lco", "ENCODING=CP936", shp, src).CombinedOutput(); err != nil {
		t.Fatalf("ogr2ogr: %v %s", err, b)
	}
	store := filepath.Join(dir, "z.db")
	stdout, stderr, err := runCmd(t, "import", "--store", store, "--layer", "coal_ban", "--kind", "coal_ban", shp)
	if err != nil || !strings.HasPrefix(stdout, "imported 1 zones into layer coal_ban") ||
		!strings.Contains(stderr, "coordinates EPSG:4546 (CGCS2000 / 3-degree Gauss-Kruger CM 111E), text GBK (.cpg CP936)") {
		t.Fatalf("shapefile: %v\nstdout %s\nstderr %s", err, stdout, stderr)
	}

	// GeoJSON in EPSG:4546 with the crs member stripped.
	gj := filepath.Join(dir, "gk.geojson")
	if b, err := exec.Command("ogr2ogr", "-t_srs", "EPSG:4546", "-lco", "WRITE_NAME=NO", gj, src).CombinedOutput(); err != nil {
		t.Fatalf("ogr2ogr: %v %s", err, b)
	}
	raw, _ := os.ReadFile(gj)
	s := string(raw)
	if i := strings.Index(s, `"crs"`); i >= 0 {
		j := strings.Index(s[i:], "},\n") + i
		s = s[:i] + s[j+3:]
	}
	if err := os.WriteFile(gj, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err = runCmd(t, "import", "--store", store, "--layer", "coal_ban", gj)
	if err == nil || !strings.Contains(err.Error(), "this looks like a projected CRS (eastings around 5") || !strings.Contains(err.Error(), "pass --crs EPSG:45xx") {
		t.Fatalf("projected without crs: %v", err)
	}
	stdout, _, err = runCmd(t, "import", "--store", store, "--layer", "coal_ban", "--crs", "EPSG:4546", "--publish=false", gj)
	if err != nil || !strings.HasPrefix(stdout, "imported as drafts 1 zones") {
		t.Fatalf("with --crs: %v %s", err, stdout)
	}
}
