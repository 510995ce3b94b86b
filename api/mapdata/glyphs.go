package mapdata

import (
	"errors"
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/zonegate/zonegate/api/wire"
	"github.com/zonegate/zonegate/tiles/glyphs"
)

// Glyphs answers GET /fonts/{fontstack}/{range}.pbf: the label glyphs
// embedded in the binary (tiles/glyphs), so labels need no font server.
func (s *Handler) Glyphs(w http.ResponseWriter, r *http.Request) error {
	body, err := glyphs.Range(chi.URLParam(r, "fontstack"), chi.URLParam(r, "range"))
	if errors.Is(err, glyphs.ErrBadRange) {
		return &wire.Error{Status: http.StatusNotFound, Code: "not_found", Field: "range", Message: err.Error()}
	}
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/x-protobuf")
	w.Header().Set("Cache-Control", "public, max-age=86400")
	_, _ = w.Write(body)
	return nil
}
