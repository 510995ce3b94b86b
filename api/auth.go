package api

// Authentication (bearer tokens) and authorisation (one table of the
// minimum role each route requires). authenticate runs before routing and
// only finds out who is calling; authorize runs after routing, inside the
// route group, where the matched chi route pattern is known, and is the one
// place where access is decided.

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/zonegate/zonegate/api/bearer"
	"github.com/zonegate/zonegate/api/reqctx"
	"github.com/zonegate/zonegate/api/wire"
	"github.com/zonegate/zonegate/data"
)

// RolePublic in the role table marks a route anyone may call, with or
// without a token.
const RolePublic data.Role = "public"

// AnonymousNone as Options.AnonymousRole refuses every non-public route to
// callers without a token.
const AnonymousNone = wire.RoleNone

// DefaultAnonymousRole is the role of callers without a token when
// Options.AnonymousRole is empty: the gazette requires the zones to be
// public, so anonymous users read published layers and tiles.
const DefaultAnonymousRole = data.RoleViewer

// DefaultTokenCacheTTL is how long a token read from the store is trusted
// before it is read again. A revocation made through the server's own store
// takes effect at once, and one made by another replica as soon as the
// store's change feed announces it (PostGIS: LISTEN/NOTIFY, milliseconds);
// this bound covers the rest: another process revoking in a SQLite store,
// or notifications lost while the feed reconnects.
const DefaultTokenCacheTTL = time.Second

// routeRoles is the role table: "METHOD pattern" (the chi route pattern) →
// the minimum role the route requires. A route registered without an entry
// is refused with 500 (and fails TestRoleTableCoversEveryRoute).
var routeRoles = map[string]data.Role{
	"GET /healthz":            RolePublic,
	"GET /readyz":             RolePublic,
	"GET /metrics":            RolePublic, // counters and latencies only; no zone data
	"GET /styles/{name}.json": RolePublic,
	// Glyphs of the map labels (glyphs.go): a font, no zone data.
	"GET /fonts/{fontstack}/{range}.pbf": RolePublic,
	// Zone names and label points (labels.go), for labels and search.
	"GET /v1/labels": data.RoleViewer,
	// The map page; a client asking for JSON gets the OGC landing page,
	// which holds only links, so it is public too.
	"GET /":         RolePublic,
	"GET /static/*": RolePublic,

	"GET /tiles/{tileset}/{z}/{x}/{y}.mvt": data.RoleViewer,
	"GET /tiles/{tileset}.json":            data.RoleViewer,
	"GET /conformance":                     data.RoleViewer,
	"GET /api":                             RolePublic, // the API definition: routes, no data
	"GET /collections/{layer}/queryables":  data.RoleViewer,
	"GET /collections":                     data.RoleViewer,
	"GET /collections/{layer}":             data.RoleViewer,
	"GET /collections/{layer}/items":       data.RoleViewer,
	"GET /collections/{layer}/items/{id}":  data.RoleViewer,
	"GET /v1/layers":                       data.RoleViewer,
	"GET /v1/zones/at":                     data.RoleViewer,
	"POST /v1/zones/at":                    data.RoleViewer,
	"POST /v1/zones/at/stream":             data.RoleViewer,
	"POST /v1/checks/coal-truck":           data.RoleInspector,
	"GET /v1/checkpoints/nearest":          data.RoleViewer,
	"GET /v1/inspections":                  data.RoleInspector,
	"POST /v1/tracks":                      data.RoleInspector, // live positions (tracks.go)
	"GET /v1/events":                       data.RoleInspector, // vehicle events, JSON or SSE (events.go)
	"GET /v1/webhooks":                     data.RoleAdmin,     // webhook delivery status (events.go)
	"GET /v1/reports/inspections":          data.RoleInspector,
	"GET /v1/audit":                        data.RoleAdmin,
	"POST /v1/imports":                     data.RoleEditor, // bulk import of files (imports.go)

	// Terrain (api/analysis).
	"GET /v1/terrain/elevation":            data.RoleViewer,
	"GET /tiles/hillshade/{z}/{x}/{y}.png": data.RoleViewer,
	"GET /tiles/contours/{z}/{x}/{y}.mvt":  data.RoleViewer,
	"GET /tiles/hillshade.json":            data.RoleViewer,
	"GET /tiles/contours.json":             data.RoleViewer,

	// Editing (api/ogc). Viewers may read the history of published and
	// retired versions; drafts in it are shown to editors only.
	"POST /collections/{layer}/items":               data.RoleEditor,
	"PUT /collections/{layer}/items/{id}":           data.RoleEditor,
	"PATCH /collections/{layer}/items/{id}":         data.RoleEditor,
	"DELETE /collections/{layer}/items/{id}":        data.RoleEditor,
	"POST /v1/zones/{layer}/{id}/publish":           data.RoleEditor,
	"GET /v1/zones/{layer}/{id}/versions":           data.RoleViewer,
	"GET /v1/zones/{layer}/{id}/versions/{version}": data.RoleViewer,

	// Brick-kiln analyses (api/analysis).
	"POST /v1/analysis/kiln-site":    data.RoleViewer,
	"GET /v1/analysis/kiln-capacity": data.RoleViewer,

	// Sewer coverage analysis (api/analysis).
	"GET /v1/analysis/sewer-coverage":       data.RoleViewer,
	"GET /v1/analysis/sewer-coverage/point": data.RoleViewer,

	// The gazette's county statistics (statistics.go).
	"GET /v1/statistics/clean-heating": data.RoleViewer,
}

// RouteAccess is one route the server answers and the minimum role it
// requires (RolePublic: anyone).
type RouteAccess struct {
	Method  string
	Pattern string
	Role    data.Role
	// Missing reports that the route has no entry in the role table: it is
	// refused to everyone.
	Missing bool
}

// Routes lists every route registered in the router with its entry in the
// role table, ordered by pattern and method.
func (s *Server) Routes() []RouteAccess {
	var out []RouteAccess
	// chi.Walk fails only when the callback does, and this one does not.
	_ = chi.Walk(s.router, func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		role, ok := routeRoles[method+" "+route]
		out = append(out, RouteAccess{Method: method, Pattern: route, Role: role, Missing: !ok})
		return nil
	})
	sort.Slice(out, func(i, j int) bool {
		if out[i].Pattern != out[j].Pattern {
			return out[i].Pattern < out[j].Pattern
		}
		return out[i].Method < out[j].Method
	})
	return out
}

// ParseAnonymousRole parses the role of callers without a token: "none" or
// a role name.
func ParseAnonymousRole(s string) (data.Role, error) {
	if data.Role(s) == AnonymousNone {
		return AnonymousNone, nil
	}
	r, err := data.ParseRole(s)
	if err != nil {
		return "", fmt.Errorf("anonymous role: %w (or none)", err)
	}
	return r, nil
}

// anonymousRole resolves AuthOptions.AnonymousRole: empty is
// DefaultAnonymousRole, and an unknown role is logged and refuses
// anonymous access (AnonymousNone).
func anonymousRole(r data.Role, log *slog.Logger) data.Role {
	switch {
	case r == "":
		return DefaultAnonymousRole
	case r == AnonymousNone:
		return r
	}
	if _, err := data.ParseRole(string(r)); err != nil {
		log.Error("unknown anonymous role; anonymous access refused", "role", r)
		return AnonymousNone
	}
	return r
}

// authenticate reads the bearer token, if any, and puts the caller in the
// request context. It never answers itself: bad credentials are refused by
// authorize, so that the request is still counted and logged.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := s.anonCaller
		if h := r.Header.Get("Authorization"); h != "" {
			c = bearer.Caller(r.Context(), s.tokens, h)
		}
		if st := reqctx.From(r); st != nil {
			st.SetCaller(c) // answered by the request's context
			next.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(w, r.WithContext(wire.WithCaller(r.Context(), c)))
	})
}

func unauthorized(msg string) *Error { return bearer.Unauthorized(msg) }

// authorize refuses the request unless the caller has the role the role
// table requires for the matched route: 401 for bad credentials or an
// anonymous caller lacking it (so the client knows to authenticate), 403
// for a token whose role is too low.
func (s *Server) authorize(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		pattern := chi.RouteContext(r.Context()).RoutePattern()
		need, ok := routeRoles[strings.Replace(r.Method, http.MethodHead, http.MethodGet, 1)+" "+pattern] // HEAD is GET
		s.authorizeAs(w, r, next, pattern, need, ok)
	})
}

// authorizeAs is authorize for a route whose role table entry is known:
// need, if ok (the route has one).
func (s *Server) authorizeAs(w http.ResponseWriter, r *http.Request, next http.Handler, pattern string, need data.Role, ok bool) {
	c := wire.CallerFrom(r.Context())
	switch {
	case c.Err != nil:
		s.refuse(w, r, c.Err)
	case !ok:
		s.refuse(w, r, fmt.Errorf("route %s %s has no entry in the role table", r.Method, pattern))
	case need == RolePublic || c.Role.Includes(need):
		next.ServeHTTP(w, r)
	case c.Anonymous():
		s.refuse(w, r, unauthorized(fmt.Sprintf("this endpoint requires role %s: send Authorization: Bearer <token>", need)))
	default:
		s.refuse(w, r, &Error{Status: http.StatusForbidden, Code: "forbidden",
			Message: fmt.Sprintf("this endpoint requires role %s; token %q has role %s", need, c.Name, c.Role)})
	}
}

func (s *Server) refuse(w http.ResponseWriter, r *http.Request, err error) {
	var apiErr *Error
	if errors.As(err, &apiErr) && apiErr.Status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="zonegate"`)
	}
	s.writeError(w, r, err)
}
