package sourcefile_test

import (
	"archive/zip"
	"encoding/binary"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/data/sourcefile"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/ingest"
)

// sourceGeoJSON is the oracle: Chinese names, a polygon with a hole, a
// multipolygon, numbers, in WGS84 around Linfen (CGCS2000 3° zone CM 111°E).
const sourceGeoJSON = `{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"id":"yaodu","name":"尧都区禁煤区","pop":12.5,"county":"尧都区"},"geometry":{"type":"Polygon","coordinates":[
 [[111.40,36.00],[111.60,36.00],[111.60,36.20],[111.40,36.20],[111.40,36.00]],
 [[111.45,36.05],[111.45,36.10],[111.50,36.10],[111.50,36.05],[111.45,36.05]]]}},
{"type":"Feature","properties":{"id":"houma","name":"侯马市（甲）","pop":3,"county":"侯马市"},"geometry":{"type":"MultiPolygon","coordinates":[
 [[[111.30,35.60],[111.35,35.60],[111.35,35.65],[111.30,35.65],[111.30,35.60]]],
 [[[111.40,35.60],[111.45,35.60],[111.42,35.66],[111.40,35.60]]]]}}]}`

var want = map[string]struct {
	name, county string
	pop          float64
	vertices     []orb.Point
}{
	"yaodu": {"尧都区禁煤区", "尧都区", 12.5, []orb.Point{{111.40, 36.00}, {111.60, 36.00}, {111.60, 36.20}, {111.40, 36.20}, {111.45, 36.05}, {111.45, 36.10}, {111.50, 36.10}, {111.50, 36.05}}},
	"houma": {"侯马市（甲）", "侯马市", 3, []orb.Point{{111.30, 35.60}, {111.35, 35.60}, {111.35, 35.65}, {111.30, 35.65}, {111.40, 35.60}, {111.45, 35.60}, {111.42, 35.66}}},
}

var testLayer = geo.Layer{ID: "coal_ban", Kind: geo.KindCoalBan, Title: "禁煤区"}

func needOGR(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("ogr2ogr"); err != nil {
		t.Skip("ogr2ogr not installed (apt-get install gdal-bin): the GDAL-written files are not tested")
	}
}

// ogr runs ogr2ogr from the source GeoJSON to out with extra arguments.
func ogr(t *testing.T, dir, out string, args ...string) string {
	t.Helper()
	src := filepath.Join(dir, "source.geojson")
	if err := os.WriteFile(src, []byte(sourceGeoJSON), 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, out)
	cmd := exec.Command("ogr2ogr", append(append([]string{}, args...), path, src)...)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ogr2ogr %v: %v\n%s", args, err, b)
	}
	return path
}

func metres(a, b orb.Point) float64 {
	const m = 111319.49
	return math.Hypot((a[0]-b[0])*m*math.Cos(a[1]*math.Pi/180), (a[1]-b[1])*m)
}

func vertices(g orb.Geometry) []orb.Point {
	var out []orb.Point
	var ring func(r orb.Ring)
	ring = func(r orb.Ring) { out = append(out, r[:len(r)-1]...) }
	switch v := g.(type) {
	case orb.Polygon:
		for _, r := range v {
			ring(r)
		}
	case orb.MultiPolygon:
		for _, p := range v {
			for _, r := range p {
				ring(r)
			}
		}
	}
	return out
}

// checkDataset converts ds (CRS as declared, or crsOverride) and compares
// every vertex with the source within 1 mm, names exactly, and holes.
func checkDataset(t *testing.T, ds *sourcefile.Dataset, crsOverride string) {
	t.Helper()
	sys, err := ingest.ResolveCRS(ds.CRS, crsOverride)
	if err != nil {
		t.Fatalf("CRS %q: %v", ds.CRS, err)
	}
	zones, bad, err := ingest.Features(ds.Features, testLayer, ingest.Options{CRS: sys})
	if err != nil || len(bad) != 0 {
		t.Fatalf("ingest: %v %v", err, bad)
	}
	if len(zones) != len(want) {
		t.Fatalf("%d zones, want %d", len(zones), len(want))
	}
	worst := 0.0
	for _, z := range zones {
		w, ok := want[z.ID]
		if !ok {
			t.Fatalf("unexpected zone id %q (properties %v)", z.ID, z.Properties)
		}
		if z.Name != w.name || z.Properties["county"] != w.county {
			t.Errorf("%s: name %q county %q, want %q %q", z.ID, z.Name, z.Properties["county"], w.name, w.county)
		}
		if pop, _ := z.Properties["pop"].(float64); pop != w.pop {
			if s, _ := z.Properties["pop"].(string); s == "" {
				t.Errorf("%s: pop %v (%T), want %v", z.ID, z.Properties["pop"], z.Properties["pop"], w.pop)
			}
		}
		got := vertices(z.Geometry)
		if len(got) != len(w.vertices) {
			t.Fatalf("%s: %d vertices, want %d: %v", z.ID, len(got), len(w.vertices), z.Geometry)
		}
		for _, p := range got {
			best := math.Inf(1)
			for _, q := range w.vertices {
				best = math.Min(best, metres(p, q))
			}
			worst = math.Max(worst, best)
			if best > 0.001 {
				t.Errorf("%s: vertex %v is %.4f m from the source", z.ID, p, best)
			}
		}
		if z.ID == "yaodu" {
			if p, ok := z.Geometry.(orb.Polygon); !ok || len(p) != 2 {
				t.Errorf("yaodu: want a polygon with one hole, got %T %v", z.Geometry, z.Geometry)
			}
		}
	}
	t.Logf("%s %s (%s, %s): worst vertex %.2e m from the source", ds.Format, ds.Table, sys, ds.Encoding, worst)
}

func TestGDALFiles(t *testing.T) {
	needOGR(t)
	t.Parallel()
	cases := []struct {
		name, out string
		args      []string
		opts      sourcefile.Options
		dropCPG   bool
	}{
		{"shp utf8 4326", "z.shp", []string{"-lco", "ENCODING=UTF-8"}, sourcefile.Options{}, false},
		{"shp gbk cpg 4546", "z.shp", []string{"-t_srs", "EPSG:4546", "-lco", "ENCODING=CP936"}, sourcefile.Options{}, false},
		{"shp gbk ldid 4490", "z.shp", []string{"-t_srs", "EPSG:4490", "-lco", "ENCODING=LDID/77"}, sourcefile.Options{}, false},
		{"shp gbk no cpg --encoding", "z.shp", []string{"-t_srs", "EPSG:4526", "-lco", "ENCODING=CP936"}, sourcefile.Options{Encoding: "gbk"}, true},
		{"shp 3857", "z.shp", []string{"-t_srs", "EPSG:3857", "-lco", "ENCODING=UTF-8"}, sourcefile.Options{}, false},
		{"gpkg 4546", "z.gpkg", []string{"-t_srs", "EPSG:4546", "-nln", "zones"}, sourcefile.Options{}, false},
		{"gpkg 4490", "z.gpkg", []string{"-t_srs", "EPSG:4490"}, sourcefile.Options{}, false},
		{"gpkg 3857", "z.gpkg", []string{"-t_srs", "EPSG:3857"}, sourcefile.Options{}, false},
		{"geojson 4546", "z.geojson", []string{"-t_srs", "EPSG:4546"}, sourcefile.Options{}, false},
		{"geojson 3857", "z.geojson", []string{"-t_srs", "EPSG:3857"}, sourcefile.Options{}, false},
		{"geojson 4490", "z.geojson", []string{"-t_srs", "EPSG:4490"}, sourcefile.Options{}, false},
		{"kml", "z.kml", []string{"-f", "KML"}, sourcefile.Options{}, false},
		{"csv wkt 4546", "z.csv", []string{"-t_srs", "EPSG:4546", "-lco", "GEOMETRY=AS_WKT"}, sourcefile.Options{}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			path := ogr(t, dir, c.out, c.args...)
			crsOverride := ""
			if c.dropCPG {
				os.Remove(filepath.Join(dir, "z.cpg"))
			}
			if c.out == "z.csv" {
				crsOverride = "EPSG:4546" // CSV carries no CRS
			}
			ds, err := sourcefile.Open(path, c.opts)
			if err != nil {
				t.Fatal(err)
			}
			checkDataset(t, ds, crsOverride)
		})
	}
}

// TestShapefileWithoutEncodingHint: GBK text, no .cpg and no language
// byte: refused with the --encoding hint rather than mojibake.
func TestShapefileWithoutEncodingHint(t *testing.T) {
	needOGR(t)
	t.Parallel()
	dir := t.TempDir()
	path := ogr(t, dir, "z.shp", "-lco", "ENCODING=CP936")
	os.Remove(filepath.Join(dir, "z.cpg"))
	_, err := sourcefile.Open(path, sourcefile.Options{})
	if err == nil || !strings.Contains(err.Error(), "pass --encoding gbk") {
		t.Fatalf("err %v", err)
	}
}

// TestShapefileHoleFirst rewrites a GDAL-written polygon so that its hole
// ring comes before its shell: nesting by containment still finds it.
func TestShapefileHoleFirst(t *testing.T) {
	needOGR(t)
	t.Parallel()
	dir := t.TempDir()
	path := ogr(t, dir, "z.shp", "-t_srs", "EPSG:4546", "-lco", "ENCODING=UTF-8")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// Record 1 (yaodu): content at 108; parts at 108+44, points after.
	le := binary.LittleEndian
	rec := b[108:]
	if le.Uint32(rec[0:]) != 5 || le.Uint32(rec[36:]) != 2 {
		t.Fatalf("record 1 is not a 2-part polygon")
	}
	nPoints := int(le.Uint32(rec[40:]))
	second := int(le.Uint32(rec[48:]))
	pts := rec[52 : 52+16*nPoints]
	swapped := append(append([]byte{}, pts[16*second:]...), pts[:16*second]...)
	copy(pts, swapped)
	le.PutUint32(rec[48:], uint32(nPoints-second))
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	ds, err := sourcefile.Open(path, sourcefile.Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkDataset(t, ds, "")
}

// TestZippedShapefile reads the Shapefile's siblings from a zip.
func TestZippedShapefile(t *testing.T) {
	needOGR(t)
	t.Parallel()
	dir := t.TempDir()
	ogr(t, dir, "z.shp", "-t_srs", "EPSG:4546", "-lco", "ENCODING=CP936")
	writeZip(t, filepath.Join(dir, "z.zip"), dir, "z.shp", "z.shx", "z.dbf", "z.prj", "z.cpg")
	ds, err := sourcefile.Open(filepath.Join(dir, "z.zip"), sourcefile.Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkDataset(t, ds, "")
}

// writeZip stores the named files of dir in a new zip archive at path.
func writeZip(t *testing.T, path, dir string, names ...string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for _, name := range names {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(b); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
