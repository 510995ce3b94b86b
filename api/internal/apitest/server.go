// Package apitest is the test fixture of the api packages: a real server
// (api.New) over a fresh SQLite store holding the demo region, tokens, and
// the requests the tests send. Only tests import it.
package apitest

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

// CheckTime is the fixed clock of the test servers: during the 2020–21
// heating season, after the preliminary delineation.
var CheckTime = time.Date(2020, 11, 1, 8, 0, 0, 0, time.FixedZone("CST", 8*3600))

// Server is a running test server with the store and follower behind it.
type Server struct {
	*httptest.Server
	Store    data.Store
	Follower *follow.Follower // tests that publish call CatchUp
	API      *api.Server
}

// New serves the demo region from a fresh SQLite store in a temporary
// folder, with the clock at CheckTime; options adjust the api.Options.
// The server and store close when the test ends.
func New(t testing.TB, options ...func(*api.Options)) *Server {
	t.Helper()
	return start(t, nil, options)
}

// NewListening is New served through api.Server.Listener, as `zonegate
// serve` does: at most maxConns open connections (<= 0: no cap), event
// streams closed on shutdown, and configure (when not nil) adjusting the
// http.Server before it starts.
func NewListening(t testing.TB, maxConns int, configure func(*http.Server), options ...func(*api.Options)) *Server {
	t.Helper()
	return start(t, func(ts *httptest.Server, srv *api.Server) {
		ts.Listener = srv.Listener(ts.Listener, maxConns)
		ts.Config.RegisterOnShutdown(srv.CloseStreams)
		if configure != nil {
			configure(ts.Config)
		}
	}, options)
}

// start builds the server of New and NewListening; listen, when not nil,
// adjusts the httptest server before it starts.
func start(t testing.TB, listen func(*httptest.Server, *api.Server), options []func(*api.Options)) *Server {
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
	// matrix (api's auth_test.go) tests access itself.
	opts := api.Options{Store: store, Index: ix, Follower: f, Now: func() time.Time { return CheckTime },
		Auth: api.AuthOptions{AnonymousRole: data.RoleInspector}}
	for _, o := range options {
		o(&opts)
	}
	srv := api.New(opts)
	hs := httptest.NewUnstartedServer(srv)
	if listen != nil {
		listen(hs, srv)
	}
	hs.Start()
	ts := &Server{Server: hs, Store: store, Follower: f, API: srv}
	t.Cleanup(func() {
		if listen != nil {
			srv.CloseStreams() // open streams would keep Close waiting
		}
		ts.Close()
		_ = srv.Close(ctx)
		_ = store.Close()
	})
	return ts
}

// Send makes a request with header name/value pairs and returns the
// answer with its body read.
func (s *Server) Send(t testing.TB, method, path, body string, header ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, s.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := s.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, b
}

// Do sends a request with a Content-Type ("" for none) and header pairs,
// and returns status, content type and body.
func (s *Server) Do(t testing.TB, method, path, contentType, body string, header ...string) (int, string, []byte) {
	t.Helper()
	if contentType != "" {
		header = append([]string{"Content-Type", contentType}, header...)
	}
	resp, b := s.Send(t, method, path, body, header...)
	return resp.StatusCode, resp.Header.Get("Content-Type"), b
}

// GetJSON fetches path and decodes a 200 answer into v.
func (s *Server) GetJSON(t testing.TB, path string, v any) {
	t.Helper()
	status, _, body := s.Do(t, http.MethodGet, path, "", "")
	if status != http.StatusOK {
		t.Fatalf("GET %s: status %d: %s", path, status, body)
	}
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("GET %s: %v: %s", path, err, body)
	}
}

// PostJSON posts a JSON body and decodes a 200 answer into v.
func (s *Server) PostJSON(t testing.TB, path, body string, v any) {
	t.Helper()
	status, _, resp := s.Do(t, http.MethodPost, path, "application/json", body)
	if status != http.StatusOK {
		t.Fatalf("POST %s: status %d: %s", path, status, resp)
	}
	if err := json.Unmarshal(resp, v); err != nil {
		t.Fatalf("POST %s: %v: %s", path, err, resp)
	}
}
