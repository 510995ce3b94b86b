package api_test

import (
	"context"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/zonegate/zonegate/api/internal/apitest"
	"github.com/zonegate/zonegate/data"
)

// The API document is valid OpenAPI 3.0 (kin-openapi's validator) and has
// exactly the router's routes and methods: chi.Walk of the real router
// (Server.Routes) against the document's paths, with path parameters
// compared by position only ({layer} is {collectionId} in the document).
func TestOpenAPIMatchesRoutes(t *testing.T) {
	t.Parallel()
	ts := apitest.New(t)
	resp, body := ts.Send(t, http.MethodGet, "/api", "")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/vnd.oai.openapi+json;version=3.0" {
		t.Fatalf("GET /api = %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	doc, err := openapi3.NewLoader().LoadFromData(body)
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("the API document is not valid OpenAPI 3.0: %v", err)
	}
	param := regexp.MustCompile(`\{[^}]*\}|\*$`)
	norm := func(p string) string { return param.ReplaceAllString(p, "{}") }
	var want, got []string
	for _, r := range ts.API.Routes() {
		want = append(want, r.Method+" "+norm(r.Pattern))
	}
	for p, item := range doc.Paths.Map() {
		for m := range item.Operations() {
			got = append(got, m+" "+norm(p))
		}
	}
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("document operations %v\nrouter routes %v", got, want)
	}
	for p, item := range doc.Paths.Map() {
		for m, op := range item.Operations() {
			if op.Summary == "" || strings.HasPrefix(op.Summary, m+" ") {
				t.Errorf("%s %s has no summary in routeSummaries", m, p)
			}
		}
	}
	// GDAL reads the items parameters of this path: filter-lang's enum
	// tells it to send filters, limit's maximum the page size (GDAL ≥ 3.7).
	items := doc.Paths.Find("/collections/{collectionId}/items").Get
	lim := items.Parameters.GetByInAndName("query", "limit")
	if lim == nil || lim.Schema.Value.Max == nil || *lim.Schema.Value.Max != 10000 {
		t.Errorf("limit parameter %+v, want maximum 10000", lim)
	}
	fl := items.Parameters.GetByInAndName("query", "filter-lang")
	if fl == nil || !slices.Contains(fl.Schema.Value.Enum, any("cql-text")) {
		t.Errorf("filter-lang parameter %+v lacks cql-text", fl)
	}

	// The landing page links it; the HTML docs list every path.
	var landing struct {
		Links []struct{ Href, Rel, Type string }
	}
	ts.GetJSON(t, "/?f=json", &landing)
	rels := map[string]string{}
	for _, l := range landing.Links {
		rels[l.Rel] = strings.TrimPrefix(l.Href, ts.URL) + " " + l.Type
	}
	if rels["service-desc"] != "/api application/vnd.oai.openapi+json;version=3.0" || rels["service-doc"] != "/api?f=html text/html" {
		t.Errorf("landing links %v", rels)
	}
	status, ct, page := ts.Do(t, http.MethodGet, "/api?f=html", "", "")
	if status != 200 || !strings.HasPrefix(ct, "text/html") || !strings.Contains(string(page), "/collections/{collectionId}/queryables") ||
		strings.Contains(string(page), "http") && strings.Contains(string(page), "<script") {
		t.Errorf("GET /api?f=html = %d %q", status, ct)
	}
}

// OPTIONS answers Allow by the caller's role (QGIS offers editing when
// items allow POST); HEAD answers every GET route without a body.
func TestOptionsAndHead(t *testing.T) {
	t.Parallel()
	ts := apitest.New(t) // anonymous callers are inspectors
	for path, want := range map[string]string{
		"/collections/coal_ban/items":           "GET, HEAD, OPTIONS",
		"/collections/coal_ban/items/cb-141021": "GET, HEAD, OPTIONS",
		"/api":                                  "GET, HEAD, OPTIONS",
		"/v1/zones/at":                          "GET, HEAD, POST, OPTIONS",
	} {
		resp, _ := ts.Send(t, http.MethodOptions, path, "")
		if resp.StatusCode != http.StatusNoContent || resp.Header.Get("Allow") != want {
			t.Errorf("OPTIONS %s = %d Allow %q, want 204 %q", path, resp.StatusCode, resp.Header.Get("Allow"), want)
		}
	}
	editor := apitest.CreateToken(t, ts.Store, "qgis", data.RoleEditor)
	resp, _ := ts.Send(t, http.MethodOptions, "/collections/coal_ban/items", "", "Authorization", "Bearer "+editor)
	if got := resp.Header.Get("Allow"); got != "GET, HEAD, POST, OPTIONS" {
		t.Errorf("editor OPTIONS items Allow %q", got)
	}
	resp, _ = ts.Send(t, http.MethodOptions, "/no/such/path", "")
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("OPTIONS of an unknown path = %d, want 404", resp.StatusCode)
	}
	resp, body := ts.Send(t, http.MethodHead, "/collections/coal_ban/items?limit=2", "")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/geo+json" || len(body) != 0 {
		t.Errorf("HEAD items = %d %q with %d body bytes", resp.StatusCode, resp.Header.Get("Content-Type"), len(body))
	}
}
