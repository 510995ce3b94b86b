// Package web holds zonegate's map page: a MapLibre GL JS application built
// with npm and esbuild (see build.sh) into dist/, which is committed and
// embedded here, so the server never reads assets from the working
// directory and `go run` needs no npm.
package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"
)

//go:embed dist
var dist embed.FS

// IndexName is the page served at the site root.
const IndexName = "index.html"

// Assets serves the embedded files with strong ETags (If-None-Match → 304),
// revalidation on every use (Cache-Control: no-cache) and gzip for clients
// that accept it (precompressed at build time). It is immutable and safe
// for concurrent use.
type Assets struct {
	files map[string]*asset
}

type asset struct {
	body, gz    []byte
	etag        string // of body; the gzip variant appends "-gz"
	contentType string
}

// Load reads the embedded build output. It fails only if the build output
// is missing or unreadable, which is a build error.
func Load() (*Assets, error) {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		return nil, fmt.Errorf("web assets: %w", err)
	}
	return load(sub)
}

// Embedded returns the assets of the binary, loaded once per process (they
// are immutable).
var Embedded = sync.OnceValues(Load)

func load(fsys fs.FS) (*Assets, error) {
	a := &Assets{files: map[string]*asset{}}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".gz") {
			return err
		}
		body, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		f := &asset{body: body, etag: `"` + hex.EncodeToString(sum[:12]) + `"`, contentType: contentType(p)}
		if gz, err := fs.ReadFile(fsys, p+".gz"); err == nil {
			f.gz = gz
		}
		a.files[p] = f
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("web assets: %w", err)
	}
	if a.files[IndexName] == nil {
		return nil, fmt.Errorf("web assets: %s is missing; run api/web/build.sh", IndexName)
	}
	return a, nil
}

// contentType names the media type of an asset by its extension.
func contentType(name string) string {
	switch path.Ext(name) {
	case ".html":
		return "text/html; charset=utf-8"
	case ".js", ".mjs":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	}
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return "application/octet-stream"
}

// Names lists the asset names (paths relative to dist/), unordered.
func (a *Assets) Names() []string {
	names := make([]string, 0, len(a.files))
	for n := range a.files {
		names = append(names, n)
	}
	return names
}

// Serve answers a GET or HEAD for the asset called name and reports
// whether it exists; when it does not, nothing is written.
func (a *Assets) Serve(w http.ResponseWriter, r *http.Request, name string) bool {
	f := a.files[name]
	if f == nil {
		return false
	}
	h := w.Header()
	h.Set("Content-Type", f.contentType)
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Add("Vary", "Accept-Encoding")
	body, etag := f.body, f.etag
	if f.gz != nil && acceptsGzip(r) {
		body, etag = f.gz, strings.TrimSuffix(f.etag, `"`)+`-gz"`
		h.Set("Content-Encoding", "gzip")
	}
	h.Set("ETag", etag)
	if name == IndexName {
		// The page loads only its own origin's resources, plus a raster
		// basemap when the operator configures one.
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data: blob: https: http:; "+
			"worker-src 'self' blob:; child-src 'self' blob:; style-src 'self' 'unsafe-inline'; "+
			"connect-src 'self' https: http:; object-src 'none'; base-uri 'none'")
	}
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
	return true
}

// acceptsGzip reports whether the request's Accept-Encoding allows gzip:
// it names gzip (or *) with a q-value other than 0.
func acceptsGzip(r *http.Request) bool {
	for part := range strings.SplitSeq(r.Header.Get("Accept-Encoding"), ",") {
		coding, params, _ := strings.Cut(part, ";")
		coding = strings.TrimSpace(coding)
		if !strings.EqualFold(coding, "gzip") && coding != "*" {
			continue
		}
		q := 1.0
		if k, v, ok := strings.Cut(strings.TrimSpace(params), "="); ok && strings.TrimSpace(k) == "q" {
			var err error
			if q, err = strconv.ParseFloat(strings.TrimSpace(v), 64); err != nil {
				q = 0
			}
		}
		return q > 0
	}
	return false
}
