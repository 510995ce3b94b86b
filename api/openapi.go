package api

import (
	"net/http"

	"github.com/zonegate/zonegate/api/openapi"
	"github.com/zonegate/zonegate/api/wire"
)

// apiDocument answers GET /api: the OpenAPI document generated from this
// router with chi.Walk (api/openapi), so it cannot drift from the routes.
func (s *Server) apiDocument(w http.ResponseWriter, r *http.Request) error {
	return openapi.Serve(w, r, s.router, func(method, pattern string) string { return string(routeRoles[method+" "+pattern]) })
}

// mayCall reports whether the caller's role may use method on the route
// pattern (the Allow of OPTIONS, openapi.Options).
func (s *Server) mayCall(r *http.Request, method, pattern string) bool {
	need, ok := routeRoles[method+" "+pattern]
	c := wire.CallerFrom(r.Context())
	return ok && (need == RolePublic || (c.Err == nil && c.Role.Includes(need)))
}
