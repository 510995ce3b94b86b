package api

import (
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"
	"github.com/zonegate/zonegate/api/ogc"
	"github.com/zonegate/zonegate/api/web"
)

// webPage answers GET /: the map page, or the OGC API landing page for a
// client that asks for JSON (?f=json, or Accept ranking JSON above HTML).
func (s *Server) webPage(w http.ResponseWriter, r *http.Request) error {
	w.Header().Add("Vary", "Accept")
	asJSON, err := ogc.WantsJSON(r)
	if err != nil {
		return err
	}
	if asJSON {
		return s.ogc.Landing(w, r)
	}
	return s.serveAsset(w, r, web.IndexName)
}

// webStatic answers GET /static/*: the page's script, styles and map
// worker, embedded in the binary.
func (s *Server) webStatic(w http.ResponseWriter, r *http.Request) error {
	name := chi.URLParam(r, "*")
	if name == web.IndexName || strings.HasSuffix(name, ".gz") {
		name = "" // served at / only; gzip variants are chosen by Accept-Encoding
	}
	return s.serveAsset(w, r, name)
}

func (s *Server) serveAsset(w http.ResponseWriter, r *http.Request, name string) error {
	assets, err := web.Embedded()
	if err != nil {
		return err
	}
	if !assets.Serve(w, r, name) {
		return &Error{Status: http.StatusNotFound, Code: "not_found", Message: "no such file: " + r.URL.Path}
	}
	return nil
}
