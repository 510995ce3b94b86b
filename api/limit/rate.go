// Package limit bounds what callers of the HTTP API may take: request
// rates per token or client address (golang.org/x/time/rate token
// buckets), open event streams in total and per caller, and open
// connections, with a listener that also answers net/http's own
// plain-text errors in the JSON error shape. Package api applies them.
package limit

import (
	"fmt"
	"math"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/zonegate/zonegate/api/wire"
	"github.com/zonegate/zonegate/data"
)

// RoleAnonymous names callers without a token in the rates: they are
// limited per client address, whatever role AuthOptions.AnonymousRole
// gives them. Callers with a token are limited per token by its role.
const RoleAnonymous data.Role = "anonymous"

// Rate is a token bucket: PerSecond requests per second on average, up to
// Burst at once.
type Rate struct {
	PerSecond float64
	Burst     int
}

func (r Rate) String() string {
	return strconv.FormatFloat(r.PerSecond, 'g', -1, 64) + ":" + strconv.Itoa(r.Burst)
}

// DefaultRates are the rate limits `zonegate serve` applies unless --rate
// changes them: a map page loads about 60 tiles and documents at once,
// which every burst allows; a checkpoint's inspectors share one token.
func DefaultRates() map[data.Role]Rate {
	// The map page alone asks for ~40 requests when it opens (zone,
	// hillshade and contour tiles, style, labels, glyphs) and ~40 per zoom
	// step, so the bursts leave room for a planner zooming quickly.
	return map[data.Role]Rate{
		RoleAnonymous:      {PerSecond: 100, Burst: 400},
		data.RoleViewer:    {PerSecond: 200, Burst: 800},
		data.RoleInspector: {PerSecond: 200, Burst: 800},
		data.RoleEditor:    {PerSecond: 200, Burst: 800},
		data.RoleAdmin:     {PerSecond: 200, Burst: 800},
	}
}

// RateRoles lists the roles Limits.Rates and ParseRate accept.
var RateRoles = []data.Role{RoleAnonymous, data.RoleViewer, data.RoleInspector, data.RoleEditor, data.RoleAdmin}

// ParseRate parses ROLE=PER_SECOND[:BURST] (burst defaults to twice the
// rate, at least 1) or ROLE=off, which lifts the limit of that role
// (off is returned as ok=false).
func ParseRate(s string) (role data.Role, r Rate, ok bool, err error) {
	name, spec, found := strings.Cut(s, "=")
	role = data.Role(strings.TrimSpace(name))
	known := false
	for _, k := range RateRoles {
		known = known || k == role
	}
	if !found || !known {
		return "", Rate{}, false, fmt.Errorf("rate %q: want ROLE=PER_SECOND[:BURST] with ROLE one of anonymous, viewer, inspector, editor, admin", s)
	}
	if spec == "off" {
		return role, Rate{}, false, nil
	}
	perS, burstS, hasBurst := strings.Cut(spec, ":")
	r.PerSecond, err = strconv.ParseFloat(perS, 64)
	if err != nil || !(r.PerSecond > 0) || math.IsInf(r.PerSecond, 0) || strings.ContainsAny(perS, "xXpP_") {
		return "", Rate{}, false, fmt.Errorf("rate %q: %q is not a positive number of requests per second (or off)", s, perS)
	}
	r.Burst = max(1, int(math.Ceil(2*r.PerSecond)))
	if hasBurst {
		b, err := strconv.Atoi(burstS)
		if err != nil || b < 1 {
			return "", Rate{}, false, fmt.Errorf("rate %q: burst %q is not a positive whole number", s, burstS)
		}
		r.Burst = b
	}
	return role, r, true, nil
}

// maxRateEntries bounds the callers a Rates tracks at once.
const maxRateEntries = 10_000

// Rates keeps a token bucket per caller: per token for callers with
// one, per client address for the others. Its map is bounded: a bucket
// that has refilled completely is the same as a new one, so idle callers
// are forgotten; if the map is still full, a quarter of it is dropped
// (those callers start again with a full bucket).
type Rates struct {
	rates map[data.Role]Rate // roles without an entry are not limited
	mu    sync.Mutex
	m     map[string]*rateEntry
	now   func() time.Time
}

type rateEntry struct {
	lim  *rate.Limiter
	full time.Duration // time to refill from empty: Burst/PerSecond
	last time.Time
}

// NewRates limits each caller to its role's rate; roles without an entry
// are not limited. It returns nil for no rates at all.
func NewRates(rates map[data.Role]Rate) *Rates {
	if len(rates) == 0 {
		return nil
	}
	return &Rates{rates: rates, m: make(map[string]*rateEntry), now: time.Now}
}

// Allow takes one request from key's bucket under role's rate. It returns
// 0 when the request may go ahead, else how long until it would, and the
// rate that applied.
func (l *Rates) Allow(key string, role data.Role) (time.Duration, Rate) {
	rt, ok := l.rates[role]
	if !ok {
		return 0, rt
	}
	return l.allow(append(make([]byte, 0, len(key)), key...), rt), rt
}

// allow is Allow for a key given as bytes, so that a known caller's key
// need not become a string (the map lookup converts it without copying).
func (l *Rates) allow(key []byte, rt Rate) time.Duration {
	now := l.now()
	l.mu.Lock()
	e := l.m[string(key)]
	if e == nil {
		if len(l.m) >= maxRateEntries {
			l.evict(now)
		}
		e = &rateEntry{lim: rate.NewLimiter(rate.Limit(rt.PerSecond), rt.Burst),
			full: time.Duration(float64(rt.Burst) / rt.PerSecond * float64(time.Second))}
		l.m[string(key)] = e
	}
	e.last = now
	l.mu.Unlock()
	if e.lim.AllowN(now, 1) { // allocates nothing, unlike ReserveN
		return 0
	}
	res := e.lim.ReserveN(now, 1)
	if !res.OK() {
		return time.Second
	}
	d := res.DelayFrom(now)
	res.CancelAt(now)
	return max(d, time.Nanosecond)
}

// evict forgets callers whose bucket has refilled, and if that frees too
// little, an arbitrary quarter of the map. l.mu must be held.
func (l *Rates) evict(now time.Time) {
	for k, e := range l.m {
		if now.Sub(e.last) > e.full {
			delete(l.m, k)
		}
	}
	for k := range l.m {
		if len(l.m) < maxRateEntries*3/4 {
			break
		}
		delete(l.m, k)
	}
}

// len returns the number of callers tracked.
func (l *Rates) len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.m)
}

// AllowRequest is Allow for r's caller (CallerKey), and the role whose
// rate applied. A caller whose role has no rate costs a map lookup: its
// key is not built; a known caller's key is built on the stack.
func (l *Rates) AllowRequest(r *http.Request) (time.Duration, Rate, data.Role) {
	return l.AllowCaller(r, wire.CallerFrom(r.Context()))
}

// AllowCaller is AllowRequest for r sent by c (authenticated already), for
// a path that keeps the caller out of r's context.
func (l *Rates) AllowCaller(r *http.Request, c *wire.Caller) (time.Duration, Rate, data.Role) {
	role := callerRole(c)
	rt, ok := l.rates[role]
	if !ok {
		return 0, Rate{}, role
	}
	var buf [64]byte
	return l.allow(appendCallerKey(buf[:0], r, c), rt), rt, role
}

// CallerKey identifies a caller for the rate and stream limits: its token,
// or for callers without a valid token its client address (r.RemoteAddr;
// behind a proxy, the proxy's), and the role whose rate applies.
func CallerKey(r *http.Request) (string, data.Role) {
	c := wire.CallerFrom(r.Context())
	return string(appendCallerKey(nil, r, c)), callerRole(c)
}

// limitedByToken reports whether c is limited per token: it sent a valid one.
func limitedByToken(c *wire.Caller) bool { return c.TokenID != "" && c.Err == nil }

// callerRole is the role whose rate applies to c: its token's, or
// RoleAnonymous.
func callerRole(c *wire.Caller) data.Role {
	if limitedByToken(c) {
		return c.Role
	}
	return RoleAnonymous
}

// appendCallerKey appends CallerKey's key for r sent by c to b.
func appendCallerKey(b []byte, r *http.Request, c *wire.Caller) []byte {
	if limitedByToken(c) {
		return append(append(b, "token:"...), c.TokenID...)
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	return append(append(b, "addr:"...), host...)
}
