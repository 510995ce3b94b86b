package api

import (
	"fmt"
	"math"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/zonegate/zonegate/api/limit"
	"github.com/zonegate/zonegate/data"
)

// Limits on callers live in api/limit; these names keep Options readable.
type (
	// Rate is a request rate limit (limit.Rate).
	Rate = limit.Rate
)

// RoleAnonymous names callers without a token in Limits.Rates
// (limit.RoleAnonymous).
const RoleAnonymous = limit.RoleAnonymous

// unlimitedPaths answer without a rate limit, so health checks and metrics
// scrapes keep working under load.
var unlimitedPaths = map[string]bool{"/healthz": true, "/readyz": true, "/metrics": true}

// rateLimit answers 429 with Retry-After, in the error shape, to a caller
// over its role's rate (Limits.Rates). It runs after authenticate.
func (s *Server) rateLimit(next http.Handler) http.Handler {
	if s.rate == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if unlimitedPaths[r.URL.Path] {
			next.ServeHTTP(w, r)
			return
		}
		wait, rt, role := s.rate.AllowRequest(r)
		if wait <= 0 {
			next.ServeHTTP(w, r)
			return
		}
		s.rateLimited(w, r, wait, rt, role)
	})
}

// rateLimited counts and answers a request over role's rate rt, which
// may go ahead after wait.
func (s *Server) rateLimited(w http.ResponseWriter, r *http.Request, wait time.Duration, rt Rate, role data.Role) {
	s.metrics.limitHits.WithLabelValues("rate_" + string(role)).Inc()
	who := "this token (role " + string(role) + ")"
	if role == RoleAnonymous {
		who = "callers without a token, per address,"
	}
	s.writeError(w, r, &Error{Status: http.StatusTooManyRequests, Code: "rate_limited", RetryAfter: wait,
		Message: fmt.Sprintf("too many requests: %s may send %s per second (bursts of %d); retry after %d s",
			who, strconv.FormatFloat(rt.PerSecond, 'g', -1, 64), rt.Burst, int64(math.Ceil(wait.Seconds())))})
}

// Listener wraps ln for http.Server.Serve with at most maxConns open
// connections (<= 0: no cap), waits counted as
// zonegate_limit_hits_total{limit="conns"}, and net/http's own plain-text
// 400/431/501 answered in the JSON error shape (limit.Listen).
func (s *Server) Listener(ln net.Listener, maxConns int) net.Listener {
	return limit.Listen(ln, maxConns, func() { s.metrics.limitHits.WithLabelValues("conns").Inc() })
}
