package ogc_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/zonegate/zonegate/api/internal/apitest"
	"github.com/zonegate/zonegate/data/demo"
)

// ogcLink mirrors a link object of the OGC API answers.
type ogcLink struct {
	Href, Rel, Type, Title string
}

func linkOf(links []ogcLink, rel string) (ogcLink, bool) {
	for _, l := range links {
		if l.Rel == rel {
			return l, true
		}
	}
	return ogcLink{}, false
}

// The landing page is JSON at / for JSON clients and the map page for
// browsers; ?f= overrides Accept.
func TestOGCLandingNegotiation(t *testing.T) {
	ts := apitest.New(t)
	browser := "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"
	tests := []struct {
		name, path, accept string
		status             int
		contentType        string
	}{
		{"json client", "/", "application/json", 200, "application/json; charset=utf-8"},
		{"gdal style", "/", "application/geo+json, application/json", 200, "application/json; charset=utf-8"},
		{"browser", "/", browser, 200, "text/html; charset=utf-8"},
		{"no accept", "/", "", 200, "text/html; charset=utf-8"},
		{"any", "/", "*/*", 200, "text/html; charset=utf-8"},
		{"json ranked below html", "/", "application/json;q=0.5, text/html", 200, "text/html; charset=utf-8"},
		{"json ranked above html", "/", "application/json, text/html;q=0.5", 200, "application/json; charset=utf-8"},
		{"json refused", "/", "application/json;q=0", 200, "text/html; charset=utf-8"},
		{"f=json from a browser", "/?f=json", browser, 200, "application/json; charset=utf-8"},
		{"f=html from a JSON client", "/?f=html", "application/json", 200, "text/html; charset=utf-8"},
		{"f=xml", "/?f=xml", "", 400, "application/json; charset=utf-8"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, ct, body := ts.Do(t, http.MethodGet, tc.path, "", "", "Accept", tc.accept)
			if status != tc.status || ct != tc.contentType {
				t.Fatalf("GET %s (Accept %q) = %d %q, want %d %q: %.200s", tc.path, tc.accept, status, ct, tc.status, tc.contentType, body)
			}
		})
	}

	var landing struct {
		Title string
		Links []ogcLink
	}
	ts.GetJSON(t, "/?f=json", &landing)
	want := map[string][2]string{
		"self":        {ts.URL + "/?f=json", "application/json"},
		"alternate":   {ts.URL + "/?f=html", "text/html"},
		"conformance": {ts.URL + "/conformance", "application/json"},
		"data":        {ts.URL + "/collections", "application/json"},
	}
	for rel, w := range want {
		l, ok := linkOf(landing.Links, rel)
		if !ok || l.Href != w[0] || l.Type != w[1] {
			t.Errorf("landing link %s = %+v (found %v), want %v", rel, l, ok, w)
		}
	}
	if landing.Title != "zonegate" {
		t.Errorf("landing title %q", landing.Title)
	}
}

func TestOGCConformance(t *testing.T) {
	ts := apitest.New(t)
	var got struct{ ConformsTo []string }
	ts.GetJSON(t, "/conformance", &got)
	want := []string{
		"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
		"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
		"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
		"http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
		"http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
		"http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
		"http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
		"http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
		"http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
		"http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
		"http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
		"http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/create-replace-delete",
		"http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/update",
	}
	if !slices.Equal(got.ConformsTo, want) {
		t.Errorf("conformsTo = %v, want %v", got.ConformsTo, want)
	}
}

// collectionJSON mirrors a collection of GET /collections.
type collectionJSON struct {
	ID, Title, Description, ItemType string
	CRS                              []string
	Extent                           *struct {
		Spatial struct {
			BBox [][4]float64
			CRS  string
		}
		Temporal struct {
			Interval [][2]*string
		}
	}
	Links []ogcLink
}

// Every demo layer is a collection whose extent is the union of its zones'
// bounds and validity.
func TestOGCCollections(t *testing.T) {
	ts := apitest.New(t)
	var got struct {
		Links       []ogcLink
		Collections []collectionJSON
	}
	ts.GetJSON(t, "/collections", &got)
	layers, zones := demo.Region()
	if len(got.Collections) != len(layers) {
		t.Fatalf("%d collections, want %d", len(got.Collections), len(layers))
	}
	for _, l := range layers {
		i := slices.IndexFunc(got.Collections, func(c collectionJSON) bool { return c.ID == l.ID })
		if i < 0 {
			t.Errorf("layer %s is not a collection", l.ID)
			continue
		}
		c := got.Collections[i]
		var b orb.Bound
		first, from := true, (*string)(nil)
		for _, z := range zones {
			if z.Layer != l.ID {
				continue
			}
			if first {
				b, first = z.Geometry.Bound(), false
			}
			b = b.Union(z.Geometry.Bound())
			if !z.Validity.From.IsZero() {
				s := z.Validity.From.UTC().Format("2006-01-02T15:04:05Z07:00")
				from = &s
			}
		}
		wantBox := [4]float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]}
		if c.Extent == nil || len(c.Extent.Spatial.BBox) != 1 || c.Extent.Spatial.BBox[0] != wantBox {
			t.Errorf("%s: extent %+v, want bbox %v", l.ID, c.Extent, wantBox)
			continue
		}
		iv := c.Extent.Temporal.Interval
		if len(iv) != 1 || !eqStrPtr(iv[0][0], from) || iv[0][1] != nil {
			t.Errorf("%s: temporal interval %v, want [%v, null]", l.ID, iv, from)
		}
		if c.Title != l.Title || c.ItemType != "feature" || len(c.CRS) != 67 || c.CRS[0] != "http://www.opengis.net/def/crs/OGC/1.3/CRS84" ||
			c.CRS[1] != "http://www.opengis.net/def/crs/EPSG/0/4326" || c.CRS[66] != "http://www.opengis.net/def/crs/EPSG/0/4554" {
			t.Errorf("%s: title %q itemType %q crs %v", l.ID, c.Title, c.ItemType, c.CRS)
		}
		items, ok := linkOf(c.Links, "items")
		if !ok || items.Href != ts.URL+"/collections/"+l.ID+"/items" || items.Type != "application/geo+json" {
			t.Errorf("%s: items link %+v", l.ID, items)
		}
		var one collectionJSON
		ts.GetJSON(t, "/collections/"+l.ID, &one)
		if one.ID != l.ID || one.Extent == nil || one.Extent.Spatial.BBox[0] != wantBox {
			t.Errorf("GET /collections/%s = %+v", l.ID, one)
		}
	}
}

func eqStrPtr(a, b *string) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

// Every bad path or parameter is answered in the error shape with the
// status, code and field of the problem.
func TestOGCBadRequests(t *testing.T) {
	ts := apitest.New(t)
	tests := []struct {
		name, path  string
		status      int
		code, field string
	}{
		{"unknown collection", "/collections/nope", 404, "unknown_collection", "collectionId"},
		{"unknown collection items", "/collections/nope/items", 404, "unknown_collection", "collectionId"},
		{"unknown collection item", "/collections/nope/items/x", 404, "unknown_collection", "collectionId"},
		{"unknown feature", "/collections/coal_ban/items/nope", 404, "unknown_feature", "featureId"},
		{"feature not yet valid", "/collections/coal_ban/items/cb-141002?datetime=2020-05-01", 404, "unknown_feature", "featureId"},
		{"item interval", "/collections/coal_ban/items/cb-141002?datetime=2020-01-01/..", 400, "invalid_datetime", "datetime"},
		{"item unknown parameter", "/collections/coal_ban/items/cb-141002?bbox=1,2,3,4", 400, "unknown_parameter", "bbox"},
		{"bbox 3 numbers", "/collections/coal_ban/items?bbox=1,2,3", 400, "invalid_bbox", "bbox"},
		{"bbox 5 numbers", "/collections/coal_ban/items?bbox=1,2,3,4,5", 400, "invalid_bbox", "bbox"},
		{"bbox word", "/collections/coal_ban/items?bbox=a,2,3,4", 400, "invalid_bbox", "bbox"},
		{"bbox NaN", "/collections/coal_ban/items?bbox=NaN,2,3,4", 400, "invalid_bbox", "bbox"},
		{"bbox Inf", "/collections/coal_ban/items?bbox=1,2,Inf,4", 400, "invalid_bbox", "bbox"},
		{"bbox empty", "/collections/coal_ban/items?bbox=", 400, "invalid_bbox", "bbox"},
		{"bbox lon range", "/collections/coal_ban/items?bbox=100,30,181,40", 400, "invalid_bbox", "bbox"},
		{"bbox lat range", "/collections/coal_ban/items?bbox=100,-91,110,40", 400, "invalid_bbox", "bbox"},
		{"bbox lat order", "/collections/coal_ban/items?bbox=100,40,110,30", 400, "invalid_bbox", "bbox"},
		{"bbox repeated", "/collections/coal_ban/items?bbox=1,2,3,4&bbox=1,2,3,4", 400, "repeated_parameter", "bbox"},
		{"datetime garbage", "/collections/coal_ban/items?datetime=yesterday", 400, "invalid_datetime", "datetime"},
		{"datetime empty", "/collections/coal_ban/items?datetime=", 400, "invalid_datetime", "datetime"},
		{"datetime bad start", "/collections/coal_ban/items?datetime=x/2020-01-01", 400, "invalid_datetime", "datetime"},
		{"datetime bad end", "/collections/coal_ban/items?datetime=2020-01-01/x", 400, "invalid_datetime", "datetime"},
		{"datetime reversed", "/collections/coal_ban/items?datetime=2021-01-01/2020-01-01", 400, "invalid_datetime", "datetime"},
		{"datetime three parts", "/collections/coal_ban/items?datetime=2020-01-01/2020-02-01/2020-03-01", 400, "invalid_datetime", "datetime"},
		{"limit zero", "/collections/coal_ban/items?limit=0", 400, "invalid_limit", "limit"},
		{"limit negative", "/collections/coal_ban/items?limit=-1", 400, "invalid_limit", "limit"},
		{"limit word", "/collections/coal_ban/items?limit=ten", 400, "invalid_limit", "limit"},
		{"limit float", "/collections/coal_ban/items?limit=1.5", 400, "invalid_limit", "limit"},
		{"offset negative", "/collections/coal_ban/items?offset=-1", 400, "invalid_offset", "offset"},
		{"offset word", "/collections/coal_ban/items?offset=x", 400, "invalid_offset", "offset"},
		{"unknown parameter", "/collections/coal_ban/items?bboxx=1,2,3,4", 400, "unknown_parameter", "bboxx"},
		{"f=html items", "/collections/coal_ban/items?f=html", 400, "invalid_format", "f"},
		{"f=xml collections", "/collections?f=xml", 400, "invalid_format", "f"},
		{"conformance unknown parameter", "/conformance?x=1", 400, "unknown_parameter", "x"},
		{"landing unknown parameter", "/?f=json&x=1", 400, "unknown_parameter", "x"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, ct, body := ts.Do(t, http.MethodGet, tc.path, "", "")
			var e struct {
				Error struct{ Code, Message, Field string }
			}
			if err := json.Unmarshal(body, &e); err != nil {
				t.Fatalf("GET %s: %v: %s", tc.path, err, body)
			}
			if status != tc.status || ct != "application/json; charset=utf-8" || e.Error.Code != tc.code ||
				e.Error.Field != tc.field || strings.TrimSpace(e.Error.Message) == "" {
				t.Errorf("GET %s = %d %q %s; want %d %s field %s", tc.path, status, ct, body, tc.status, tc.code, tc.field)
			}
		})
	}
}
