package ogc_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os/exec"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/zonegate/zonegate/api/internal/apitest"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/crs"
)

// crs= answers the demo geometry transformed, in the EPSG axis order
// (latitude first for 4326 and 4490, northing first for Gauss–Krüger), with
// Content-Crs; bbox-crs reads the box in that order.
func TestOGCCrs(t *testing.T) {
	t.Parallel()
	ts := apitest.New(t)
	src := demoZoneByKey()["coal_ban/cb-141027"].Geometry.(orb.Polygon)[0]
	gk, _ := crs.Lookup(4546)
	for code, want := range map[string]func(orb.Point) orb.Point{
		"OGC/1.3/CRS84": func(p orb.Point) orb.Point { return p },
		"EPSG/0/4326":   func(p orb.Point) orb.Point { return orb.Point{p[1], p[0]} },
		"EPSG/0/4490":   func(p orb.Point) orb.Point { return orb.Point{p[1], p[0]} },
		"EPSG/0/4546":   func(p orb.Point) orb.Point { q := gk.FromWGS84(p); return orb.Point{q[1], q[0]} },
	} {
		uri := "http://www.opengis.net/def/crs/" + code
		for _, path := range []string{"/collections/coal_ban/items/cb-141027?crs=", "/collections/coal_ban/items?filter=id%3D'cb-141027'&crs="} {
			resp, body := ts.Send(t, http.MethodGet, path+url.QueryEscape(uri), "")
			if resp.StatusCode != 200 || resp.Header.Get("Content-Crs") != "<"+uri+">" {
				t.Fatalf("GET %s%s = %d Content-Crs %q: %s", path, code, resp.StatusCode, resp.Header.Get("Content-Crs"), body)
			}
			var f struct {
				Geometry struct{ Coordinates [][][2]float64 }
				Features []struct {
					Geometry struct{ Coordinates [][][2]float64 }
				}
			}
			if err := json.Unmarshal(body, &f); err != nil {
				t.Fatal(err)
			}
			ring := f.Geometry.Coordinates
			if len(f.Features) == 1 {
				ring = f.Features[0].Geometry.Coordinates
			}
			if len(ring) != 1 || len(ring[0]) != len(src) {
				t.Fatalf("%s %s: ring %v", path, code, ring)
			}
			for i, p := range src {
				w := want(p)
				if g := ring[0][i]; math.Abs(g[0]-w[0]) > 1e-6 || math.Abs(g[1]-w[1]) > 1e-6 {
					t.Errorf("%s %s vertex %d = %v, want %v", path, code, i, g, w)
				}
			}
		}
	}
	// bbox-crs: the same box in CRS84 and in EPSG:4326's lat,lon order.
	a := getItems(t, ts, "/collections/coal_ban/items?bbox=111.8,35.9,111.9,36.0")
	b := getItems(t, ts, "/collections/coal_ban/items?bbox=35.9,111.8,36.0,111.9&bbox-crs="+url.QueryEscape("http://www.opengis.net/def/crs/EPSG/0/4326"))
	if a.NumberMatched != 1 || b.NumberMatched != 1 || a.fc.Features[0].ID != "cb-141027" || b.fc.Features[0].ID != "cb-141027" {
		t.Errorf("bbox CRS84 matched %d, EPSG:4326 %d; want cb-141027 alone", a.NumberMatched, b.NumberMatched)
	}
	n, e := gk.FromWGS84(orb.Point{111.84, 35.96}), gk.FromWGS84(orb.Point{111.86, 35.98})
	c := getItems(t, ts, fmt.Sprintf("/collections/coal_ban/items?bbox=%f,%f,%f,%f&bbox-crs=%s", n[1], n[0], e[1], e[0],
		url.QueryEscape("http://www.opengis.net/def/crs/EPSG/0/4546")))
	if c.NumberMatched != 1 || c.fc.Features[0].ID != "cb-141027" {
		t.Errorf("bbox in EPSG:4546 matched %d", c.NumberMatched)
	}
	for _, q := range []string{"crs=EPSG:4326", "crs=" + url.QueryEscape("http://www.opengis.net/def/crs/EPSG/0/3857"), "bbox-crs=x&bbox=1,2,3,4"} {
		status, _, body := ts.Do(t, http.MethodGet, "/collections/coal_ban/items?"+q, "", "")
		if status != 400 || !strings.Contains(string(body), "crs") {
			t.Errorf("%s = %d %s, want 400 naming the crs", q, status, body)
		}
	}
}

// filter= in CQL2 text selects exactly the expected demo zones; syntax
// errors and unknown properties are 400s naming filter and the position.
func TestOGCFilter(t *testing.T) {
	t.Parallel()
	ts := apitest.New(t)
	for f, want := range map[string]string{
		"id = 'cb-141027'": "cb-141027",
		"adcode IN (141027, 141028) AND NOT (county = '吉县')":                                 "cb-141027",
		"name LIKE '浮山%' OR name LIKE '%侯马%'":                                                "cb-141027 cb-141081",
		"adcode >= 141081 AND adcode < 141082":                                               "cb-141081",
		"S_INTERSECTS(geometry, POINT(111.85 35.97))":                                        "cb-141027",
		"S_INTERSECTS(geometry, LINESTRING(111.8 35.97, 111.9 35.97)) AND valid_to IS NULL":  "cb-141027",
		"T_INTERSECTS(validity, DATE('2019-01-01')) AND id = 'cb-141027'":                    "",
		"T_INTERSECTS(validity, INTERVAL('2020-05-14T16:00:00Z', '..')) AND adcode = 141027": "cb-141027",
	} {
		for _, lang := range []string{"cql2-text", "cql-text"} {
			p := getItems(t, ts, "/collections/coal_ban/items?filter-lang="+lang+"&filter="+url.QueryEscape(f))
			var got []string
			for _, ft := range p.fc.Features {
				got = append(got, ft.ID.(string))
			}
			if strings.Join(got, " ") != want || p.NumberMatched != len(got) {
				t.Errorf("filter %q: %v (matched %d), want %q", f, got, p.NumberMatched, want)
			}
		}
	}
	for f, msg := range map[string]string{
		"name = ":       "position 7",
		"nmae = 'x'":    `position 0: \"nmae\" is not a queryable`,
		"name LIKE 3 3": "position 12",
		"S_INTERSECTS(": "position 13",
	} {
		status, _, body := ts.Do(t, http.MethodGet, "/collections/coal_ban/items?filter="+url.QueryEscape(f), "", "")
		if status != 400 || !strings.Contains(string(body), `"field":"filter"`) || !strings.Contains(string(body), msg) {
			t.Errorf("filter %q = %d %s, want 400 naming filter and %q", f, status, body, msg)
		}
	}
	var q struct {
		Properties map[string]struct{ Type string }
		Queryables []struct{ ID string }
	}
	ts.GetJSON(t, "/collections/coal_ban/queryables", &q)
	if q.Properties["adcode"].Type != "number" || q.Properties["name"].Type != "string" || len(q.Queryables) != len(q.Properties) {
		t.Errorf("queryables %+v", q)
	}
}

// GDAL's OAPIF driver reads a 2,600-feature layer without page-size
// hints, and with an attribute filter it sends as CQL text. The requests
// are counted by a wrapping handler and reported; GDAL 3.6 does not read
// limit's maximum from /api (3.7 does), so it pages by its default 10.
func TestOGCLargeLayerByGDAL(t *testing.T) {
	bin, err := exec.LookPath("ogrinfo")
	if err != nil {
		t.Skip("ogrinfo not installed")
	}
	if testing.Short() {
		t.Skip("slow: GDAL pages 2,600 features")
	}
	ts := apitest.New(t)
	const n = 2600
	var zs []*geo.Zone
	for i := range n {
		x, y := 110.5+float64(i%50)*0.02, 35.5+float64(i/50)*0.02
		zs = append(zs, &geo.Zone{Layer: "coal_ban", ID: fmt.Sprintf("bulk-%04d", i), Kind: geo.KindCoalBan, Name: fmt.Sprintf("bulk %d", i),
			Status: geo.StatusPublished, Properties: map[string]any{"n": float64(i)},
			Validity: geo.Validity{From: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)},
			Geometry: orb.Polygon{{{x, y}, {x + 0.01, y}, {x + 0.01, y + 0.01}, {x, y + 0.01}, {x, y}}}})
	}
	ctx := context.Background()
	if err := ts.Store.Commit(ctx, data.Batch{Append: zs}); err != nil {
		t.Fatal(err)
	}
	if err := ts.Follower.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	var requests, items atomic.Int64
	var filters []string
	counted := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		if strings.HasSuffix(r.URL.Path, "/items") {
			items.Add(1)
			if f := r.URL.Query().Get("filter"); f != "" && len(filters) < 5 {
				filters = append(filters, f+" ["+r.URL.Query().Get("filter-lang")+"]")
			}
		}
		ts.API.ServeHTTP(w, r)
	}))
	defer counted.Close()
	start := time.Now()
	out := apitest.Ogrinfo(t, bin, "-ro", "-al", "-q", "OAPIF:"+counted.URL, "coal_ban")
	if got := len(regexp.MustCompile(`(?m)^OGRFeature\(coal_ban\)`).FindAllString(out, -1)); got != n+17 {
		t.Fatalf("ogrinfo read %d features, want %d", got, n+17)
	}
	t.Logf("GDAL read %d features in %d requests (%d items pages) in %v", n+17, requests.Load(), items.Load(), time.Since(start))

	requests.Store(0)
	out = apitest.Ogrinfo(t, bin, "-ro", "-al", "-q", "-where", "n >= 2590 AND name LIKE 'bulk%'", "OAPIF:"+counted.URL, "coal_ban")
	if got := len(regexp.MustCompile(`(?m)^OGRFeature\(coal_ban\)`).FindAllString(out, -1)); got != 10 {
		t.Fatalf("ogrinfo -where read %d features, want 10:\n%s", got, out)
	}
	if len(filters) == 0 || !strings.Contains(filters[0], "n >= 2590") {
		t.Errorf("GDAL did not send the filter to the server: %v", filters)
	}
	t.Logf("GDAL -where: %d requests, filters sent %v", requests.Load(), filters)
}
