package analysis_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zonegate/zonegate/api"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/demo"
	"github.com/zonegate/zonegate/data/follow"
	"github.com/zonegate/zonegate/data/sqlite"
	"github.com/zonegate/zonegate/geo/index"
)

// The test server and requests, as api's tests have them: the analysis
// endpoints are tested through the whole server, with its route table and
// role checks.

// checkTime is the fixed clock of the tests: during the 2020–21 heating
// season, after the preliminary delineation.
var checkTime = time.Date(2020, 11, 1, 8, 0, 0, 0, time.FixedZone("CST", 8*3600))

type testServer struct {
	*httptest.Server
	store    data.Store
	follower *follow.Follower // tests that publish call CatchUp
}

// newTestServer serves the demo region from a fresh SQLite store; options
// adjust the api.Options.
func newTestServer(t testing.TB, options ...func(*api.Options)) *testServer {
	t.Helper()
	ctx := context.Background()
	store, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "zonegate.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Load(ctx, store); err != nil {
		t.Fatal(err)
	}
	ix := index.New()
	f := follow.New(store, ix, nil)
	if err := f.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	// Anonymous callers are inspectors, as with `serve --demo`: the endpoint
	// tests call checks and the inspection log without a token. The role
	// matrix (auth_test.go) tests access itself.
	opts := api.Options{Store: store, Index: ix, Follower: f, Now: func() time.Time { return checkTime },
		Auth: api.AuthOptions{AnonymousRole: data.RoleInspector}}
	for _, o := range options {
		o(&opts)
	}
	srv := api.New(opts)
	ts := &testServer{Server: httptest.NewServer(srv), store: store, follower: f}
	t.Cleanup(func() {
		ts.Close()
		_ = srv.Close(ctx)
		_ = store.Close()
	})
	return ts
}

// do sends a request and returns status, content type and body.
func (ts *testServer) do(t testing.TB, method, path, contentType, body string, header ...string) (int, string, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, ts.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header.Get("Content-Type"), b
}

// getJSON fetches path and decodes a 200 answer into v.
func (ts *testServer) getJSON(t testing.TB, path string, v any) {
	t.Helper()
	status, _, body := ts.do(t, http.MethodGet, path, "", "")
	if status != http.StatusOK {
		t.Fatalf("GET %s: status %d: %s", path, status, body)
	}
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("GET %s: %v: %s", path, err, body)
	}
}

// postJSON posts body and decodes a 200 answer into v.
func (ts *testServer) postJSON(t testing.TB, path, body string, v any) {
	t.Helper()
	status, _, resp := ts.do(t, http.MethodPost, path, "application/json", body)
	if status != http.StatusOK {
		t.Fatalf("POST %s: status %d: %s", path, status, resp)
	}
	if err := json.Unmarshal(resp, v); err != nil {
		t.Fatalf("POST %s: %v: %s", path, err, resp)
	}
}
