package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/zonegate/zonegate/api"
	"github.com/zonegate/zonegate/api/internal/apitest"
	"github.com/zonegate/zonegate/data"
)

// withAnonymous sets the anonymous role of a test server.
func withAnonymous(role data.Role) func(*api.Options) {
	return func(o *api.Options) { o.Auth.AnonymousRole = role }
}

// authResponse is what the auth tests look at in an answer.
type authResponse struct {
	status    int
	challenge string // WWW-Authenticate
	code      string // error.code
	message   string // error.message
}

// send makes a request with an optional Authorization header value.
// header holds further header name/value pairs.
func send(t testing.TB, ts *apitest.Server, method, path, body, authorization string, header ...string) authResponse {
	t.Helper()
	var pre []string
	if body != "" {
		pre = append(pre, "Content-Type", "application/json")
	}
	if authorization != "" {
		pre = append(pre, "Authorization", authorization)
	}
	resp, b := ts.Send(t, method, path, body, append(pre, header...)...)
	out := authResponse{status: resp.StatusCode, challenge: resp.Header.Get("WWW-Authenticate")}
	if resp.StatusCode >= 400 {
		var e struct {
			Error struct{ Code, Message string } `json:"error"`
		}
		if err := json.Unmarshal(b, &e); err != nil {
			t.Fatalf("%s %s: error answer is not the error shape: %v: %s", method, path, err, b)
		}
		out.code, out.message = e.Error.Code, e.Error.Message
	}
	return out
}

// routeRequests is a request every route answers with 2xx when access is
// granted, by "METHOD pattern". A route missing here fails the role matrix.
// prepare, when set, runs before each request and returns header pairs to
// send with it.
var routeRequests = map[string]struct {
	path, body string
	prepare    func(testing.TB, *apitest.Server) []string
}{
	"GET /":                                {path: "/"},
	"GET /healthz":                         {path: "/healthz"},
	"GET /readyz":                          {path: "/readyz"},
	"GET /metrics":                         {path: "/metrics"},
	"GET /static/*":                        {path: "/static/app.js"},
	"GET /styles/{name}.json":              {path: "/styles/zones.json"},
	"GET /fonts/{fontstack}/{range}.pbf":   {path: "/fonts/DejaVu%20Sans%20Book/0-255.pbf"},
	"GET /v1/labels":                       {path: "/v1/labels"},
	"GET /tiles/{tileset}.json":            {path: "/tiles/zones.json"},
	"GET /tiles/{tileset}/{z}/{x}/{y}.mvt": {path: "/tiles/zones/12/3316/1607.mvt"},
	"GET /conformance":                     {path: "/conformance"},
	"GET /api":                             {path: "/api"},
	"GET /collections/{layer}/queryables":  {path: "/collections/coal_ban/queryables"},
	"GET /collections":                     {path: "/collections"},
	"GET /collections/{layer}":             {path: "/collections/coal_ban"},
	"GET /collections/{layer}/items":       {path: "/collections/coal_ban/items?limit=2"},
	"GET /collections/{layer}/items/{id}":  {path: "/collections/coal_ban/items/cb-141002"},
	"GET /v1/layers":                       {path: "/v1/layers"},
	"GET /v1/zones/at":                     {path: "/v1/zones/at?lon=111.5186&lat=36.0880"},
	"POST /v1/zones/at":                    {path: "/v1/zones/at", body: `{"points":[[111.5186,36.0880]]}`},
	"POST /v1/zones/at/stream": {path: "/v1/zones/at/stream", body: "[111.5186,36.0880]\n",
		prepare: func(testing.TB, *apitest.Server) []string { return []string{"Content-Type", "application/x-ndjson"} }},
	"POST /v1/checks/coal-truck": {path: "/v1/checks/coal-truck", body: `{"position":[111.5186,36.0880],
		"cargo":{"fuel":"coal","sulfur_pct":0.4,"ash_pct":9.5,"volatile_pct":20},
		"documents":{"supply_contract":true,"quality_report":true},
		"destination":{"category":"residential"},"plate":"晋L·12345","station":"G108-yaodu-01"}`},
	"GET /v1/inspections":         {path: "/v1/inspections"},
	"GET /v1/reports/inspections": {path: "/v1/reports/inspections?group=day"}, // reports.go
	"GET /v1/audit":               {path: "/v1/audit"},
	"POST /v1/imports": {path: "/v1/imports?layer=matrix_import&kind=coal_ban&format=geojson",
		body: `{"type":"FeatureCollection","features":[{"type":"Feature","id":"m1","properties":{},"geometry":{"type":"Polygon","coordinates":[[[111,36],[111.1,36],[111.1,36.1],[111,36]]]}}]}`},

	// Checkpoints (checkpoint.go).
	"GET /v1/checkpoints/nearest": {path: "/v1/checkpoints/nearest?lon=111.5186&lat=36.0880"},

	// Live tracking (tracks_test.go, events_test.go).
	"POST /v1/tracks":  {path: "/v1/tracks", body: `{"positions":[{"plate":"晋L·12345","time":"2020-11-01T07:00:00+08:00","lon":111.5186,"lat":36.088}]}`},
	"GET /v1/events":   {path: "/v1/events"},
	"GET /v1/webhooks": {path: "/v1/webhooks"},

	// Terrain (api/analysis): the matrix servers carry the plane DEM.
	"GET /v1/terrain/elevation":            {path: "/v1/terrain/elevation?lon=111.1&lat=36.1"},
	"GET /tiles/hillshade/{z}/{x}/{y}.png": {path: "/tiles/hillshade/12/3312/1615.png"},
	"GET /tiles/contours/{z}/{x}/{y}.mvt":  {path: "/tiles/contours/12/3312/1615.mvt"},
	"GET /tiles/hillshade.json":            {path: "/tiles/hillshade.json"},
	"GET /tiles/contours.json":             {path: "/tiles/contours.json"},

	// Brick-kiln analyses (api/analysis).
	"POST /v1/analysis/kiln-site":    {path: "/v1/analysis/kiln-site", body: `{"position":[111.5186,36.0880]}`},
	"GET /v1/analysis/kiln-capacity": {path: "/v1/analysis/kiln-capacity"},

	// Sewer coverage (api/analysis).
	"GET /v1/analysis/sewer-coverage":       {path: "/v1/analysis/sewer-coverage"},
	"GET /v1/analysis/sewer-coverage/point": {path: "/v1/analysis/sewer-coverage/point?lon=111.5186&lat=36.0880"},

	// County statistics (statistics_test.go).
	"GET /v1/statistics/clean-heating": {path: "/v1/statistics/clean-heating"},

	"POST /collections/{layer}/items": {path: "/collections/coal_ban/items",
		body: `{"type":"Feature","properties":{"name":"matrix"},"geometry":{"type":"Polygon","coordinates":[[[111.3,35.9],[111.31,35.9],[111.31,35.91],[111.3,35.9]]]}}`},
	"PUT /collections/{layer}/items/{id}": {path: "/collections/coal_ban/items/matrix-edit", prepare: apitest.EditDraft,
		body: `{"type":"Feature","properties":{"name":"matrix"},"geometry":{"type":"Polygon","coordinates":[[[111.3,35.9],[111.31,35.9],[111.31,35.91],[111.3,35.9]]]}}`},
	"PATCH /collections/{layer}/items/{id}":         {path: "/collections/coal_ban/items/matrix-edit", prepare: apitest.EditDraft, body: `{"properties":{"note":"matrix"}}`},
	"DELETE /collections/{layer}/items/{id}":        {path: "/collections/coal_ban/items/matrix-edit", prepare: apitest.EditDraft},
	"POST /v1/zones/{layer}/{id}/publish":           {path: "/v1/zones/coal_ban/matrix-edit/publish", prepare: apitest.EditDraft, body: `{"valid_from":"2020-01-01"}`},
	"GET /v1/zones/{layer}/{id}/versions":           {path: "/v1/zones/coal_ban/cb-141002/versions"},
	"GET /v1/zones/{layer}/{id}/versions/{version}": {path: "/v1/zones/coal_ban/cb-141002/versions/1"},
}

func TestRoleTableCoversEveryRoute(t *testing.T) {
	ts := apitest.New(t)
	routes := ts.API.Routes()
	if len(routes) != len(routeRequests) {
		t.Errorf("router has %d routes, the test knows %d", len(routes), len(routeRequests))
	}
	for _, rt := range routes {
		key := rt.Method + " " + rt.Pattern
		if rt.Missing {
			t.Errorf("route %s has no entry in the role table (api/auth.go routeRoles)", key)
		}
		if _, ok := routeRequests[key]; !ok {
			t.Errorf("route %s has no request in routeRequests: the role matrix does not cover it", key)
		}
	}
}

// TestRoleMatrix sends every route's request as every kind of caller and
// checks the answer: 2xx when the caller's role includes the route's, 401
// for bad credentials and for anonymous callers lacking the role, 403 for
// tokens lacking it.
func TestRoleMatrix(t *testing.T) {
	dem := apitest.WithPlaneDEM(t)                 // terrain routes
	open := apitest.New(t, withAnonymous(""), dem) // default: anonymous viewer
	closed := apitest.New(t, withAnonymous(api.AnonymousNone), dem)
	secrets := map[data.Role]string{}
	for _, r := range []data.Role{data.RoleViewer, data.RoleInspector, data.RoleEditor, data.RoleAdmin} {
		secrets[r] = apitest.CreateToken(t, open.Store, "test-"+string(r), r)
	}
	revoked := apitest.CreateToken(t, open.Store, "revoked", data.RoleAdmin)
	revokedID, _ := data.ParseSecret(revoked)
	if err := open.Store.RevokeToken(context.Background(), revokedID, "test", time.Time{}); err != nil {
		t.Fatal(err)
	}
	admin := secrets[data.RoleAdmin]
	wrongSecret := admin[:len(admin)-2] + "AA"
	if wrongSecret == admin {
		wrongSecret = admin[:len(admin)-2] + "BA"
	}

	const (
		ok        = 200 // any 2xx
		noAuth    = http.StatusUnauthorized
		forbidden = http.StatusForbidden
	)
	type caller struct {
		name   string
		ts     *apitest.Server
		header string
		role   data.Role // "" for bad credentials; AnonymousNone for none
		anon   bool
	}
	callers := []caller{
		{"anonymous/none", closed, "", api.AnonymousNone, true},
		{"anonymous/viewer", open, "", data.RoleViewer, true},
		{"viewer", open, "Bearer " + secrets[data.RoleViewer], data.RoleViewer, false},
		{"inspector", open, "Bearer " + secrets[data.RoleInspector], data.RoleInspector, false},
		{"editor", open, "Bearer " + secrets[data.RoleEditor], data.RoleEditor, false},
		{"admin", open, "Bearer " + admin, data.RoleAdmin, false},
		{"revoked", open, "Bearer " + revoked, "", false},
		{"malformed", open, "Bearer zg_nothex!_short", "", false},
		{"wrong-secret", open, "Bearer " + wrongSecret, "", false},
		{"not-bearer", open, "Basic dXNlcjpwYXNz", "", false},
	}
	for _, rt := range open.API.Routes() {
		key := rt.Method + " " + rt.Pattern
		req, found := routeRequests[key]
		if !found {
			continue // reported by TestRoleTableCoversEveryRoute
		}
		for _, c := range callers {
			t.Run(key+"/"+c.name, func(t *testing.T) {
				var want int
				switch {
				case c.role == "":
					want = noAuth
				case rt.Role == api.RolePublic || c.role.Includes(rt.Role):
					want = ok
				case c.anon:
					want = noAuth
				default:
					want = forbidden
				}
				var header []string
				if req.prepare != nil {
					header = req.prepare(t, c.ts)
				}
				got := send(t, c.ts, rt.Method, req.path, req.body, c.header, header...)
				switch {
				case want == ok && (got.status < 200 || got.status > 299):
					t.Fatalf("status %d (%s: %s), want 2xx", got.status, got.code, got.message)
				case want != ok && got.status != want:
					t.Fatalf("status %d (%s: %s), want %d", got.status, got.code, got.message, want)
				case want == noAuth && (got.code != "unauthorized" || !strings.HasPrefix(got.challenge, "Bearer")):
					t.Errorf("401 with code %q and WWW-Authenticate %q, want unauthorized and Bearer", got.code, got.challenge)
				case want == forbidden && (got.code != "forbidden" || !strings.Contains(got.message, "requires role "+string(rt.Role))):
					t.Errorf("403 with code %q message %q, want forbidden naming role %s", got.code, got.message, rt.Role)
				}
			})
		}
	}
}

func TestRevocationWithoutCacheIsImmediate(t *testing.T) {
	ts := apitest.New(t, withAnonymous(api.AnonymousNone), func(o *api.Options) { o.Auth.TokenCacheTTL = -1 })
	secret := apitest.CreateToken(t, ts.Store, "short-lived", data.RoleViewer)
	if got := send(t, ts, http.MethodGet, "/v1/layers", "", "Bearer "+secret); got.status != http.StatusOK {
		t.Fatalf("before revocation: status %d %s", got.status, got.message)
	}
	id, _ := data.ParseSecret(secret)
	if err := ts.Store.RevokeToken(context.Background(), id, "test", time.Time{}); err != nil {
		t.Fatal(err)
	}
	if got := send(t, ts, http.MethodGet, "/v1/layers", "", "Bearer "+secret); got.status != http.StatusUnauthorized {
		t.Fatalf("after revocation: status %d, want 401", got.status)
	}
}

func TestParseAnonymousRole(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    data.Role
		wantErr bool
	}{
		{"none", api.AnonymousNone, false},
		{"viewer", data.RoleViewer, false},
		{"inspector", data.RoleInspector, false},
		{"editor", data.RoleEditor, false},
		{"admin", data.RoleAdmin, false},
		{"", "", true},
		{"root", "", true},
		{"Viewer", "", true},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := api.ParseAnonymousRole(tc.in)
			if got != tc.want || (err != nil) != tc.wantErr {
				t.Errorf("ParseAnonymousRole(%q) = %q, %v; want %q, error %v", tc.in, got, err, tc.want, tc.wantErr)
			}
		})
	}
}

func TestUnknownAnonymousRoleRefusesAnonymous(t *testing.T) {
	ts := apitest.New(t, withAnonymous("superuser"))
	if got := send(t, ts, http.MethodGet, "/v1/layers", "", ""); got.status != http.StatusUnauthorized {
		t.Errorf("status %d, want 401", got.status)
	}
	if got := send(t, ts, http.MethodGet, "/healthz", "", ""); got.status != http.StatusOK {
		t.Errorf("public route: status %d, want 200", got.status)
	}
}

// FuzzAuthorization sends arbitrary Authorization headers: the answer is
// 200 (the header was empty) or 401 in the error shape, never anything else.
func FuzzAuthorization(f *testing.F) {
	ts := apitest.New(f)
	secret := apitest.CreateToken(f, ts.Store, "fuzz", data.RoleViewer)
	// A secret with its last character changed (to B when it already ends
	// in A, so the seed is never the valid secret itself).
	last := "A"
	if strings.HasSuffix(secret, "A") {
		last = "B"
	}
	for _, seed := range []string{"", "Bearer", "Bearer ", "bearer x", "Basic abc", "Bearer " + secret[:len(secret)-1] + last,
		"Bearer zg_00000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "Bearer zg_ABCDEF01_" + secret[12:]} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, header string) {
		if strings.ContainsFunc(header, func(r rune) bool { return r < 0x20 && r != '\t' || r == 0x7f }) || !utf8.ValidString(header) {
			return // not sendable as a header
		}
		got := send(t, ts, http.MethodGet, "/v1/layers", "", header)
		want := http.StatusUnauthorized
		if strings.TrimSpace(header) == "" {
			want = http.StatusOK
		}
		if got.status != want {
			t.Fatalf("Authorization %q: status %d (%s), want %d", header, got.status, got.message, want)
		}
	})
}

func TestRequestLogNamesTokenNotSecret(t *testing.T) {
	var buf syncBuffer
	ts := apitest.New(t, func(o *api.Options) {
		o.Logger = slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	secret := apitest.CreateToken(t, ts.Store, "planner-li", data.RoleViewer)
	if got := send(t, ts, http.MethodGet, "/v1/layers", "", "Bearer "+secret); got.status != http.StatusOK {
		t.Fatalf("status %d", got.status)
	}
	wrong := secret[:len(secret)-1] + "Q"
	send(t, ts, http.MethodGet, "/v1/layers", "", "Bearer "+wrong)
	log := buf.String()
	if !strings.Contains(log, "token=planner-li") {
		t.Errorf("request log does not name the token:\n%s", log)
	}
	if strings.Contains(log, secret[12:]) || strings.Contains(log, wrong[12:]) {
		t.Errorf("request log contains a secret:\n%s", log)
	}
}

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
