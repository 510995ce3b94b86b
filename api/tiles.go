package api

import (
	"fmt"
	"net/http"
	"net/url"

	"github.com/go-chi/chi/v5"
	"github.com/zonegate/zonegate/api/wire"
	"github.com/zonegate/zonegate/tiles"
)

// DefaultTileCacheBytes is the default memory bound of the tile cache.
const DefaultTileCacheBytes = 256 << 20

func tileCacheBytes(v int64) int64 {
	if v == 0 {
		return DefaultTileCacheBytes
	}
	return v
}

// tileset resolves a tileset name and an optional layer filter (q, the
// request's query). The only tileset is "zones", every layer in the order
// of GET /v1/layers; layers= narrows it.
func (s *Server) tileset(r *http.Request, q url.Values) (tiles.Tileset, error) {
	name := chi.URLParam(r, "tileset")
	if name != tiles.DefaultTileset {
		return tiles.Tileset{}, &Error{Status: http.StatusNotFound, Code: "unknown_tileset", Field: "tileset",
			Message: fmt.Sprintf("tileset %q does not exist; the tileset is %q", name, tiles.DefaultTileset)}
	}
	only, err := s.parseLayers(q["layers"], "layers")
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
	q := r.URL.Query()
	ts, err := s.tileset(r, q)
	if err != nil {
		return err
	}
	t, err := wire.TileAddress(r)
	if err != nil {
		return err
	}
	at, err := s.parseAt(q.Get("at"), "at")
	if err != nil {
		return err
	}
	snap := s.index.Snapshot()
	key := tiles.NewKey(snap, ts, t, at, s.tileRender.Options())
	gz := wire.AcceptsGzip(r.Header.Get("Accept-Encoding"))
	h := w.Header()
	h.Set("Cache-Control", wire.TileCacheControl)
	h.Set("Vary", "Accept-Encoding")
	h.Set("ETag", key.ETag(gz))
	// Either representation's tag revalidates: both come from the same key.
	if inm := r.Header.Get("If-None-Match"); inm != "" && (wire.ETagMatches(inm, key.ETag(false)) || wire.ETagMatches(inm, key.ETag(true))) {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	e, err := s.tileCache.Get(key, func() ([]byte, error) {
		return s.tileRender.Encode(snap, ts, t, at)
	})
	if err != nil {
		return fmt.Errorf("tile %d/%d/%d: %w", t.Z, t.X, t.Y, err)
	}
	wire.WriteTile(w, e, gz, wire.MVTContentType)
	return nil
}

// getTileJSON answers GET /tiles/{tileset}.json[?at=][&layers=] with
// TileJSON 3.0.0. The tile URL is absolute, built from the request's Host
// and scheme (X-Forwarded-Proto when a proxy sets it), and carries the
// same at= and layers= so the tiles match the description.
func (s *Server) getTileJSON(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	ts, err := s.tileset(r, q)
	if err != nil {
		return err
	}
	at, err := s.parseAt(q.Get("at"), "at")
	if err != nil {
		return err
	}
	tileURL := wire.Scheme(r) + "://" + r.Host + "/tiles/" + url.PathEscape(ts.Name) + "/{z}/{x}/{y}.mvt"
	pass := url.Values{}
	for _, k := range []string{"at", "layers"} {
		if v, ok := q[k]; ok {
			pass[k] = v
		}
	}
	if len(pass) > 0 {
		tileURL += "?" + pass.Encode()
	}
	// Not cached like the tiles: its layer list changes when a layer is
	// published, and a page reloaded with the new style but a stale list
	// would name source layers MapLibre has not heard of.
	w.Header().Set("Cache-Control", "no-cache")
	writeJSON(w, http.StatusOK, tiles.NewTileJSON(s.index.Snapshot(), ts, tileURL, at))
	return nil
}
