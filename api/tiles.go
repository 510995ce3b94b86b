package api

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"
	"github.com/zonegate/zonegate/api/wire"
	"github.com/zonegate/zonegate/tiles"
)

// DefaultTileCacheBytes is the default memory bound of the tile cache.
const DefaultTileCacheBytes = 256 << 20

// tileCacheControl lets browsers and proxies reuse a tile for a minute.
// Published zones change rarely, but after a publish a map must show the
// new boundaries within moments, not hours; once the minute is over, a
// revalidation with If-None-Match costs a 304 and no rendering, because the
// ETag is derived from the layers' revisions, not from the tile's bytes.
const tileCacheControl = "public, max-age=60"

// mvtContentType is the media type of Mapbox Vector Tiles.
const mvtContentType = "application/vnd.mapbox-vector-tile"

func tileCacheBytes(v int64) int64 {
	if v == 0 {
		return DefaultTileCacheBytes
	}
	return v
}

// tileset resolves a tileset name and an optional layer filter. The only
// tileset is "zones", every layer in the order of GET /v1/layers; layers=
// narrows it.
func (s *Server) tileset(r *http.Request) (tiles.Tileset, error) {
	name := chi.URLParam(r, "tileset")
	if name != tiles.DefaultTileset {
		return tiles.Tileset{}, &Error{Status: http.StatusNotFound, Code: "unknown_tileset", Field: "tileset",
			Message: fmt.Sprintf("tileset %q does not exist; the tileset is %q", name, tiles.DefaultTileset)}
	}
	only, err := s.parseLayers(r.URL.Query()["layers"], "layers")
	if err != nil {
		return tiles.Tileset{}, err
	}
	all := s.follower.Layers()
	ts := tiles.Tileset{Name: name, Layers: all}
	if len(only) > 0 {
		ts.Layers = nil
		for _, l := range all {
			for _, id := range only {
				if l.ID == id {
					ts.Layers = append(ts.Layers, l)
					break
				}
			}
		}
	}
	return ts, nil
}

// getTile answers GET /tiles/{tileset}/{z}/{x}/{y}.mvt[?at=][&layers=]: the
// zones active at `at` as a Mapbox Vector Tile, gzip-encoded when the
// client accepts it. A tile with nothing to draw is 204 No Content.
// Rendered tiles are cached under a key made of the layers' revisions and
// the validity epoch of `at`, so a publish changes the key and no stale
// tile is ever served; the ETag is derived from the same key.
func (s *Server) getTile(w http.ResponseWriter, r *http.Request) error {
	ts, err := s.tileset(r)
	if err != nil {
		return err
	}
	t, err := tiles.ParseTile(chi.URLParam(r, "z"), chi.URLParam(r, "x"), chi.URLParam(r, "y"))
	if err != nil {
		var te *tiles.TileError
		if errors.As(err, &te) {
			return badRequest("invalid_tile", te.Field, "%s", te.Error())
		}
		return err
	}
	at, err := s.parseAt(r.URL.Query().Get("at"), "at")
	if err != nil {
		return err
	}
	snap := s.index.Snapshot()
	key := tiles.NewKey(snap, ts, t, at, s.tileRender.Options())
	gz := acceptsGzip(r.Header.Get("Accept-Encoding"))
	h := w.Header()
	h.Set("Cache-Control", tileCacheControl)
	h.Set("Vary", "Accept-Encoding")
	h.Set("ETag", key.ETag(gz))
	// Either representation's tag revalidates: both come from the same key.
	if inm := r.Header.Get("If-None-Match"); etagMatches(inm, key.ETag(false)) || etagMatches(inm, key.ETag(true)) {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	e, err := s.tileCache.Get(key, func() ([]byte, error) {
		return s.tileRender.Encode(snap, ts, t, at)
	})
	if err != nil {
		return fmt.Errorf("tile %d/%d/%d: %w", t.Z, t.X, t.Y, err)
	}
	writeCachedTile(w, e, gz, mvtContentType)
	return nil
}

// writeCachedTile writes a cached tile: 204 when it is empty, else the
// gzipped or the raw bytes with their content type and length.
func writeCachedTile(w http.ResponseWriter, e *tiles.Entry, gz bool, contentType string) {
	if e.Empty() {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	h := w.Header()
	body := e.Raw
	if gz {
		body = e.Gzip
		h.Set("Content-Encoding", "gzip")
	}
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body) // a write error means the client went away
}

// getTileJSON answers GET /tiles/{tileset}.json[?at=][&layers=] with
// TileJSON 3.0.0. The tile URL is absolute, built from the request's Host
// and scheme (X-Forwarded-Proto when a proxy sets it), and carries the
// same at= and layers= so the tiles match the description.
func (s *Server) getTileJSON(w http.ResponseWriter, r *http.Request) error {
	ts, err := s.tileset(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	at, err := s.parseAt(q.Get("at"), "at")
	if err != nil {
		return err
	}
	tileURL := requestScheme(r) + "://" + r.Host + "/tiles/" + url.PathEscape(ts.Name) + "/{z}/{x}/{y}.mvt"
	pass := url.Values{}
	for _, k := range []string{"at", "layers"} {
		if v, ok := q[k]; ok {
			pass[k] = v
		}
	}
	if len(pass) > 0 {
		tileURL += "?" + pass.Encode()
	}
	w.Header().Set("Cache-Control", tileCacheControl)
	writeJSON(w, http.StatusOK, tiles.NewTileJSON(s.index.Snapshot(), ts, tileURL, at))
	return nil
}

// requestScheme is "https" or "http" (wire.Scheme).
func requestScheme(r *http.Request) string { return wire.Scheme(r) }

// acceptsGzip reports whether an Accept-Encoding header admits gzip (named
// or through "*") with a non-zero quality.
func acceptsGzip(header string) bool {
	for part := range strings.SplitSeq(header, ",") {
		coding, params, _ := strings.Cut(part, ";")
		coding = strings.ToLower(strings.TrimSpace(coding))
		if coding != "gzip" && coding != "*" {
			continue
		}
		if k, v, ok := strings.Cut(strings.TrimSpace(params), "="); ok && strings.TrimSpace(k) == "q" {
			if q, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil && q == 0 {
				return false
			}
		}
		return true
	}
	return false
}
