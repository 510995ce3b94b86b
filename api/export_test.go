package api

import (
	"net/http"

	"github.com/zonegate/zonegate/api/reqctx"
)

// ServeRouted serves r through the router only, as ServeHTTP did before
// GET /v1/zones/at skipped the routing, so tests can compare the two.
func (s *Server) ServeRouted(w http.ResponseWriter, r *http.Request) {
	s.router.ServeHTTP(w, reqctx.With(s.ids, w, r, s.router))
}
