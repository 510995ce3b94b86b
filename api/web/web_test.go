package web_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/zonegate/zonegate/api/web"
)

func load(t *testing.T) *web.Assets {
	t.Helper()
	a, err := web.Load()
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func serve(t *testing.T, a *web.Assets, name string, header ...string) (*httptest.ResponseRecorder, bool) {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, "/static/"+name, nil)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	return w, a.Serve(w, r, name)
}

func TestEmbeddedBuild(t *testing.T) {
	a := load(t)
	names := a.Names()
	slices.Sort(names)
	want := []string{"app.css", "app.js", "index.html", "maplibre-gl-worker.mjs"}
	if !slices.Equal(names, want) {
		t.Errorf("assets = %v, want %v (rebuild with api/web/build.sh)", names, want)
	}
	w, ok := serve(t, a, web.IndexName)
	if !ok {
		t.Fatal("index.html not served")
	}
	page := w.Body.String()
	// Every local asset the page names is embedded, and nothing is fetched
	// from elsewhere.
	refs := regexp.MustCompile(`(?:src|href)="([^"]+)"`).FindAllStringSubmatch(page, -1)
	if len(refs) < 2 {
		t.Fatalf("index.html references %v, want the script and the stylesheet", refs)
	}
	for _, m := range refs {
		ref := m[1]
		if strings.HasPrefix(ref, "data:") {
			continue
		}
		name, ok := strings.CutPrefix(ref, "/static/")
		if !ok {
			t.Errorf("index.html references %q outside /static/", ref)
			continue
		}
		if _, ok := serve(t, a, name); !ok {
			t.Errorf("index.html references %q, which is not embedded", ref)
		}
	}
	if strings.Contains(page, "http://") || strings.Contains(page, "https://") {
		t.Errorf("index.html refers to a remote URL")
	}
}

func TestServeHeaders(t *testing.T) {
	a := load(t)
	tests := []struct {
		name, contentType string
	}{
		{"index.html", "text/html; charset=utf-8"},
		{"app.js", "text/javascript; charset=utf-8"},
		{"app.css", "text/css; charset=utf-8"},
		{"maplibre-gl-worker.mjs", "text/javascript; charset=utf-8"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w, ok := serve(t, a, tc.name)
			if !ok || w.Code != http.StatusOK {
				t.Fatalf("served %v, status %d", ok, w.Code)
			}
			if got := w.Header().Get("Content-Type"); got != tc.contentType {
				t.Errorf("Content-Type = %q, want %q", got, tc.contentType)
			}
			if got := w.Header().Get("Cache-Control"); got != "no-cache" {
				t.Errorf("Cache-Control = %q, want no-cache", got)
			}
			etag := w.Header().Get("ETag")
			if !regexp.MustCompile(`^"[0-9a-f]{24}"$`).MatchString(etag) {
				t.Errorf("ETag = %q, want a strong 24-hex-digit tag", etag)
			}
			again, _ := serve(t, a, tc.name, "If-None-Match", etag)
			if again.Code != http.StatusNotModified || again.Body.Len() != 0 {
				t.Errorf("If-None-Match: status %d, %d bytes; want 304, empty", again.Code, again.Body.Len())
			}
		})
	}
	if _, ok := serve(t, a, "missing.js"); ok {
		t.Error("missing.js reported as served")
	}
}

func TestGzipNegotiation(t *testing.T) {
	a := load(t)
	plain, _ := serve(t, a, "app.js")
	tests := []struct {
		acceptEncoding string
		gzip           bool
	}{
		{"", false},
		{"identity", false},
		{"gzip", true},
		{"br, gzip;q=0.5", true},
		{"gzip;q=0", false},
		{"gzip; q=0.0", false},
		{"*", true},
		{"deflate, br", false},
	}
	for _, tc := range tests {
		t.Run(tc.acceptEncoding, func(t *testing.T) {
			w, _ := serve(t, a, "app.js", "Accept-Encoding", tc.acceptEncoding)
			if got := w.Header().Get("Content-Encoding") == "gzip"; got != tc.gzip {
				t.Fatalf("gzip = %v, want %v", got, tc.gzip)
			}
			if w.Header().Get("ETag") == plain.Header().Get("ETag") == tc.gzip {
				t.Errorf("ETag %q vs plain %q: the gzip variant must have its own tag", w.Header().Get("ETag"), plain.Header().Get("ETag"))
			}
			body := w.Body.Bytes()
			if tc.gzip {
				zr, err := gzip.NewReader(bytes.NewReader(body))
				if err != nil {
					t.Fatal(err)
				}
				if body, err = io.ReadAll(zr); err != nil {
					t.Fatal(err)
				}
			}
			if !bytes.Equal(body, plain.Body.Bytes()) {
				t.Errorf("decoded body differs from the plain one (%d vs %d bytes): rebuild dist", len(body), plain.Body.Len())
			}
		})
	}
}
