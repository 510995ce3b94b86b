package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/zonegate/zonegate/api/internal/apitest"
)

func TestMapPageServed(t *testing.T) {
	ts := apitest.New(t)
	tests := []struct {
		path, contentType, contains string
	}{
		{"/", "text/html; charset=utf-8", "<title>zonegate"},
		{"/static/app.js", "text/javascript; charset=utf-8", "maplibre"},
		{"/static/app.css", "text/css; charset=utf-8", ".maplibregl-map"},
		{"/static/maplibre-gl-worker.mjs", "text/javascript; charset=utf-8", "MapLibre"},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			status, ct, body := ts.Do(t, http.MethodGet, tc.path, "", "")
			if status != http.StatusOK || ct != tc.contentType || !strings.Contains(string(body), tc.contains) {
				t.Errorf("GET %s = %d %q (%d bytes, contains %q: %v)", tc.path, status, ct, len(body), tc.contains, strings.Contains(string(body), tc.contains))
			}
		})
	}
}

func TestMapPageMissingAssets(t *testing.T) {
	ts := apitest.New(t)
	for _, path := range []string{"/static/nope.js", "/static/index.html", "/static/app.js.gz", "/static/", "/static/../server.go"} {
		status, ct, body := ts.Do(t, http.MethodGet, path, "", "")
		if status != http.StatusNotFound || ct != "application/json; charset=utf-8" || !strings.Contains(string(body), `"not_found"`) {
			t.Errorf("GET %s = %d %q %s; want 404 in the error shape", path, status, ct, body)
		}
	}
}
