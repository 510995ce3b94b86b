package api

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5/middleware"
	"github.com/zonegate/zonegate/api/bearer"
	"github.com/zonegate/zonegate/api/reqctx"
	"github.com/zonegate/zonegate/data"
)

// Why one function: through the router's middlewares each GET
// /v1/zones/at put a reqctx.State in a copy of the request (two
// allocations, 700 bytes) and ran six handler closures, though a request
// answered 200 needs no state: zonesAt reads neither the request's
// context nor its route. serveZonesAt runs the chain's steps inline in
// the same order, and makes the state (reqctx.Lazy) only for a request
// refused, failed, panicking or logged, which then goes through the
// functions the chain calls. TestZonesAtUnrouted* compare the two ways.

// zonesAtRoute is GET /v1/zones/at's role table entry (need, if ok) and
// the metrics of its 200 answers, looked up once.
type zonesAtRoute struct {
	need data.Role
	ok   bool
	hits *seriesHandles
}

// serveZonesAt serves GET /v1/zones/at as recoverer, authenticate,
// instrument, rateLimit, chi's routing, authorize, the error adapter and
// zonesAt do.
func (s *Server) serveZonesAt(w http.ResponseWriter, r *http.Request) {
	lz := reqctx.NewLazy(s.ids, w, r, s.router)
	defer s.recoverLazy(w, &lz)
	c := s.anonCaller
	if h := r.Header.Get("Authorization"); h != "" {
		c = bearer.Caller(r.Context(), s.tokens, h)
	}
	lz.SetCaller(c)
	start := time.Now()
	if s.rate != nil { // unlimitedPaths does not hold zonesAtPath
		if wait, rt, role := s.rate.AllowCaller(r, c); wait > 0 {
			req, sw := lz.Request()
			s.rateLimited(sw, req, wait, rt, role)
			s.instrumented(&lz, start)
			return
		}
	}
	lz.Routed(zonesAtPath)
	rt := &s.zonesAtRoute
	if c.Err != nil || !rt.ok || !(rt.need == RolePublic || c.Role.Includes(rt.need)) {
		req, sw := lz.Request()
		s.authorizeAs(sw, req, nil, zonesAtPath, rt.need, rt.ok) // refuses: never calls next
		s.instrumented(&lz, start)
		return
	}
	if err := s.zonesAt(w, r); err != nil { // it writes nothing before failing
		req, sw := lz.Request()
		s.writeError(sw, req, err)
		s.instrumented(&lz, start)
		return
	}
	elapsed := time.Since(start) // zonesAt answered 200
	rt.hits.observe(elapsed)
	if s.log.Enabled(r.Context(), slog.LevelDebug) {
		req, _ := lz.Request()
		s.logRequest(req, http.StatusOK, elapsed)
	}
}

// instrumented is instrument's accounting of a request answered through
// lz's state.
func (s *Server) instrumented(lz *reqctx.Lazy, start time.Time) {
	req, sw := lz.Request()
	s.countRequest(req, lz.Pattern(), sw.Status(), time.Since(start))
}

// recoverLazy is recoverer's deferred part for serveZonesAt.
func (s *Server) recoverLazy(w http.ResponseWriter, lz *reqctx.Lazy) {
	if v := recover(); v != nil {
		if v == http.ErrAbortHandler {
			panic(v)
		}
		req, _ := lz.Request()
		s.log.Error("handler panic", "path", req.URL.Path, "request_id", middleware.GetReqID(req.Context()), "panic", v)
		s.writeError(w, req, &Error{Status: http.StatusInternalServerError, Code: "internal",
			Message: "internal error; the request id is in the server log"})
	}
}
