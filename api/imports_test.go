package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"github.com/zonegate/zonegate/api/internal/apitest"
	"mime/multipart"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zonegate/zonegate/api"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/geo"
)

// importSource is a GeoJSON with Chinese names that ogr2ogr turns into a
// GBK Shapefile in EPSG:4546.
const importSource = `{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"id":"imp1","name":"尧都区禁煤区"},"geometry":{"type":"Polygon","coordinates":[[[111.40,36.00],[111.60,36.00],[111.60,36.20],[111.40,36.20],[111.40,36.00]]]}},
{"type":"Feature","properties":{"id":"imp2","name":"侯马市"},"geometry":{"type":"Polygon","coordinates":[[[111.30,35.60],[111.35,35.60],[111.35,35.65],[111.30,35.60]]]}}]}`

// multipartFiles builds a form with the files in dir named by names and
// the fields.
func multipartFiles(t *testing.T, dir string, names []string, fields map[string]string) (string, []byte) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		w, _ := mw.CreateFormFile("file", n)
		_, _ = w.Write(b)
	}
	_ = mw.Close()
	return mw.FormDataContentType(), buf.Bytes()
}

func TestImportUploadShapefileGBK4546(t *testing.T) {
	if _, err := exec.LookPath("ogr2ogr"); err != nil {
		t.Skip("ogr2ogr not installed (apt-get install gdal-bin): the upload of a GDAL-written Shapefile is not tested")
	}
	t.Parallel()
	ts := apitest.New(t, withAnonymous(data.RoleViewer), func(o *api.Options) { o.Limits.MaxImportBytes = 64 << 10 })
	editor := "Bearer " + apitest.CreateToken(t, ts.Store, "ed", data.RoleEditor)
	inspector := "Bearer " + apitest.CreateToken(t, ts.Store, "insp", data.RoleInspector)
	dir := t.TempDir()
	src := filepath.Join(dir, "src.geojson")
	if err := os.WriteFile(src, []byte(importSource), 0o644); err != nil {
		t.Fatal(err)
	}
	if b, err := exec.Command("ogr2ogr", "-t_srs", "EPSG:4546", "-lco", "ENCODING=CP936", filepath.Join(dir, "z.shp"), src).CombinedOutput(); err != nil {
		t.Fatalf("ogr2ogr: %v %s", err, b)
	}
	files := []string{"z.shp", "z.shx", "z.dbf", "z.prj", "z.cpg"}
	ct, body := multipartFiles(t, dir, files, map[string]string{"layer": "uploaded", "kind": "coal_ban", "title": "上传"})

	// An inspector may not import.
	if code, _, b := ts.Do(t, "POST", "/v1/imports", ct, string(body), "Authorization", inspector); code != http.StatusForbidden {
		t.Fatalf("inspector: %d %s", code, b)
	}
	code, _, b := ts.Do(t, "POST", "/v1/imports", ct, string(body), "Authorization", editor)
	if code != http.StatusCreated {
		t.Fatalf("editor: %d %s", code, b)
	}
	var rep map[string]any
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	if rep["imported"] != 2.0 || rep["status"] != "draft" || rep["format"] != "shapefile" ||
		rep["crs"] != "EPSG:4546 (CGCS2000 / 3-degree Gauss-Kruger CM 111E)" || rep["encoding"] != "GBK (.cpg CP936)" {
		t.Errorf("report %s", b)
	}
	versions, err := ts.Store.ZoneVersions(context.Background(), "uploaded", "imp1")
	if err != nil || len(versions) != 1 || versions[0].Name != "尧都区禁煤区" || versions[0].Status != geo.StatusDraft {
		t.Fatalf("stored %v %v", versions, err)
	}

	// publish=true, and the same upload again: a second, published version.
	ct, body = multipartFiles(t, dir, files, map[string]string{"layer": "uploaded", "publish": "true"})
	if code, _, b := ts.Do(t, "POST", "/v1/imports", ct, string(body), "Authorization", editor); code != http.StatusCreated || !strings.Contains(string(b), `"status":"published"`) {
		t.Fatalf("publish: %d %s", code, b)
	}

	// Too large: 413 in the error shape.
	big := bytes.Repeat([]byte("x"), 70<<10)
	if code, _, b := ts.Do(t, "POST", "/v1/imports?layer=uploaded&format=geojson", "application/geo+json", string(big), "Authorization", editor); code != http.StatusRequestEntityTooLarge || !strings.Contains(string(b), "body_too_large") {
		t.Errorf("big body: %d %s", code, b)
	}
}

func TestImportUploadRefusesInvalidAndProjectedWithoutCRS(t *testing.T) {
	t.Parallel()
	ts := apitest.New(t, withAnonymous(data.RoleViewer))
	editor := "Bearer " + apitest.CreateToken(t, ts.Store, "ed", data.RoleEditor)
	doc := `{"type":"FeatureCollection","features":[
	 {"type":"Feature","id":"ok","properties":{},"geometry":{"type":"Polygon","coordinates":[[[111,36],[111.1,36],[111.1,36.1],[111,36]]]}},
	 {"type":"Feature","id":"bow","properties":{},"geometry":{"type":"Polygon","coordinates":[[[111,36],[111.1,36.1],[111.1,36],[111,36.1],[111,36]]]}},
	 {"type":"Feature","id":"when","properties":{"valid_from":"soon"},"geometry":{"type":"Polygon","coordinates":[[[111,36],[111.1,36],[111.1,36.1],[111,36]]]}}]}`
	code, _, b := ts.Do(t, "POST", "/v1/imports?layer=bad_upload&kind=coal_ban", "application/geo+json", doc, "Authorization", editor)
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("%d %s", code, b)
	}
	var e struct {
		Error struct {
			Code    string
			Message string
			Details struct {
				Report struct {
					Imported int
					Invalid  []struct {
						Index              int
						ID, Field, Problem string
					}
				}
			}
		}
	}
	if err := json.Unmarshal(b, &e); err != nil {
		t.Fatal(err)
	}
	inv := e.Error.Details.Report.Invalid
	if e.Error.Code != "invalid_features" || len(inv) != 2 || inv[0].Index != 1 || inv[0].ID != "bow" || inv[0].Field != "geometry" ||
		inv[0].Problem != geo.ProblemSelfIntersection || inv[1].Index != 2 || inv[1].Field != "valid_from" {
		t.Errorf("report %s", b)
	}
	// The bow tie could be repaired; the date could not.
	if want := "2 of 3 features are invalid; nothing was imported (1 of them have a shape make_valid=true may repair; the report lists each repair)"; e.Error.Message != want {
		t.Errorf("message %q, want %q", e.Error.Message, want)
	}
	if _, err := ts.Store.Layer(context.Background(), "bad_upload"); err == nil {
		t.Error("a refused import created its layer")
	}

	projected := `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[554540.81,3996754.4]}}]}`
	code, _, b = ts.Do(t, "POST", "/v1/imports?layer=checkpoints2&kind=checkpoint", "application/geo+json", projected, "Authorization", editor)
	if code != http.StatusBadRequest || !strings.Contains(string(b), "this looks like a projected CRS (eastings around 554541): pass --crs EPSG:45xx") {
		t.Errorf("projected: %d %s", code, b)
	}
	code, _, b = ts.Do(t, "POST", "/v1/imports?layer=checkpoints2&kind=checkpoint&crs=EPSG:2401", "application/geo+json", projected, "Authorization", editor)
	if code != http.StatusBadRequest || !strings.Contains(string(b), "seven-parameter") {
		t.Errorf("Beijing 1954: %d %s", code, b)
	}
}

// An upload with a zone over the server's vertex limit is refused with
// the limit named, and nothing is stored.
func TestImportUploadOverVertexLimit(t *testing.T) {
	t.Parallel()
	ts := apitest.New(t, withAnonymous(data.RoleViewer), func(o *api.Options) { o.Limits.MaxVertices = 4 })
	editor := "Bearer " + apitest.CreateToken(t, ts.Store, "ed", data.RoleEditor)
	doc := `{"type":"FeatureCollection","features":[
	 {"type":"Feature","id":"five","properties":{},"geometry":{"type":"Polygon","coordinates":[[[111,36],[111.1,36],[111.1,36.1],[111,36.1],[111,36]]]}}]}`
	code, _, b := ts.Do(t, "POST", "/v1/imports?layer=big&kind=coal_ban", "application/geo+json", doc, "Authorization", editor)
	var e struct {
		Error struct{ Code, Message string }
	}
	if err := json.Unmarshal(b, &e); err != nil {
		t.Fatalf("%d %s: %v", code, b, err)
	}
	want := "1 of 1 features are invalid; nothing was imported (1 of them over the server's size limits: zonegate serve --max-vertices, --max-parts)"
	if code != http.StatusUnprocessableEntity || e.Error.Code != "invalid_features" || e.Error.Message != want {
		t.Errorf("%d %s %q, want 422 invalid_features %q", code, e.Error.Code, e.Error.Message, want)
	}
	if _, err := ts.Store.Layer(context.Background(), "big"); err == nil {
		t.Error("a refused import created its layer")
	}
}
