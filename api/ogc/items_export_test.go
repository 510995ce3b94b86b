package ogc_test

import (
	"bytes"
	"math"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/zonegate/zonegate/api/internal/apitest"
	"github.com/zonegate/zonegate/geo"
)

// TestOGCItemsExportFormats fetches the same items query as GeoJSON and
// as each file format (by f= and by Accept), reads the files with GDAL and
// compares ids, names and every vertex with the GeoJSON answer.
func TestOGCItemsExportFormats(t *testing.T) {
	if _, err := exec.LookPath("ogr2ogr"); err != nil {
		t.Skip("ogr2ogr (GDAL) is not installed: skipping the export cross-check")
	}
	ts := apitest.New(t)
	const query = "/collections/counties/items?bbox=111.2,35.8,111.8,36.3&limit=50"
	want := getItems(t, ts, query)
	if len(want.fc.Features) < 3 {
		t.Fatalf("the query selects %d counties; the test needs several", len(want.fc.Features))
	}
	cases := []struct {
		name, f, accept, contentType, ext string
	}{
		{"gpkg", "gpkg", "", "application/geopackage+sqlite3", ".gpkg"},
		{"shp", "shp", "", "application/x-shapefile", ".zip"},
		{"kml", "kml", "", "application/vnd.google-earth.kml+xml", ".kml"},
		{"csv", "csv", "", "text/csv; charset=utf-8", ".csv"},
		{"accept-gpkg", "", "application/geopackage+sqlite3", "application/geopackage+sqlite3", ".gpkg"},
		{"accept-csv", "", "text/csv;q=0.9, */*;q=0.1", "text/csv; charset=utf-8", ".csv"},
	}
	dir := t.TempDir()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			path := query
			if c.f != "" {
				path += "&f=" + c.f
			}
			var header []string
			if c.accept != "" {
				header = []string{"Accept", c.accept}
			}
			resp, body := ts.Send(t, http.MethodGet, path, "", header...)
			if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != c.contentType {
				t.Fatalf("GET %s: %d %q: %.200s", path, resp.StatusCode, resp.Header.Get("Content-Type"), body)
			}
			if cd := resp.Header.Get("Content-Disposition"); cd != `attachment; filename="counties`+c.ext+`"` {
				t.Errorf("Content-Disposition %q", cd)
			}
			file := filepath.Join(dir, c.name+c.ext)
			if err := os.WriteFile(file, body, 0o644); err != nil {
				t.Fatal(err)
			}
			read, extra := file, []string(nil)
			switch c.ext {
			case ".zip":
				read = "/vsizip/" + file
			case ".csv":
				if !bytes.HasPrefix(body, []byte("\xef\xbb\xbfWKT,id,name,")) {
					t.Errorf("CSV starts %q, want the UTF-8 BOM and WKT,id,name", body[:min(len(body), 20)])
				}
				extra = []string{"-oo", "GEOM_POSSIBLE_NAMES=WKT", "-oo", "KEEP_GEOM_COLUMNS=NO"}
			}
			compareWithGDAL(t, read, want.fc, extra)
		})
	}
}

func compareWithGDAL(t *testing.T, path string, want *geojson.FeatureCollection, extra []string) {
	t.Helper()
	out, err := exec.Command("ogr2ogr", append([]string{"-f", "GeoJSON", "/vsistdout/", path}, extra...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("ogr2ogr %s: %v\n%s", path, err, out)
	}
	got, err := geojson.UnmarshalFeatureCollection(out)
	if err != nil {
		t.Fatalf("GDAL output: %v", err)
	}
	if len(got.Features) != len(want.Features) {
		t.Fatalf("GDAL reads %d features, want %d", len(got.Features), len(want.Features))
	}
	byID := map[string]*geojson.Feature{}
	for _, f := range got.Features {
		id := f.Properties.MustString("id", "")
		if id == "" {
			id, _ = f.ID.(string)
		}
		byID[id] = f
	}
	for _, w := range want.Features {
		id, _ := w.ID.(string)
		g := byID[id]
		if g == nil {
			t.Fatalf("no feature %s in %s", id, path)
		}
		name := g.Properties.MustString("name", g.Properties.MustString("Name", ""))
		if wn := w.Properties.MustString("name", ""); name != wn {
			t.Errorf("%s: name %q, want %q", id, name, wn)
		}
		gm, _ := geo.MultiPolygonOf(g.Geometry)
		wm, _ := geo.MultiPolygonOf(w.Geometry)
		if !sameRings(gm, wm) {
			t.Errorf("%s: geometry differs:\n got %v\nwant %v", id, gm, wm)
		}
	}
}

// sameRings compares vertex by vertex within 1e-9°, each ring forwards or
// backwards (Shapefiles store outer rings clockwise).
func sameRings(a, b orb.MultiPolygon) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if len(a[i]) != len(b[i]) {
			return false
		}
		for j := range a[i] {
			ra, rb := a[i][j], b[i][j]
			if len(ra) != len(rb) {
				return false
			}
			fwd, back := true, true
			for k := range rb {
				fwd = fwd && closeTo(ra[k], rb[k])
				back = back && closeTo(ra[len(ra)-1-k], rb[k])
			}
			if !fwd && !back {
				return false
			}
		}
	}
	return true
}

func closeTo(a, b orb.Point) bool { return math.Abs(a[0]-b[0]) < 1e-9 && math.Abs(a[1]-b[1]) < 1e-9 }

func TestOGCItemsExportErrors(t *testing.T) {
	ts := apitest.New(t)
	for _, c := range []struct {
		path   string
		status int
		field  string
	}{
		{"/collections/counties/items?f=xlsx", http.StatusBadRequest, `"field":"f"`},
		{"/collections/counties/items?f=gpkg&limit=0", http.StatusBadRequest, `"field":"limit"`},
		{"/collections/counties/items?f=shp&bbox=1,2", http.StatusBadRequest, `"field":"bbox"`},
		{"/collections/nope/items?f=kml", http.StatusNotFound, `"field":"collectionId"`},
	} {
		status, _, body := ts.Do(t, http.MethodGet, c.path, "", "")
		if status != c.status || !strings.Contains(string(body), c.field) {
			t.Errorf("GET %s = %d %s, want %d naming %s", c.path, status, body, c.status, c.field)
		}
	}
}
