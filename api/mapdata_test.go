package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/zonegate/zonegate/api"
	"github.com/zonegate/zonegate/api/internal/apitest"
	"github.com/zonegate/zonegate/tiles/style"
)

type labelDoc struct {
	Features []struct {
		Geometry struct {
			Coordinates [2]float64 `json:"coordinates"`
		} `json:"geometry"`
		Properties struct {
			Layer, Kind, ID, Name, Geom string
			Bbox                        []float64
		} `json:"properties"`
	} `json:"features"`
}

// TestLabels: every named zone has one label point, inside its own zone
// (the point lookup at it finds the zone), and dates before the zones
// existed have none of them.
func TestLabels(t *testing.T) {
	t.Parallel()
	ts := apitest.New(t)
	res, body := ts.Send(t, http.MethodGet, "/v1/labels", "")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /v1/labels: %d %s", res.StatusCode, body)
	}
	var doc labelDoc
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatal(err)
	}
	byKind := map[string]int{}
	checked := 0
	for _, f := range doc.Features {
		p := f.Properties
		byKind[p.Kind+"/"+p.Geom]++
		if p.Kind != "coal_ban" && p.Kind != "admin" {
			continue
		}
		c := f.Geometry.Coordinates
		if len(p.Bbox) != 4 || c[0] < p.Bbox[0] || c[0] > p.Bbox[2] || c[1] < p.Bbox[1] || c[1] > p.Bbox[3] {
			t.Errorf("%s %s: label point %v outside its bbox %v", p.Layer, p.ID, c, p.Bbox)
		}
		_, zb := ts.Send(t, http.MethodGet, fmt.Sprintf("/v1/zones/at?lon=%v&lat=%v", c[0], c[1]), "")
		if !strings.Contains(string(zb), `"id":"`+p.ID+`"`) {
			t.Errorf("%s %s (%s): the zones at its label point %v do not include it", p.Layer, p.ID, p.Name, c)
		}
		checked++
	}
	if byKind["admin/area"] != 17 || byKind["coal_ban/area"] == 0 || byKind["checkpoint/point"] == 0 || byKind["coal_route/line"] == 0 {
		t.Errorf("labels by kind/geom = %v; want 17 counties, coal-ban areas, checkpoints and routes", byKind)
	}
	t.Logf("%d labels, %d checked inside their zone", len(doc.Features), checked)

	_, early := ts.Send(t, http.MethodGet, "/v1/labels?at=2020-05-01", "")
	if strings.Contains(string(early), `"kind":"coal_ban"`) {
		t.Error("labels as of 2020-05-01 include coal-ban zones, which began on 2020-05-15")
	}
	if res, body := ts.Send(t, http.MethodGet, "/v1/labels?at=yesterday", ""); res.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), `"field":"at"`) {
		t.Errorf("at=yesterday: %d %s, want 400 naming at", res.StatusCode, body)
	}
}

func TestGlyphsAndStyleLabels(t *testing.T) {
	t.Parallel()
	ts := apitest.New(t)
	res, body := ts.Send(t, http.MethodGet, "/fonts/DejaVu%20Sans%20Book/0-255.pbf", "")
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/x-protobuf" || len(body) < 10000 {
		t.Errorf("Latin glyphs: %d %s, %d bytes", res.StatusCode, res.Header.Get("Content-Type"), len(body))
	}
	if res, _ := ts.Send(t, http.MethodGet, "/fonts/DejaVu%20Sans%20Book/19968-20223.pbf", ""); res.StatusCode != http.StatusOK {
		t.Errorf("an uncovered CJK range: %d, want 200 (empty range)", res.StatusCode)
	}
	if res, body := ts.Send(t, http.MethodGet, "/fonts/DejaVu%20Sans%20Book/1-2.pbf", ""); res.StatusCode != http.StatusNotFound || !strings.Contains(string(body), "range") {
		t.Errorf("bad range: %d %s, want 404", res.StatusCode, body)
	}
	_, sb := ts.Send(t, http.MethodGet, "/styles/zones.json", "")
	var st style.Style
	if err := json.Unmarshal(sb, &st); err != nil {
		t.Fatal(err)
	}
	if st.Glyphs != ts.URL+"/fonts/{fontstack}/{range}.pbf" || st.Sources["labels"].Data != ts.URL+"/v1/labels" {
		t.Errorf("style glyphs %q, labels %+v", st.Glyphs, st.Sources["labels"])
	}
	for id, src := range st.Sources {
		if src.Type == "raster" && strings.HasPrefix(id, "basemap") {
			t.Errorf("offline style has basemap source %s", id)
		}
	}
}

// TestStyleBasemapTianditu: the style carries Tianditu's tile templates
// with the key, and the review number; nothing is fetched.
func TestStyleBasemapTianditu(t *testing.T) {
	t.Parallel()
	b, err := style.ParseBasemap([]string{"tianditu-vec"}, "TESTKEY", "GS(2024)0650号")
	if err != nil {
		t.Fatal(err)
	}
	ts := apitest.New(t, func(o *api.Options) { o.Map.Basemap = b })
	_, sb := ts.Send(t, http.MethodGet, "/styles/zones.json", "")
	var st style.Style
	if err := json.Unmarshal(sb, &st); err != nil {
		t.Fatal(err)
	}
	vec, cva := st.Sources["basemap-tianditu-vec"], st.Sources["basemap-tianditu-cva"]
	if len(vec.Tiles) != 8 || !strings.HasPrefix(vec.Tiles[0], "https://t0.tianditu.gov.cn/vec_w/wmts?") || !strings.HasSuffix(vec.Tiles[0], "&tk=TESTKEY") ||
		!strings.Contains(vec.Tiles[0], "TILEMATRIX={z}&TILEROW={y}&TILECOL={x}") {
		t.Errorf("vec source = %+v", vec)
	}
	if len(cva.Tiles) != 8 || !strings.Contains(cva.Tiles[5], "t5.tianditu.gov.cn/cva_w/") {
		t.Errorf("cva source = %+v", cva)
	}
	if !strings.Contains(vec.Attribution, "审图号 GS(2024)0650号") || st.Metadata["zonegate:review-no"] != "GS(2024)0650号" {
		t.Errorf("attribution %q, metadata %v", vec.Attribution, st.Metadata)
	}
}
