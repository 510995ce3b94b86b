// Package openapi holds the helpers of the OpenAPI 3.0 document that
// package api generates from its router: chi patterns as OpenAPI paths,
// operation ids, and a small self-contained HTML page of the operations.
package openapi

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"slices"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/zonegate/zonegate/api/ogc"
	"github.com/zonegate/zonegate/api/wire"
)

// Summaries describes every route of the server (package api checks in
// a test that each route has one): "METHOD pattern" → summary.
var Summaries = map[string]string{
	"GET /healthz":                                  "Liveness",
	"GET /readyz":                                   "Readiness (the index has caught up with the store)",
	"GET /metrics":                                  "Prometheus metrics",
	"GET /":                                         "The map page, or the OGC API landing page for JSON clients (?f=json)",
	"GET /api":                                      "This API definition (OpenAPI 3.0; ?f=html for a page)",
	"GET /static/*":                                 "Assets of the map page",
	"GET /styles/{name}.json":                       "MapLibre style",
	"GET /tiles/{tileset}/{z}/{x}/{y}.mvt":          "Vector tile of the zones",
	"GET /tiles/{tileset}.json":                     "TileJSON of a tileset",
	"GET /conformance":                              "OGC API conformance classes",
	"GET /collections":                              "The layers as OGC API collections",
	"GET /collections/{layer}":                      "One collection",
	"GET /collections/{layer}/queryables":           "Queryables of a collection (JSON Schema) for filter",
	"GET /collections/{layer}/items":                "Published zones of a collection (GeoJSON), paged",
	"GET /collections/{layer}/items/{id}":           "One published zone version",
	"POST /collections/{layer}/items":               "Create a zone as a draft (editor)",
	"PUT /collections/{layer}/items/{id}":           "Replace a zone with a new draft (editor, If-Match)",
	"PATCH /collections/{layer}/items/{id}":         "Update a zone with a JSON merge patch (editor, If-Match)",
	"DELETE /collections/{layer}/items/{id}":        "Retire a zone (editor, If-Match)",
	"POST /v1/zones/{layer}/{id}/publish":           "Publish a draft",
	"GET /v1/zones/{layer}/{id}/versions":           "Version history of a zone",
	"GET /v1/zones/{layer}/{id}/versions/{version}": "One version of a zone",
	"POST /v1/imports":                              "Import Shapefile, GeoPackage, KML, CSV or GeoJSON",
	"GET /v1/layers":                                "Layers",
	"GET /v1/zones/at":                              "Zones at a point",
	"POST /v1/zones/at":                             "Zones at many points",
	"POST /v1/zones/at/stream":                      "Zones at points streamed as NDJSON, one per line",
	"POST /v1/checks/coal-truck":                    "Check a coal truck's position or route",
	"GET /v1/checkpoints/nearest":                   "Nearest checkpoint",
	"POST /v1/analysis/kiln-site":                   "Brick-kiln site check",
	"GET /v1/analysis/kiln-capacity":                "Brick-kiln capacity",
	"GET /v1/statistics/clean-heating":              "Clean-heating conversion tasks per county (gazette table; JSON or CSV)",
	"GET /v1/labels":                                "One label point per zone (GeoJSON) for map labels and search",
	"GET /fonts/{fontstack}/{range}.pbf":            "Latin glyph ranges for map labels (SDF protobuf)",
	"GET /v1/analysis/sewer-coverage":               "Sewer coverage per county",
	"GET /v1/analysis/sewer-coverage/point":         "Sewer coverage at a point",
	"GET /v1/terrain/elevation":                     "Elevation at points",
	"GET /tiles/hillshade/{z}/{x}/{y}.png":          "Hillshade tile",
	"GET /tiles/contours/{z}/{x}/{y}.mvt":           "Contour tile",
	"GET /tiles/hillshade.json":                     "TileJSON of the hillshade",
	"GET /tiles/contours.json":                      "TileJSON of the contours",
	"POST /v1/tracks":                               "Vehicle positions",
	"GET /v1/events":                                "Vehicle events (JSON or SSE)",
	"GET /v1/webhooks":                              "Webhook delivery status",
	"GET /v1/inspections":                           "The inspection log",
	"GET /v1/reports/inspections":                   "Inspection report",
	"GET /v1/audit":                                 "Audit trail",
}

// paramNames renames chi path parameters to the names OGC API –
// Features uses (GDAL looks up /collections/{collectionId}/items).
var paramNames = map[string]string{"layer": "collectionId", "id": "featureId"}

var pathParam = regexp.MustCompile(`\{([^}/]+)\}`)

// Path turns a chi pattern into an OpenAPI path and its parameters.
func Path(pattern string) (string, []string) {
	if strings.HasSuffix(pattern, "/*") {
		pattern = strings.TrimSuffix(pattern, "*") + "{path}"
	}
	var names []string
	p := pathParam.ReplaceAllStringFunc(pattern, func(m string) string {
		n := m[1 : len(m)-1]
		if strings.HasPrefix(pattern, "/collections/") {
			if r, ok := paramNames[n]; ok {
				n = r
			}
		}
		names = append(names, n)
		return "{" + n + "}"
	})
	return p, names
}

// OperationID is a unique name for method+route.
func OperationID(method, route string) string {
	r := strings.NewReplacer("/", "_", "{", "", "}", "", ".", "_", "*", "any", "-", "_")
	return strings.ToLower(method) + r.Replace(route)
}

// WriteHTML writes a self-contained HTML list of the operations.
func WriteHTML(w http.ResponseWriter, doc map[string]any) {
	paths := doc["paths"].(map[string]map[string]any)
	keys := make([]string, 0, len(paths))
	for p := range paths {
		keys = append(keys, p)
	}
	slices.Sort(keys)
	var b strings.Builder
	b.WriteString(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>zonegate API</title>` +
		`<style>body{font:14px sans-serif;margin:2em}td,th{padding:2px 8px;text-align:left;vertical-align:top}code{font-size:13px}</style></head><body>` +
		`<h1>zonegate API</h1><p>The machine-readable definition: <a href="?f=json">OpenAPI 3.0 (JSON)</a>.</p><table><tr><th>Method</th><th>Path</th><th>Summary</th><th>Query parameters</th></tr>`)
	for _, p := range keys {
		methods := make([]string, 0, len(paths[p]))
		for m := range paths[p] {
			methods = append(methods, m)
		}
		slices.Sort(methods)
		for _, m := range methods {
			op := paths[p][m].(map[string]any)
			var qp []string
			if ps, ok := op["parameters"].([]any); ok {
				for _, x := range ps {
					if d := x.(map[string]any); d["in"] == "query" {
						qp = append(qp, d["name"].(string))
					}
				}
			}
			desc, _ := op["description"].(string)
			fmt.Fprintf(&b, "<tr><td>%s</td><td><code>%s</code></td><td>%s %s</td><td>%s</td></tr>", strings.ToUpper(m),
				html.EscapeString(p), html.EscapeString(op["summary"].(string)), html.EscapeString(desc), html.EscapeString(strings.Join(qp, ", ")))
		}
	}
	b.WriteString("</table></body></html>\n")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write([]byte(b.String()))
}

// Route is one operation of the router: method, chi pattern, the role it
// requires ("" for none known) and its documented query parameters.
type Route struct {
	Method, Pattern, Role string
	Query                 []Param
}

// Param is a documented query parameter: its name and OpenAPI fields
// (description, schema …).
type Param struct {
	Name string
	Doc  map[string]any
}

// Document builds the OpenAPI 3.0 document of routes served at base.
func Document(base string, routes []Route) map[string]any {
	paths := map[string]map[string]any{}
	for _, rt := range routes {
		p, names := Path(rt.Pattern)
		key := rt.Method + " " + rt.Pattern
		summary := Summaries[key]
		if summary == "" {
			summary = key
		}
		var params []any
		for _, n := range names {
			params = append(params, map[string]any{"name": n, "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
		}
		for _, q := range rt.Query {
			d := map[string]any{"name": q.Name, "in": "query", "required": false}
			for k, v := range q.Doc {
				d[k] = v
			}
			params = append(params, d)
		}
		op := map[string]any{
			"summary":     summary,
			"operationId": OperationID(rt.Method, rt.Pattern),
			"responses": map[string]any{
				"200":     map[string]any{"description": "success"},
				"default": map[string]any{"description": "an error in the JSON error shape"},
			},
		}
		if rt.Role != "" {
			op["description"] = fmt.Sprintf("Requires role: %s.", rt.Role)
		}
		if params != nil {
			op["parameters"] = params
		}
		if paths[p] == nil {
			paths[p] = map[string]any{}
		}
		paths[p][strings.ToLower(rt.Method)] = op
	}
	return map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{"title": "zonegate", "version": "1",
			"description": "Zones of the clean-air and infrastructure programmes as OGC API – Features, and the v1 JSON API."},
		"servers": []any{map[string]any{"url": base}},
		"paths":   paths,
	}
}

// MediaType is the media type of the document (service-desc).
const MediaType = "application/vnd.oai.openapi+json;version=3.0"

// Write answers the document: OpenAPI JSON (MediaType; plain JSON for
// ?f=json), or the HTML page for ?f=html or a browser's Accept.
func Write(w http.ResponseWriter, r *http.Request, doc map[string]any) error {
	q := r.URL.Query()
	for k := range q {
		if k != "f" {
			return wire.BadRequest("unknown_parameter", k, "query parameter %q is not supported here; supported: f", k)
		}
	}
	f := q.Get("f")
	if accept := r.Header.Get("Accept"); f == "" && strings.Contains(accept, "text/html") && !strings.Contains(accept, "json") {
		f = "html"
	}
	switch f {
	case "", "json":
		ct := MediaType
		if f == "json" {
			ct = "application/json"
		}
		w.Header().Set("Content-Type", ct)
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(doc) // an error means the client went away
		return nil
	case "html":
		WriteHTML(w, doc)
		return nil
	}
	return wire.BadRequest("invalid_format", "f", "f must be json or html")
}

// Serve answers GET /api for router: its routes walked with chi.Walk, each
// with role(method, pattern) ("" when unknown) and, for the items route,
// the query parameters api/ogc documents.
func Serve(w http.ResponseWriter, r *http.Request, router chi.Routes, role func(method, pattern string) string) error {
	var routes []Route
	_ = chi.Walk(router, func(method, pattern string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		rt := Route{Method: method, Pattern: pattern, Role: role(method, pattern)}
		if method == http.MethodGet && pattern == "/collections/{layer}/items" {
			for _, n := range ogc.ItemsParameters {
				rt.Query = append(rt.Query, Param{Name: n, Doc: ogc.ItemsParameterDocs[n]})
			}
		}
		routes = append(routes, rt)
		return nil
	})
	return Write(w, r, Document(wire.BaseURL(r), routes))
}

// allowMethods are the methods OPTIONS reports on, in Allow order.
var allowMethods = []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut,
	http.MethodPatch, http.MethodDelete}

// Options is middleware answering OPTIONS with 204 and Allow: the methods
// of the route at the request's path that permitted(r, method, pattern)
// allows the caller, plus OPTIONS (QGIS offers editing of a layer whose
// items allow POST). HEAD is listed when GET is. A path without such
// methods falls through (to the 404).
func Options(router chi.Routes, permitted func(r *http.Request, method, pattern string) bool) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method != http.MethodOptions {
				next.ServeHTTP(w, r)
				return
			}
			var allow []string
			for _, m := range allowMethods {
				asked := m
				if m == http.MethodHead {
					asked = http.MethodGet
				}
				rc := chi.NewRouteContext()
				if router.Match(rc, asked, r.URL.Path) && permitted(r, asked, rc.RoutePattern()) {
					allow = append(allow, m)
				}
			}
			if len(allow) == 0 {
				next.ServeHTTP(w, r)
				return
			}
			w.Header().Set("Allow", strings.Join(append(allow, http.MethodOptions), ", "))
			w.WriteHeader(http.StatusNoContent)
		})
	}
}
