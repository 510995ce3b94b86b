package api

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/go-chi/chi/v5"
	"github.com/zonegate/zonegate/api/wire"
	"github.com/zonegate/zonegate/tiles/style"
)

// getStyle answers GET /styles/{name}.json: a MapLibre style (spec v8)
// drawing the current layers from this server's tiles. The TileJSON URL is
// absolute, built from the request, so the style also works in QGIS or
// Maputnik. Unknown names are 404.
func (s *Server) getStyle(w http.ResponseWriter, r *http.Request) error {
	name := chi.URLParam(r, "name")
	tileJSON := requestOrigin(r) + "/tiles/" + url.PathEscape(style.SourceID) + ".json"
	st, err := style.Build(name, s.follower.Layers(), tileJSON, style.Options{
		BasemapURL: s.basemapURL, BasemapAttribution: basemapAttribution(s.basemapURL), Basemap: s.basemap,
		GlyphsURL: requestOrigin(r) + "/fonts/{fontstack}/{range}.pbf", LabelsURL: requestOrigin(r) + "/v1/labels",
		Terrain: s.analysis.TerrainStyle(requestOrigin(r)), // api/analysis
	})
	if errors.Is(err, style.ErrUnknownStyle) {
		return &Error{Status: http.StatusNotFound, Code: "unknown_style", Field: "name",
			Message: fmt.Sprintf("no style %q; known styles: %s", name, strings.Join(style.Names(), ", "))}
	}
	if err != nil {
		return fmt.Errorf("style %q: %w", name, err)
	}
	body, err := json.Marshal(st)
	if err != nil {
		return fmt.Errorf("encode style %q: %w", name, err)
	}
	sum := sha256.Sum256(body)
	w.Header().Set("ETag", `"`+hex.EncodeToString(sum[:12])+`"`)
	// Layers can be added at any time; clients revalidate with the ETag.
	w.Header().Set("Cache-Control", "no-cache")
	if wire.ETagMatches(r.Header.Get("If-None-Match"), w.Header().Get("ETag")) {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(append(body, '\n'))
	return nil
}

// requestOrigin is scheme://host of the request as the client addressed it
// (honouring X-Forwarded-Proto/-Host from a reverse proxy).
func requestOrigin(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	if p := r.Header.Get("X-Forwarded-Proto"); p == "http" || p == "https" {
		scheme = p
	}
	host := r.Host
	if h := r.Header.Get("X-Forwarded-Host"); h != "" && !strings.ContainsAny(h, "/ ,") {
		host = h
	}
	return scheme + "://" + host
}

// basemapAttribution credits the host of a raster basemap URL template.
func basemapAttribution(tmpl string) string {
	if tmpl == "" {
		return ""
	}
	u, err := url.Parse(strings.NewReplacer("{", "", "}", "").Replace(tmpl))
	if err != nil || u.Host == "" {
		return "basemap"
	}
	return "basemap © " + u.Hostname()
}
