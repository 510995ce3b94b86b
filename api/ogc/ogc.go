package ogc

// Part 1's landing page, conformance and query-parameter checks. The
// collections are in collections.go, the items in items.go and select.go,
// the feature encoding in feature.go.

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/zonegate/zonegate/api/wire"
)

// Media types of the OGC API answers.
const (
	geoJSONType = "application/geo+json"
	jsonType    = "application/json"
	htmlType    = "text/html"
)

// crs84 names WGS 84 longitude/latitude, the only CRS served.
const crs84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"

// conformsTo lists the conformance classes implemented, each proved by a
// test: Part 1 core, GeoJSON and OpenAPI 3.0 (the document at /api,
// validated against the routes in api's openapi_test.go; GDAL reads it),
// Part 2 (crs, bbox-crs; crs_test.go), Part 3 filter, features-filter,
// queryables and CQL2 text with the basic, advanced-comparison and basic
// spatial operators that api/ogc/cql2 evaluates (T_INTERSECTS is served
// too, but the temporal class needs every T_ function, so it is not claimed)
// (filter_test.go, GDAL's OAPIF filter), and Part 4's create/replace/
// delete and update for editors.
var conformsTo = []string{
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

// OpenAPIType is the media type of the API document (service-desc).
const OpenAPIType = "application/vnd.oai.openapi+json;version=3.0"

// linkJSON is a link object of OGC API responses.
type linkJSON struct {
	Href  string `json:"href"`
	Rel   string `json:"rel"`
	Type  string `json:"type,omitempty"`
	Title string `json:"title,omitempty"`
}

// landingResponse is the OGC API landing page.
type landingResponse struct {
	Title       string     `json:"title"`
	Description string     `json:"description"`
	Links       []linkJSON `json:"links"`
}

// Landing answers GET / for JSON clients (Accept: application/json or
// ?f=json): the OGC API landing page.
func (h *Handler) Landing(w http.ResponseWriter, r *http.Request) error {
	if err := checkParams(r.URL.Query(), "f"); err != nil {
		return err
	}
	base := wire.BaseURL(r)
	wire.WriteJSON(w, http.StatusOK, landingResponse{
		Title: "zonegate",
		Description: "Zones of the clean-air and infrastructure programmes (coal-ban, burn-ban, built-up areas, " +
			"routes, checkpoints, sewerage) as OGC API – Features; only published zone versions are served.",
		Links: []linkJSON{
			{Href: base + "/?f=json", Rel: "self", Type: jsonType, Title: "this document"},
			{Href: base + "/?f=html", Rel: "alternate", Type: htmlType, Title: "the map page"},
			{Href: base + "/api", Rel: "service-desc", Type: OpenAPIType, Title: "the API definition (OpenAPI 3.0)"},
			{Href: base + "/api?f=html", Rel: "service-doc", Type: htmlType, Title: "the API documentation"},
			{Href: base + "/conformance", Rel: "conformance", Type: jsonType, Title: "conformance classes"},
			{Href: base + "/collections", Rel: "data", Type: jsonType, Title: "the layers as collections"},
		},
	})
	return nil
}

// Conformance answers GET /conformance.
func (h *Handler) Conformance(w http.ResponseWriter, r *http.Request) error {
	if err := checkParams(r.URL.Query(), "f"); err != nil {
		return err
	}
	wire.WriteJSON(w, http.StatusOK, map[string][]string{"conformsTo": conformsTo})
	return nil
}

// checkParams rejects query parameters outside allowed (the API's
// definition, as OGC API – Features requires) and an f other than json, so a
// misspelt filter never silently widens an answer.
func checkParams(q url.Values, allowed ...string) error {
	for k := range q {
		if k == "" {
			continue // "?=x" or a stray "&=": nothing a client meant to ask
		}
		known := false
		for _, a := range allowed {
			known = known || k == a
		}
		if !known {
			return wire.BadRequest("unknown_parameter", k, "query parameter %q is not supported here; supported: %s",
				k, strings.Join(allowed, ", "))
		}
	}
	if f, ok := q["f"]; ok {
		if len(f) != 1 || (f[0] != "json" && f[0] != "geojson") {
			return wire.BadRequest("invalid_format", "f", "f must be json (the only encoding served here)")
		}
	}
	return nil
}

// WantsJSON reports whether a request for / asks for the JSON landing page
// rather than the map page: ?f=json, or an Accept header that ranks a JSON
// type above text/html. Browsers (which list text/html, or only */*) get the
// page; an f other than json or html is a 400.
func WantsJSON(r *http.Request) (bool, error) {
	if f, ok := r.URL.Query()["f"]; ok {
		switch {
		case len(f) == 1 && (f[0] == "json" || f[0] == "geojson"):
			return true, nil
		case len(f) == 1 && f[0] == "html":
			return false, nil
		}
		return false, wire.BadRequest("invalid_format", "f", "f must be json or html")
	}
	jsonQ, htmlQ := -1.0, -1.0
	for part := range strings.SplitSeq(r.Header.Get("Accept"), ",") {
		media, params, _ := strings.Cut(part, ";")
		media = strings.ToLower(strings.TrimSpace(media))
		q := 1.0
		for p := range strings.SplitSeq(params, ";") {
			if k, v, ok := strings.Cut(strings.TrimSpace(p), "="); ok && strings.TrimSpace(k) == "q" {
				if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
					q = f
				}
			}
		}
		switch {
		case media == htmlType || media == "application/xhtml+xml":
			htmlQ = max(htmlQ, q)
		case media == jsonType || media == geoJSONType || (strings.HasPrefix(media, "application/") && strings.HasSuffix(media, "+json")):
			jsonQ = max(jsonQ, q)
		}
	}
	return jsonQ > 0 && jsonQ > htmlQ, nil
}
