package export

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/zonegate/zonegate/geo"
)

var cst = time.FixedZone("CST", 8*3600)

// fixture is a small coal-ban layer around Linfen: a polygon with a hole,
// a two-part MultiPolygon, Chinese names, a long Chinese property name, a
// property that needs defusing in CSV, numbers, a boolean and an open
// validity.
func fixture() Layer {
	sq := func(x, y, d float64) orb.Ring {
		return orb.Ring{{x, y}, {x + d, y}, {x + d, y + d}, {x, y + d}, {x, y}}
	}
	hole := orb.Ring{{111.52, 36.02}, {111.52, 36.04}, {111.54, 36.04}, {111.54, 36.02}, {111.52, 36.02}}
	return Layer{
		Layer: geo.Layer{ID: "coal_ban", Kind: geo.Kind("coal_ban"), Title: "禁煤区", Description: "临汾市禁煤区"},
		Zones: []*geo.Zone{
			{ID: "a-1", Name: "尧都区禁煤区", Kind: "coal_ban", Layer: "coal_ban", Status: geo.StatusPublished,
				Geometry:   orb.Polygon{sq(111.5, 36.0, 0.1), hole},
				Validity:   geo.Validity{From: time.Date(2020, 11, 1, 0, 0, 0, 0, cst), To: time.Date(2021, 3, 15, 0, 0, 0, 0, cst)},
				Properties: map[string]any{"adcode": 141002.0, "area_km2": 93.25, "管控区域责任单位名称": "临汾市生态环境局", "note": "=HYPERLINK(\"x\")", "strict": true}},
			{ID: "b-2", Name: "Xiangfen 襄汾", Kind: "coal_ban", Layer: "coal_ban", Status: geo.StatusPublished,
				Geometry:   orb.MultiPolygon{{sq(111.40, 35.80, 0.05)}, {sq(111.50, 35.80, 0.03)}},
				Validity:   geo.Validity{From: time.Date(2020, 10, 15, 0, 0, 0, 0, cst)},
				Properties: map[string]any{"adcode": 141023.0, "area_km2": 3.5, "管控区域责任单位名称_2": "襄汾县"}},
		},
	}
}

func needGDAL(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("ogr2ogr"); err != nil {
		t.Skip("ogr2ogr (GDAL) is not installed: skipping the cross-check with GDAL")
	}
}

// gdalFeatures reads path with GDAL (ogr2ogr to GeoJSON, reprojected to
// EPSG:4326 when toWGS84) and returns the features by their id attribute.
func gdalFeatures(t *testing.T, path string, toWGS84 bool, extra ...string) map[string]*geojson.Feature {
	t.Helper()
	args := []string{"-f", "GeoJSON", "/vsistdout/", path}
	if toWGS84 {
		args = append([]string{"-t_srs", "EPSG:4326"}, args...)
	}
	args = append(args, extra...)
	out, err := exec.Command("ogr2ogr", args...).CombinedOutput()
	if err != nil {
		t.Fatalf("ogr2ogr %v: %v\n%s", args, err, out)
	}
	fc, err := geojson.UnmarshalFeatureCollection(out)
	if err != nil {
		t.Fatalf("GDAL output: %v\n%s", err, out)
	}
	byID := map[string]*geojson.Feature{}
	for _, f := range fc.Features {
		id := f.Properties.MustString("id", "")
		if id == "" {
			id, _ = f.ID.(string) // GDAL's GeoJSON writer moves an id field to the Feature id
		}
		byID[id] = f
	}
	return byID
}

// ogrinfo runs ogrinfo -so -al on path and returns its output.
func ogrinfo(t *testing.T, path string, args ...string) string {
	t.Helper()
	out, err := exec.Command("ogrinfo", append([]string{"-ro", "-so", "-al", path}, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("ogrinfo %s: %v\n%s", path, err, out)
	}
	return string(out)
}

// sameGeometry compares got with want vertex by vertex within tol
// (degrees), each ring in either direction from the same start.
func sameGeometry(t *testing.T, id string, got, want orb.Geometry, tol float64) {
	t.Helper()
	g, ok1 := geo.MultiPolygonOf(got)
	w, ok2 := geo.MultiPolygonOf(want)
	if !ok1 || !ok2 || len(g) != len(w) {
		t.Fatalf("%s: geometry %T with %d parts, want %T with %d", id, got, len(g), want, len(w))
	}
	for i := range w {
		if len(g[i]) != len(w[i]) {
			t.Fatalf("%s part %d: %d rings, want %d", id, i, len(g[i]), len(w[i]))
		}
		for j := range w[i] {
			gr, wr := g[i][j], w[i][j]
			if len(gr) != len(wr) {
				t.Fatalf("%s part %d ring %d: %d points, want %d", id, i, j, len(gr), len(wr))
			}
			fwd, back := true, true
			for k := range wr {
				fwd = fwd && near(gr[k], wr[k], tol)
				back = back && near(gr[len(gr)-1-k], wr[k], tol)
			}
			if !fwd && !back {
				t.Errorf("%s part %d ring %d: %v, want %v (±%g)", id, i, j, gr, wr, tol)
			}
		}
	}
}

func near(a, b orb.Point, tol float64) bool {
	return math.Abs(a[0]-b[0]) <= tol && math.Abs(a[1]-b[1]) <= tol
}

// checkGDALRead checks what GDAL reads back from path against the
// fixture: the feature count, the names and the geometry.
func checkGDALRead(t *testing.T, path string, toWGS84 bool, tol float64, extra ...string) map[string]*geojson.Feature {
	t.Helper()
	l := fixture()
	got := gdalFeatures(t, path, toWGS84, extra...)
	if len(got) != len(l.Zones) {
		t.Fatalf("GDAL reads %d features from %s, want %d", len(got), filepath.Base(path), len(l.Zones))
	}
	for _, z := range l.Zones {
		f := got[z.ID]
		if f == nil {
			t.Fatalf("%s: no feature %s", path, z.ID)
		}
		name := f.Properties.MustString("name", f.Properties.MustString("Name", "")) // KML: <name> is GDAL's Name
		if name != z.Name {
			t.Errorf("%s: %s name %q, want %q", filepath.Base(path), z.ID, name, z.Name)
		}
		sameGeometry(t, z.ID, f.Geometry, z.Geometry, tol)
	}
	return got
}

// oneMillimetreInDegrees bounds a 1 mm error in latitude or longitude at
// 36°N.
const oneMillimetreInDegrees = 1e-3 / 111000 * 1.3

func TestFormatsReadByGDAL(t *testing.T) {
	needGDAL(t)
	ctx := context.Background()
	cases := []struct {
		file    string
		format  Format
		crs     string
		enc     Encoding
		toWGS84 bool
		tol     float64
		extra   []string
	}{
		{"a.geojson", GeoJSON, "", "", false, 1e-12, nil},
		{"a4490.geojson", GeoJSON, "EPSG:4490", "", false, 1e-12, nil},
		{"a4546.geojson", GeoJSON, "EPSG:4546", "", true, oneMillimetreInDegrees, nil},
		{"a.gpkg", GeoPackage, "", "", false, 1e-12, nil},
		{"a4546.gpkg", GeoPackage, "EPSG:4546", "", true, oneMillimetreInDegrees, nil},
		{"a4525.gpkg", GeoPackage, "EPSG:4525", "", true, oneMillimetreInDegrees, nil},
		{"a.shp", Shapefile, "", UTF8, false, 1e-12, nil},
		{"gbk.shp", Shapefile, "", GBK, false, 1e-12, nil},
		{"a4546.zip", Shapefile, "EPSG:4546", UTF8, true, oneMillimetreInDegrees, nil},
		{"a4502.shp", Shapefile, "EPSG:4508", GBK, true, oneMillimetreInDegrees, nil},
		{"a4497.gpkg", GeoPackage, "EPSG:4497", "", true, oneMillimetreInDegrees, nil},
		{"a3857.gpkg", GeoPackage, "EPSG:3857", "", true, 1e-9, nil},
		{"a.kml", KML, "", "", false, 1e-12, nil},
		{"a.csv", CSV, "", "", false, 1e-12, []string{"-oo", "GEOM_POSSIBLE_NAMES=WKT", "-oo", "KEEP_GEOM_COLUMNS=NO"}},
	}
	dir := t.TempDir()
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			t.Parallel()
			cr, err := ParseCRS(c.crs)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, c.file)
			if _, err := WriteFile(ctx, path, c.format, fixture(), Options{CRS: cr, Encoding: c.enc}); err != nil {
				t.Fatal(err)
			}
			read := path
			if strings.HasSuffix(path, ".zip") {
				read = "/vsizip/" + path
			}
			info := ogrinfo(t, read)
			if !strings.Contains(info, "Feature Count: 2") {
				t.Errorf("ogrinfo: no 'Feature Count: 2':\n%s", info)
			}
			if cr.EPSG != 4326 && c.format != KML && c.format != CSV {
				if !strings.Contains(info, `ID["EPSG",`+itoa(cr.EPSG)+`]`) && !strings.Contains(info, "EPSG\",\""+itoa(cr.EPSG)) {
					t.Errorf("ogrinfo does not identify EPSG:%d:\n%s", cr.EPSG, info)
				}
			}
			got := checkGDALRead(t, read, c.toWGS84, c.tol, c.extra...)
			if c.format == KML {
				return // KML holds text only
			}
			a := got["a-1"].Properties
			if a.MustString("管控区域责任单位名称", a.MustString("管控区", "")) == "" && c.format != Shapefile {
				t.Errorf("long Chinese property lost: %v", a)
			}
		})
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func TestCSVHasBOMAndDefusesFormulas(t *testing.T) {
	var b bytes.Buffer
	if err := WriteCSV(&b, fixture(), Options{}); err != nil {
		t.Fatal(err)
	}
	s := b.String()
	if !strings.HasPrefix(s, "\xef\xbb\xbf"+"WKT,id,name,valid_from,valid_to,adcode,area_km2,note,strict,") {
		t.Fatalf("CSV head: %q", s[:min(len(s), 120)])
	}
	if !strings.Contains(s, `"'=HYPERLINK(""x"")"`) {
		t.Errorf("formula not defused:\n%s", s)
	}
	if !strings.Contains(s, "2020-11-01T00:00:00+08:00,2021-03-15T00:00:00+08:00,141002,93.25,") {
		t.Errorf("values:\n%s", s)
	}
}

func TestDBFFieldNamesFitTenBytes(t *testing.T) {
	cols := Columns(fixture().Zones)
	for _, enc := range []Encoding{UTF8, GBK} {
		fields, err := DBFFields(cols, fixture().Zones, enc, cst)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, f := range fields {
			got[f.Column] = f.Name
		}
		want := map[Encoding][2]string{
			UTF8: {"管控区", "管控_1"},     // 9 bytes; the second is cut to 7 + "_1"
			GBK:  {"管控区域责", "管控区域_1"}, // 2 bytes a character
		}[enc]
		if got["管控区域责任单位名称"] != want[0] || got["管控区域责任单位名称_2"] != want[1] {
			t.Errorf("%s: field names %v, want %v", enc, got, want)
		}
	}
}

func TestShapefileGBK(t *testing.T) {
	dir := t.TempDir()
	if _, err := WriteFile(context.Background(), filepath.Join(dir, "g.shp"), Shapefile, fixture(), Options{Encoding: GBK}); err != nil {
		t.Fatal(err)
	}
	dbf, err := os.ReadFile(filepath.Join(dir, "g.dbf"))
	if err != nil {
		t.Fatal(err)
	}
	if dbf[29] != 0x4D {
		t.Errorf("language byte %#x, want 0x4D (CP936)", dbf[29])
	}
	cpg, _ := os.ReadFile(filepath.Join(dir, "g.cpg"))
	if string(cpg) != "GBK" {
		t.Errorf(".cpg %q", cpg)
	}
	// 尧 in GBK is D2 A2.
	if !bytes.Contains(dbf, []byte{0xD2, 0xA2}) {
		t.Error("DBF has no GBK text")
	}
}

// TestGeoPackageIsClean opens the GeoPackage with GDAL: no warnings, the
// R-tree index is recognised, the feature table is typed.
func TestGeoPackageIsClean(t *testing.T) {
	needGDAL(t)
	path := filepath.Join(t.TempDir(), "c.gpkg")
	if err := WriteGeoPackage(context.Background(), path, fixture(), Options{}); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("ogrinfo", "-ro", path, "-sql", "SELECT HasSpatialIndex('coal_ban', 'geom')").CombinedOutput()
	if err != nil {
		t.Fatalf("ogrinfo: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "HasSpatialIndex (Integer) = 1") {
		t.Errorf("GDAL sees no spatial index:\n%s", out)
	}
	info := ogrinfo(t, path)
	for _, bad := range []string{"Warning", "ERROR"} {
		if strings.Contains(info, bad) {
			t.Errorf("ogrinfo reports %s:\n%s", bad, info)
		}
	}
	if !strings.Contains(info, "Geometry: Multi Polygon") || !strings.Contains(info, "adcode: Integer") ||
		!strings.Contains(info, "area_km2: Real") || !strings.Contains(info, "strict: Integer(Boolean)") {
		t.Errorf("feature table not typed as expected:\n%s", info)
	}
}

// TestShapefileGBKWithoutCPG reads a GBK Shapefile whose .cpg was lost:
// GDAL falls back to the DBF language byte (0x4D, code page 936) and the
// Chinese names are still intact.
func TestShapefileGBKWithoutCPG(t *testing.T) {
	needGDAL(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "g.shp")
	if _, err := WriteFile(context.Background(), path, Shapefile, fixture(), Options{Encoding: GBK}); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "g.cpg")); err != nil {
		t.Fatal(err)
	}
	checkGDALRead(t, path, false, 1e-12)
}
