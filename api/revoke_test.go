package api_test

import (
	"context"
	"crypto/rand"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/zonegate/zonegate/api"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/follow"
	"github.com/zonegate/zonegate/data/postgis"
	"github.com/zonegate/zonegate/data/postgis/postgistest"
	"github.com/zonegate/zonegate/data/sqlite"
	"github.com/zonegate/zonegate/geo/index"
)

// tokenReplica serves store with the given token cache lifetime and no
// anonymous access.
func tokenReplica(t *testing.T, store data.Store, ttl time.Duration) *httptest.Server {
	t.Helper()
	ix := index.New()
	f := follow.New(store, ix, nil)
	if err := f.CatchUp(t.Context()); err != nil {
		t.Fatal(err)
	}
	srv := api.New(api.Options{Store: store, Index: ix, Follower: f,
		Auth: api.AuthOptions{AnonymousRole: api.AnonymousNone, TokenCacheTTL: ttl}})
	ts := httptest.NewServer(srv)
	t.Cleanup(func() {
		ts.Close()
		_ = srv.Close(context.Background())
	})
	return ts
}

// newViewerToken stores a viewer token and returns its id and secret.
func newViewerToken(t *testing.T, store data.Store) (id, secret string) {
	t.Helper()
	id, secret, err := data.NewTokenSecret(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tok := &data.Token{ID: id, Name: "viewer-" + id, Role: data.RoleViewer, Hash: data.HashSecret(secret), CreatedBy: "cli:test"}
	if err := store.CreateToken(t.Context(), tok); err != nil {
		t.Fatalf("CreateToken: %v", err)
	}
	return id, secret
}

// status sends GET /v1/layers (role viewer) with secret.
func status(t *testing.T, ts *httptest.Server, secret string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, ts.URL+"/v1/layers", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+secret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// refusedWithin polls until ts answers 401 for secret, failing the test
// if a request sent more than limit after the call was still accepted.
// The time a request is sent counts, not when its answer arrives: under
// the race detector on a loaded machine a request sent just before the
// cache entry expires may answer 200 after limit, as it should.
func refusedWithin(t *testing.T, ts *httptest.Server, secret string, limit time.Duration) {
	t.Helper()
	start := time.Now()
	for {
		sent := time.Since(start)
		code := status(t, ts, secret)
		if code == http.StatusUnauthorized {
			return
		}
		if code != http.StatusOK {
			t.Fatalf("status %d while waiting for the revocation", code)
		}
		if sent > limit {
			t.Fatalf("revoked token still accepted %v after the revocation (limit %v)", sent, limit)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestRevokeTakesEffectAtOnce revokes through the server's own store while
// the token is cached for a minute: the next request is refused.
func TestRevokeTakesEffectAtOnce(t *testing.T) {
	t.Parallel()
	store, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "z.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	ts := tokenReplica(t, store, time.Minute)
	id, secret := newViewerToken(t, store)
	for range 3 { // cached now
		if code := status(t, ts, secret); code != http.StatusOK {
			t.Fatalf("before revoking: status %d, want 200", code)
		}
	}
	if err := store.RevokeToken(t.Context(), id, "cli:test", time.Time{}); err != nil {
		t.Fatalf("RevokeToken: %v", err)
	}
	if code := status(t, ts, secret); code != http.StatusUnauthorized {
		t.Errorf("first request after revoking: status %d, want 401", code)
	}
}

// TestRevokeFromAnotherProcessSQLite revokes through a second handle on the
// same SQLite file, as `zonegate token revoke` does while a server runs: no
// feed reaches the server, and the default cache lifetime bounds the delay.
func TestRevokeFromAnotherProcessSQLite(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "z.db")
	served, err := sqlite.Open(t.Context(), path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { served.Close() })
	cli, err := sqlite.Open(t.Context(), path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cli.Close() })
	ts := tokenReplica(t, served, 0)
	id, secret := newViewerToken(t, cli)
	if code := status(t, ts, secret); code != http.StatusOK {
		t.Fatalf("before revoking: status %d, want 200", code)
	}
	if err := cli.RevokeToken(t.Context(), id, "cli:test", time.Time{}); err != nil {
		t.Fatalf("RevokeToken: %v", err)
	}
	refusedWithin(t, ts, secret, api.DefaultTokenCacheTTL)
}

// TestRevokeAcrossPostGISReplicas runs two servers on two stores of one
// schema, both caching tokens for a minute: a revocation on one is refused
// by it at once and by the other within a second (the change feed).
func TestRevokeAcrossPostGISReplicas(t *testing.T) {
	t.Parallel()
	dsn, _ := postgistest.Schema(t)
	open := func() data.Store {
		s, err := postgis.Open(t.Context(), dsn, postgis.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	a, b := open(), open()
	tsA, tsB := tokenReplica(t, a, time.Minute), tokenReplica(t, b, time.Minute)
	id, secret := newViewerToken(t, a)
	for _, ts := range []*httptest.Server{tsA, tsB} {
		if code := status(t, ts, secret); code != http.StatusOK {
			t.Fatalf("before revoking: status %d, want 200", code)
		}
	}
	if err := a.RevokeToken(t.Context(), id, "cli:test", time.Time{}); err != nil {
		t.Fatalf("RevokeToken: %v", err)
	}
	if code := status(t, tsA, secret); code != http.StatusUnauthorized {
		t.Errorf("replica that revoked, first request after: status %d, want 401", code)
	}
	refusedWithin(t, tsB, secret, time.Second)
}
