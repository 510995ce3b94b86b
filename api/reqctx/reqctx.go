// Package reqctx is the per-request state of the HTTP API: one context
// value per request that answers chi's route context, the request id
// (middleware.GetReqID) and the caller (wire.CallerFrom), and carries the
// status-recording writer of the metrics. Package api's ServeHTTP puts it
// in place; its middlewares fill it.
package reqctx

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/zonegate/zonegate/api/wire"
)

// Why one value: chi's RequestID middleware, authenticate and the
// router each used to wrap the request's context (and so copy the
// request), and instrument wrapped the writer: nine allocations a request,
// a fifth of a lookup's server time. api's ServeHTTP now puts one State
// in the context, one allocation; it answers the route context (chi), the
// request id (middleware.GetReqID) and the caller (wire.CallerFrom)
// itself, and carries the status-recording writer instrument uses.
//
// It is not pooled: libraries keep a request's context past the handler
// (modernc.org/sqlite watches Done from a goroutine), so a reused state
// would hand them another request's.

// State is the context of one request.
type State struct {
	context.Context // the server's request context
	route           chi.Context
	caller          *wire.Caller // set by authenticate
	header          http.Header  // the request's, for X-Request-Id
	ids             *IDs
	seq             uint64 // this request's number
	w               StatusWriter

	// Room for the route context's slices, so routing allocates nothing.
	patterns   [4]string
	keys, vals [4]string
}

// Value answers the route context, the request id and the caller, and
// passes other keys to the parent.
func (c *State) Value(key any) any {
	switch key {
	case chi.RouteCtxKey:
		return &c.route
	case middleware.RequestIDKey:
		return c.requestID()
	case wire.CallerKey{}:
		if c.caller == nil {
			return nil
		}
		return c.caller
	}
	return c.Context.Value(key)
}

// requestID is the client's X-Request-Id, else "<host>/<random>-<number>"
// as chi's RequestID middleware made it; built only when asked for (the
// check answer, a log line).
func (c *State) requestID() string {
	if id := c.header.Get(middleware.RequestIDHeader); id != "" {
		return id
	}
	var room [64]byte
	return string(c.appendNumbered(append(room[:0], c.ids.prefix...)))
}

// AppendRequestIDJSON appends the request id as json.Marshal encodes the
// string: an answer that carries it need not make it a string of its own.
func (c *State) AppendRequestIDJSON(b []byte) []byte {
	if id := c.header.Get(middleware.RequestIDHeader); id != "" {
		return wire.AppendHTMLString(b, id)
	}
	b = c.appendNumbered(append(b, c.ids.prefixJSON...))
	return append(b, '"')
}

// appendNumbered appends "-" and the request's number, at least six
// digits.
func (c *State) appendNumbered(b []byte) []byte {
	b = append(b, '-')
	var room [20]byte
	n := strconv.AppendUint(room[:0], c.seq, 10)
	for range 6 - len(n) {
		b = append(b, '0')
	}
	return append(b, n...)
}

// IDs numbers a server's requests under a prefix unique to the process
// run.
type IDs struct {
	prefix     string
	prefixJSON string // `"` and prefix as json.Marshal escapes it
	next       atomic.Uint64
}

// NewIDs makes the prefix chi's RequestID middleware uses: the host name
// and ten random characters.
func NewIDs() *IDs {
	host, err := os.Hostname()
	if host == "" || err != nil {
		host = "localhost"
	}
	var r string
	for len(r) < 10 {
		var buf [12]byte
		_, _ = rand.Read(buf[:]) // never fails (crypto/rand)
		r = strings.NewReplacer("+", "", "/", "").Replace(base64.StdEncoding.EncodeToString(buf[:]))
	}
	prefix := host + "/" + r[:10]
	quoted := wire.AppendHTMLString(nil, prefix)
	return &IDs{prefix: prefix, prefixJSON: string(quoted[:len(quoted)-1])}
}

// Next takes the next request number (as With does).
func (ids *IDs) Next() uint64 { return ids.next.Add(1) }

// With returns r carrying a new state, numbered by ids, for routing by
// routes; w is the writer the status writer wraps.
func With(ids *IDs, w http.ResponseWriter, r *http.Request, routes chi.Routes) *http.Request {
	return WithNumber(ids, ids.Next(), w, r, routes)
}

// WithNumber is With for a request already numbered seq (IDs.Next): a
// path that makes the state only when it needs it keeps the request's
// number, and so its id, the one it took on arrival.
func WithNumber(ids *IDs, seq uint64, w http.ResponseWriter, r *http.Request, routes chi.Routes) *http.Request {
	st := &State{Context: r.Context(), header: r.Header, ids: ids, seq: seq}
	st.route.Routes = routes
	st.route.RoutePatterns = st.patterns[:0]
	st.route.URLParams.Keys, st.route.URLParams.Values = st.keys[:0], st.vals[:0]
	st.w = StatusWriter{ResponseWriter: w}
	return r.WithContext(st)
}

// From returns the state With put in r's context, or nil (also when a
// later middleware wrapped the context).
func From(r *http.Request) *State {
	if st, ok := r.Context().(*State); ok {
		return st
	}
	return nil
}

// SetCaller makes c the request's caller (wire.CallerFrom).
func (c *State) SetCaller(caller *wire.Caller) { c.caller = caller }

// Writer is the request's status writer, wrapping the server's.
func (c *State) Writer() *StatusWriter { return &c.w }

// NewStatusWriter wraps w.
func NewStatusWriter(w http.ResponseWriter) *StatusWriter { return &StatusWriter{ResponseWriter: w} }

// Status is the status answered, 0 before any.
func (w *StatusWriter) Status() int { return w.status }

// StatusWriter records the status a handler answered. Flushing, hijacking
// and full duplex reach the server's writer through Unwrap
// (http.ResponseController).
type StatusWriter struct {
	http.ResponseWriter
	status int
}

// WriteHeader passes informational statuses on and the first final one,
// as chi's wrap writer did; later calls are dropped.
func (w *StatusWriter) WriteHeader(status int) {
	switch {
	case status >= 100 && status <= 199 && status != http.StatusSwitchingProtocols:
		w.ResponseWriter.WriteHeader(status)
	case w.status == 0:
		w.status = status
		w.ResponseWriter.WriteHeader(status)
	}
}

func (w *StatusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

// ReadFrom keeps the server's sendfile path for static files.
func (w *StatusWriter) ReadFrom(r io.Reader) (int64, error) {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	if rf, ok := w.ResponseWriter.(io.ReaderFrom); ok {
		return rf.ReadFrom(r)
	}
	return io.Copy(writerOnly{w.ResponseWriter}, r)
}

// Unwrap returns the server's writer (http.ResponseController).
func (w *StatusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// writerOnly hides a writer's other methods from io.Copy.
type writerOnly struct{ io.Writer }

// Lazy is a request whose State is made only when asked for (Request):
// a path that answers most requests without the state saves its two
// allocations (the state and the request's copy), a fifth of the bytes a
// point lookup allocates. Until then the path must not pass r on to
// anything that reads its context's values.
type Lazy struct {
	ids     *IDs
	seq     uint64 // the request's number (its id), taken on arrival
	w       http.ResponseWriter
	r       *http.Request
	routes  chi.Routes
	caller  *wire.Caller
	pattern string        // the route matched, once Routed
	full    *http.Request // r with its State, once made
}

// NewLazy numbers r (IDs.Next) and returns it without its state; w and
// routes are With's.
func NewLazy(ids *IDs, w http.ResponseWriter, r *http.Request, routes chi.Routes) Lazy {
	return Lazy{ids: ids, seq: ids.Next(), w: w, r: r, routes: routes}
}

// SetCaller is State.SetCaller, before or after the state is made.
func (l *Lazy) SetCaller(c *wire.Caller) {
	l.caller = c
	if l.full != nil {
		From(l.full).SetCaller(c)
	}
}

// Routed records that the router would have matched pattern (GET only):
// it sets r.Pattern and, in the state, the route context as chi does.
func (l *Lazy) Routed(pattern string) {
	l.pattern, l.r.Pattern = pattern, pattern
	if l.full != nil {
		l.full.Pattern = pattern
		rc := &From(l.full).route
		rc.RouteMethod, rc.RoutePatterns = l.r.Method, append(rc.RoutePatterns, pattern)
	}
}

// Pattern is the route Routed recorded, "" before.
func (l *Lazy) Pattern() string { return l.pattern }

// Request returns the request with its state as With makes it, with the
// caller and route recorded so far, and its status writer.
func (l *Lazy) Request() (*http.Request, *StatusWriter) {
	if l.full == nil {
		l.full = WithNumber(l.ids, l.seq, l.w, l.r, l.routes)
		From(l.full).SetCaller(l.caller)
		if p := l.pattern; p != "" {
			l.pattern = ""
			l.Routed(p)
		}
	}
	return l.full, From(l.full).Writer()
}
