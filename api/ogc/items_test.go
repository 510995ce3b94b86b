package ogc_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"

	"github.com/zonegate/zonegate/api/internal/apitest"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/demo"
	"github.com/zonegate/zonegate/geo"
)

// itemsPage is one decoded items answer: the OGC members through
// encoding/json and the features through orb's GeoJSON parser, a second,
// independent reader.
type itemsPage struct {
	Type           string
	NumberMatched  int
	NumberReturned int
	TimeStamp      string
	Links          []ogcLink
	fc             *geojson.FeatureCollection
}

// getItems fetches an items URL (absolute or a path) and parses it twice.
func getItems(t *testing.T, ts *apitest.Server, target string) itemsPage {
	t.Helper()
	path := strings.TrimPrefix(target, ts.URL)
	status, ct, body := ts.Do(t, http.MethodGet, path, "", "")
	if status != http.StatusOK || ct != "application/geo+json" {
		t.Fatalf("GET %s = %d %q: %.300s", path, status, ct, body)
	}
	var p itemsPage
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	fc, err := geojson.UnmarshalFeatureCollection(body)
	if err != nil {
		t.Fatalf("GET %s: orb/geojson: %v", path, err)
	}
	p.fc = fc
	if p.Type != "FeatureCollection" || p.NumberReturned != len(fc.Features) {
		t.Fatalf("GET %s: type %q numberReturned %d with %d features", path, p.Type, p.NumberReturned, len(fc.Features))
	}
	return p
}

// demoZoneByKey indexes the demo source by layer/id.
func demoZoneByKey() map[string]*geo.Zone {
	_, zones := demo.Region()
	m := map[string]*geo.Zone{}
	for _, z := range zones {
		m[z.Layer+"/"+z.ID] = z
	}
	return m
}

// checkFeatures compares every feature of a page with the demo source:
// geometry exactly, and the reserved properties.
func checkFeatures(t *testing.T, layer string, fs []*geojson.Feature, src map[string]*geo.Zone) {
	t.Helper()
	for _, f := range fs {
		id, _ := f.ID.(string)
		z := src[layer+"/"+id]
		if z == nil {
			t.Errorf("%s: feature %v is not in the demo", layer, f.ID)
			continue
		}
		if !orb.Equal(f.Geometry, z.Geometry) {
			t.Errorf("%s/%s: geometry differs from the demo source", layer, id)
		}
		p := f.Properties
		if p["name"] != z.Name || p["kind"] != string(z.Kind) || p["layer"] != layer || p["version"] != 1.0 ||
			p["status"] != "published" || p["valid_to"] != nil || p["synthetic"] != true {
			t.Errorf("%s/%s: properties %v", layer, id, p)
		}
		if from := rfc3339(z.Validity.From); p["valid_from"] != from {
			t.Errorf("%s/%s: valid_from %v, want %v", layer, id, p["valid_from"], from)
		}
	}
}

func rfc3339(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(time.RFC3339)
}

// Following next from the first page visits every zone once, in id order,
// as many as numberMatched and as the demo has; prev links step back.
func TestOGCItemsPagingWalk(t *testing.T) {
	ts := apitest.New(t)
	layers, zones := demo.Region()
	src := demoZoneByKey()
	for _, l := range layers {
		var want []string
		for _, z := range zones {
			if z.Layer == l.ID && z.Validity.Contains(apitest.CheckTime) {
				want = append(want, z.ID)
			}
		}
		slices.Sort(want)
		t.Run(l.ID, func(t *testing.T) {
			const limit = 4
			next := fmt.Sprintf("/collections/%s/items?limit=%d", l.ID, limit)
			var got []string
			for pages := 0; next != ""; pages++ {
				p := getItems(t, ts, next)
				if p.NumberMatched != len(want) {
					t.Fatalf("page %d: numberMatched %d, want %d", pages, p.NumberMatched, len(want))
				}
				if prev, ok := linkOf(p.Links, "prev"); ok != (pages > 0) ||
					(ok && !strings.Contains(prev.Href, "offset="+strconv.Itoa((pages-1)*limit))) {
					t.Errorf("page %d: prev link %+v (present %v)", pages, prev, ok)
				}
				for _, f := range p.fc.Features {
					got = append(got, f.ID.(string))
				}
				checkFeatures(t, l.ID, p.fc.Features, src)
				n, _ := linkOf(p.Links, "next")
				next = n.Href
				if pages > len(want) {
					t.Fatal("next links do not end")
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("walk returned %v, want %v", got, want)
			}
		})
	}
}

// coal_ban as of various instants and intervals (the zones are valid from
// 2020-05-15 China time, 2020-05-14T16:00Z, until further notice).
func TestOGCItemsDatetime(t *testing.T) {
	ts := apitest.New(t)
	tests := []struct {
		layer, datetime string
		want            int
	}{
		{"coal_ban", "", 17},
		{"coal_ban", "2020-05-01", 0},
		{"coal_ban", "2020-05-14T15:59:59Z", 0},
		{"coal_ban", "2020-05-14T16:00:00Z", 17},
		{"coal_ban", "2020-05-15", 17},
		{"coal_ban", "../2020-05-14T15:59:59Z", 0},
		{"coal_ban", "../2020-05-14T16:00:00Z", 17},
		{"coal_ban", "/2020-05-01", 0},
		{"coal_ban", "2019-01-01/2020-05-01", 0},
		{"coal_ban", "2019-01-01/2020-06-01", 17},
		{"coal_ban", "2021-01-01/..", 17},
		{"coal_ban", "2021-01-01/", 17},
		{"coal_ban", "../..", 17},
		{"counties", "2020-05-01", 17},
		{"counties", "1990-01-01/1990-01-02", 17},
	}
	for _, tc := range tests {
		t.Run(tc.layer+" "+tc.datetime, func(t *testing.T) {
			path := "/collections/" + tc.layer + "/items"
			if tc.datetime != "" {
				path += "?datetime=" + url.QueryEscape(tc.datetime)
			}
			p := getItems(t, ts, path)
			if p.NumberMatched != tc.want || p.NumberReturned != tc.want {
				t.Errorf("GET %s: numberMatched %d numberReturned %d, want %d", path, p.NumberMatched, p.NumberReturned, tc.want)
			}
		})
	}
}

// After a final version of cb-141002 from 2020-10-15, instants see one
// version each and an interval spanning the change sees both.
func TestOGCItemsVersions(t *testing.T) {
	ts := apitest.New(t)
	final := time.Date(2020, 10, 15, 0, 0, 0, 0, time.FixedZone("CST", 8*3600))
	sq := orb.Polygon{{{111.5, 36.07}, {111.54, 36.07}, {111.54, 36.11}, {111.5, 36.11}, {111.5, 36.07}}}
	z := &geo.Zone{Layer: "coal_ban", ID: "cb-141002", Kind: geo.KindCoalBan, Name: "尧都区禁煤区", Geometry: sq,
		Validity: geo.Validity{From: final}}
	ctx := context.Background()
	if err := data.Publish(ctx, ts.Store, []*geo.Zone{z}); err != nil {
		t.Fatal(err)
	}
	if err := ts.Follower.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	versionsOf := func(p itemsPage) []float64 {
		var vs []float64
		for _, f := range p.fc.Features {
			if f.ID == "cb-141002" {
				vs = append(vs, f.Properties["version"].(float64))
			}
		}
		return vs
	}
	tests := []struct {
		datetime string
		matched  int
		versions []float64
	}{
		{"2020-06-01", 17, []float64{1}},
		{"", 17, []float64{2}},
		{"2020-10-14T15:59:59Z", 17, []float64{1}},
		{"2020-10-14T16:00:00Z", 17, []float64{2}},
		{"2020-06-01/2020-11-01", 18, []float64{1, 2}},
		{"../..", 18, []float64{1, 2}},
		{"2020-10-15/..", 17, []float64{2}},
	}
	for _, tc := range tests {
		path := "/collections/coal_ban/items?datetime=" + url.QueryEscape(tc.datetime)
		if tc.datetime == "" {
			path = "/collections/coal_ban/items"
		}
		p := getItems(t, ts, path)
		if got := versionsOf(p); p.NumberMatched != tc.matched || !slices.Equal(got, tc.versions) {
			t.Errorf("GET %s: matched %d versions %v, want %d %v", path, p.NumberMatched, got, tc.matched, tc.versions)
		}
	}
	for _, tc := range []struct {
		query, etag string
		version     float64
		geometry    orb.Geometry
	}{
		{"", `"coal_ban/cb-141002/2"`, 2, sq},
		{"?datetime=2020-06-01", `"coal_ban/cb-141002/1"`, 1, demoZoneByKey()["coal_ban/cb-141002"].Geometry},
	} {
		path := "/collections/coal_ban/items/cb-141002" + tc.query
		req, _ := http.NewRequest(http.MethodGet, ts.URL+path, nil)
		resp, err := ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var f geojson.Feature
		err = json.NewDecoder(resp.Body).Decode(&f)
		resp.Body.Close()
		if err != nil || resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/geo+json" ||
			resp.Header.Get("ETag") != tc.etag || f.Properties["version"] != tc.version || !orb.Equal(f.Geometry, tc.geometry) {
			t.Errorf("GET %s = %d %q ETag %q version %v (%v)", path, resp.StatusCode, resp.Header.Get("Content-Type"),
				resp.Header.Get("ETag"), f.Properties["version"], err)
		}
	}
}

// intersectsOracle decides bbox membership by clipping with orb/clip: a
// polygon must keep some area, a line some length, a point be inside.
// Random boxes touch a boundary with probability zero.
func intersectsOracle(g orb.Geometry, b orb.Bound) bool {
	switch g := g.(type) {
	case orb.Point:
		return b.Contains(g)
	case orb.MultiPoint:
		return slices.ContainsFunc(g, b.Contains)
	case orb.Polygon, orb.MultiPolygon:
		c := clip.Geometry(b, g)
		return c != nil && planar.Area(c) > 0
	case orb.LineString, orb.MultiLineString:
		c := clip.Geometry(b, g)
		return c != nil && planar.Length(c) > 0
	}
	panic(fmt.Sprintf("oracle: unexpected %T", g))
}

// bbox answers equal a brute-force filter over demo.Region() for random
// boxes of every size, in every layer.
func TestOGCItemsBBoxOracle(t *testing.T) {
	ts := apitest.New(t)
	rng := rand.New(rand.NewPCG(apitest.Seed(t), 4))
	layers, zones := demo.Region()
	region := demo.Outline().Bound()
	for i := range 60 {
		l := layers[i%len(layers)]
		w := region.Max[0] - region.Min[0]
		h := region.Max[1] - region.Min[1]
		size := []float64{0.002, 0.02, 0.1, 0.5, 1.5}[i%5]
		x := region.Min[0] - 0.1 + rng.Float64()*(w+0.2)
		y := region.Min[1] - 0.1 + rng.Float64()*(h+0.2)
		b := orb.Bound{Min: orb.Point{x, y}, Max: orb.Point{x + size*rng.Float64() + 1e-4, y + size*rng.Float64() + 1e-4}}
		var want []string
		for _, z := range zones {
			if z.Layer == l.ID && z.Validity.Contains(apitest.CheckTime) && intersectsOracle(z.Geometry, b) {
				want = append(want, z.ID)
			}
		}
		slices.Sort(want)
		path := fmt.Sprintf("/collections/%s/items?limit=10000&bbox=%s,%s,%s,%s", l.ID,
			strconv.FormatFloat(b.Min[0], 'g', -1, 64), strconv.FormatFloat(b.Min[1], 'g', -1, 64),
			strconv.FormatFloat(b.Max[0], 'g', -1, 64), strconv.FormatFloat(b.Max[1], 'g', -1, 64))
		p := getItems(t, ts, path)
		var got []string
		for _, f := range p.fc.Features {
			got = append(got, f.ID.(string))
		}
		if !slices.Equal(got, want) || p.NumberMatched != len(want) {
			t.Errorf("GET %s: got %v (matched %d), want %v", path, got, p.NumberMatched, want)
		}
	}
}

// Named bbox cases: the Linfen centre box, a box inside one zone without
// any of its vertices, a box far away, and the six-number form.
func TestOGCItemsBBoxCases(t *testing.T) {
	ts := apitest.New(t)
	tests := []struct {
		name, bbox string
		want       []string
	}{
		{"inside cb-141002, no vertex in the box", "111.518,36.087,111.519,36.089", []string{"cb-141002"}},
		{"six numbers", "111.518,36.087,0,111.519,36.089,100", []string{"cb-141002"}},
		{"far away", "10,10,11,11", nil},
		{"crossing the antimeridian", "170,35,-170,37", nil},
		{"crossing the antimeridian into Linfen", "111.518,36.087,-170,36.089", []string{"cb-141002"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := getItems(t, ts, "/collections/coal_ban/items?bbox="+tc.bbox)
			var got []string
			for _, f := range p.fc.Features {
				got = append(got, f.ID.(string))
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("bbox %s: got %v, want %v", tc.bbox, got, tc.want)
			}
		})
	}
}

// Pages at and beyond the end: numberReturned, and which links are present
// with which offsets.
func TestOGCItemsPageLinks(t *testing.T) {
	ts := apitest.New(t)
	tests := []struct {
		query            string
		returned         int
		next, prev, self string // offset in the link; "" = no link
	}{
		{"", 17, "", "", "limit=100"},
		{"?limit=10", 10, "after={last}&limit=10", "", "limit=10"},
		{"?limit=10&offset=0", 10, "limit=10&offset=10", "", "limit=10&offset=0"},
		{"?limit=10&after=cb-141029,1", 7, "", "limit=10&offset=0", "after=cb-141029%2C1&limit=10"},
		{"?limit=20000&datetime=2020-05-01", 0, "", "", "datetime=2020-05-01&limit=10000"},
		{"?limit=10&offset=10", 7, "", "limit=10&offset=0", "limit=10&offset=10"},
		{"?limit=5&offset=3", 5, "limit=5&offset=8", "limit=5&offset=0", "limit=5&offset=3"},
		{"?limit=10&offset=100", 0, "", "limit=10&offset=7", "limit=10&offset=100"},
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			p := getItems(t, ts, "/collections/coal_ban/items"+tc.query)
			if p.NumberReturned != tc.returned {
				t.Errorf("numberReturned %d, want %d", p.NumberReturned, tc.returned)
			}
			if _, err := time.Parse(time.RFC3339, p.TimeStamp); err != nil {
				t.Errorf("timeStamp %q: %v", p.TimeStamp, err)
			}
			for rel, want := range map[string]string{"next": tc.next, "prev": tc.prev, "self": tc.self} {
				l, ok := linkOf(p.Links, rel)
				if n := len(p.fc.Features); n > 0 {
					want = strings.ReplaceAll(want, "{last}", url.QueryEscape(p.fc.Features[n-1].ID.(string)+",1"))
				}
				wantHref := ts.URL + "/collections/coal_ban/items?" + want
				if ok != (want != "") || (ok && (l.Href != wantHref || l.Type != "application/geo+json")) {
					t.Errorf("%s link %+v (present %v), want %s", rel, l, ok, wantHref)
				}
			}
		})
	}
}
