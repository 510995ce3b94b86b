package wire

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"
	"github.com/paulmach/orb/maptile"
	"github.com/zonegate/zonegate/tiles"
)

// TileCacheControl lets browsers and proxies reuse a tile for a minute.
// Published zones change rarely, but after a publish a map must show the
// new boundaries within moments, not hours; once the minute is over, a
// revalidation with If-None-Match costs a 304 and no rendering, because the
// ETag is derived from the layers' revisions, not from the tile's bytes.
const TileCacheControl = "public, max-age=60"

// MVTContentType is the media type of Mapbox Vector Tiles.
const MVTContentType = "application/vnd.mapbox-vector-tile"

// TileAddress parses the {z}, {x} and {y} route parameters of a tile
// route; a bad address is a 400 invalid_tile naming the parameter.
func TileAddress(r *http.Request) (maptile.Tile, error) {
	t, err := tiles.ParseTile(chi.URLParam(r, "z"), chi.URLParam(r, "x"), chi.URLParam(r, "y"))
	if err != nil {
		var te *tiles.TileError
		if errors.As(err, &te) {
			return t, BadRequest("invalid_tile", te.Field, "%s", te.Error())
		}
		return t, err
	}
	return t, nil
}

// WriteTile writes a cached tile: 204 when it is empty, else the gzipped
// or the raw bytes with their content type and length.
func WriteTile(w http.ResponseWriter, e *tiles.Entry, gz bool, contentType string) {
	if e.Empty() {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	h := w.Header()
	body := e.Raw
	if gz {
		// Compressing to memory does not fail; if it ever did, the raw
		// bytes are still an answer the client accepts.
		if b, err := e.Gzip(); err == nil {
			body = b
			h.Set("Content-Encoding", "gzip")
		}
	}
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body) // a write error means the client went away
}

// AcceptsGzip reports whether an Accept-Encoding header admits gzip (named
// or through "*") with a non-zero quality.
func AcceptsGzip(header string) bool {
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

// ETagMatches reports whether an If-None-Match header matches etag (weak
// comparison, as RFC 9110 prescribes for If-None-Match).
func ETagMatches(header, etag string) bool {
	if header == "" {
		return false
	}
	for c := range strings.SplitSeq(header, ",") {
		c = strings.TrimPrefix(strings.TrimSpace(c), "W/")
		if c == "*" || c == strings.TrimPrefix(etag, "W/") {
			return true
		}
	}
	return false
}
