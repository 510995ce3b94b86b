package api_test

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/zonegate/zonegate/api"
	"github.com/zonegate/zonegate/api/internal/apitest"
	"github.com/zonegate/zonegate/data"
)

// limitServer serves the demo region through api.Server.Listener, as
// `zonegate serve` does (apitest.NewListening), with its metrics registry.
type limitServer struct {
	*apitest.Server
	registry *prometheus.Registry // the server's metrics, read without HTTP
}

func newLimitServer(t *testing.T, maxConns int, configure func(*http.Server), options ...func(*api.Options)) *limitServer {
	t.Helper()
	reg := prometheus.NewRegistry()
	options = append([]func(*api.Options){func(o *api.Options) { o.Registry = reg }}, options...)
	return &limitServer{Server: apitest.NewListening(t, maxConns, configure, options...), registry: reg}
}

// get sends GET path with an optional bearer token and returns the
// status, the headers and the body.
func (ts *limitServer) get(t *testing.T, path, token string) (int, http.Header, string) {
	t.Helper()
	var header []string
	if token != "" {
		header = []string{"Authorization", "Bearer " + token}
	}
	resp, b := ts.Send(t, http.MethodGet, path, "", header...)
	return resp.StatusCode, resp.Header, string(b)
}

// hits returns zonegate_limit_hits_total{limit=limit}, read from the
// registry (not over HTTP, so it works with every connection taken).
func (ts *limitServer) hits(t *testing.T, limit string) float64 {
	t.Helper()
	families, err := ts.registry.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() != "zonegate_limit_hits_total" {
			continue
		}
		for _, m := range f.GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == "limit" && l.GetValue() == limit {
					return m.GetCounter().GetValue()
				}
			}
		}
	}
	return 0
}

// refused checks a refusal's status, Retry-After and exact body.
func refused(t *testing.T, what string, status int, h http.Header, body string, wantStatus int, wantRetry, wantBody string) {
	t.Helper()
	if status != wantStatus || h.Get("Retry-After") != wantRetry || h.Get("Content-Type") != "application/json; charset=utf-8" || body != wantBody+"\n" {
		t.Errorf("%s: %d Retry-After %q %s %s\nwant %d Retry-After %q %s", what, status, h.Get("Retry-After"), h.Get("Content-Type"), body,
			wantStatus, wantRetry, wantBody)
	}
}

// TestRateLimits: a token gets its role's burst, then 429 with Retry-After
// in the error shape; another token and the health endpoints are not
// affected; callers without a token are limited per address.
func TestRateLimits(t *testing.T) {
	t.Parallel()
	ts := newLimitServer(t, 0, nil, func(o *api.Options) {
		o.Limits.Rates = map[data.Role]api.Rate{
			data.RoleViewer:   {PerSecond: 0.01, Burst: 3}, // one more every 100 s
			api.RoleAnonymous: {PerSecond: 0.5, Burst: 2},
		}
	})
	alice := apitest.CreateToken(t, ts.Store, "alice", data.RoleViewer)
	bob := apitest.CreateToken(t, ts.Store, "bob", data.RoleViewer)
	admin := apitest.CreateToken(t, ts.Store, "root", data.RoleAdmin) // admin has no limit here
	for i := range 3 {
		if status, _, body := ts.get(t, "/v1/layers", alice); status != 200 {
			t.Fatalf("request %d within the burst: %d %s", i+1, status, body)
		}
	}
	status, h, body := ts.get(t, "/v1/layers", alice)
	refused(t, "4th request of alice", status, h, body, http.StatusTooManyRequests, "100",
		`{"error":{"code":"rate_limited","message":"too many requests: this token (role viewer) may send 0.01 per second (bursts of 3); retry after 100 s"}}`)
	for _, path := range []string{"/healthz", "/readyz", "/metrics"} {
		if status, _, body := ts.get(t, path, alice); status != 200 {
			t.Errorf("%s for a limited token: %d %s", path, status, body)
		}
	}
	if status, _, body := ts.get(t, "/v1/layers", bob); status != 200 {
		t.Errorf("another viewer token: %d %s", status, body)
	}
	for range 5 {
		if status, _, body := ts.get(t, "/v1/layers", admin); status != 200 {
			t.Errorf("admin without a rate: %d %s", status, body)
		}
	}
	for i := range 2 {
		if status, _, body := ts.get(t, "/v1/layers", ""); status != 200 {
			t.Fatalf("anonymous request %d: %d %s", i+1, status, body)
		}
	}
	status, h, body = ts.get(t, "/v1/layers", "")
	refused(t, "3rd anonymous request", status, h, body, http.StatusTooManyRequests, "2",
		`{"error":{"code":"rate_limited","message":"too many requests: callers without a token, per address, may send 0.5 per second (bursts of 2); retry after 2 s"}}`)
	if v, a := ts.hits(t, "rate_viewer"), ts.hits(t, "rate_anonymous"); v != 1 || a != 1 {
		t.Errorf("limit hits: rate_viewer %v, rate_anonymous %v; want 1 each", v, a)
	}
}

// openStream opens GET /v1/events as an event stream and reads its first
// line; the caller closes the body.
func (ts *limitServer) openStream(t *testing.T, token string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, ts.URL+"/v1/events", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", "text/event-stream")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 {
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return resp, string(b)
	}
	line, err := bufio.NewReader(resp.Body).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	return resp, line
}

// TestStreamLimits: a token past its share of event streams gets 429, a
// server with every stream slot taken 503, both with Retry-After and the
// error shape; /healthz still answers on a connection cap one above the
// stream cap, and a closed stream frees its slot.
func TestStreamLimits(t *testing.T) {
	t.Parallel()
	ts := newLimitServer(t, 4, nil, func(o *api.Options) {
		o.Limits.MaxStreams, o.Limits.MaxStreamsPerToken = 2, 1
	})
	// Streams and health checks each need their own connection.
	ts.Client().Transport.(*http.Transport).MaxConnsPerHost = 0
	a := apitest.CreateToken(t, ts.Store, "a", data.RoleInspector)
	b := apitest.CreateToken(t, ts.Store, "b", data.RoleInspector)
	c := apitest.CreateToken(t, ts.Store, "c", data.RoleInspector)

	first, line := ts.openStream(t, a)
	if first.StatusCode != 200 || line != "retry: 2000\n" {
		t.Fatalf("first stream: %d %q", first.StatusCode, line)
	}
	resp, body := ts.openStream(t, a)
	refused(t, "second stream of one token", resp.StatusCode, resp.Header, body, http.StatusTooManyRequests, "5",
		`{"error":{"code":"too_many_streams","message":"this caller has 1 event streams open, its limit; close one first"}}`)
	second, _ := ts.openStream(t, b)
	defer second.Body.Close()
	if second.StatusCode != 200 {
		t.Fatalf("stream of b: %d", second.StatusCode)
	}
	resp, body = ts.openStream(t, c)
	refused(t, "third stream on a full server", resp.StatusCode, resp.Header, body, http.StatusServiceUnavailable, "5",
		`{"error":{"code":"too_many_streams","message":"the server has 2 event streams open, its limit; try again later"}}`)
	if status, _, body := ts.get(t, "/healthz", ""); status != 200 {
		t.Errorf("/healthz with every stream open: %d %s", status, body)
	}
	if p, n := ts.hits(t, "streams_per_token"), ts.hits(t, "streams_total"); p != 1 || n != 1 {
		t.Errorf("limit hits: streams_per_token %v, streams_total %v; want 1 each", p, n)
	}
	// Closing a's stream frees a slot for c once the server notices.
	first.Body.Close()
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, _ := ts.openStream(t, c)
		resp.Body.Close()
		if resp.StatusCode == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("a closed stream did not free its slot: %d", resp.StatusCode)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestConnectionLimit: with every connection taken, a new client waits to
// be accepted (counted in the metrics) and is served once one closes.
func TestConnectionLimit(t *testing.T) {
	t.Parallel()
	ts := newLimitServer(t, 2, nil)
	addr := ts.Listener.Addr().String()
	idle := make([]net.Conn, 2)
	for i := range idle {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		idle[i] = c
	}
	done := make(chan int, 1)
	go func() {
		resp, err := http.Get(ts.URL + "/healthz")
		if err != nil {
			done <- 0
			return
		}
		resp.Body.Close()
		done <- resp.StatusCode
	}()
	// The server counts the wait as soon as its accept loop finds no slot.
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.Dial("tcp", addr) // kept in the kernel's queue, not accepted
		if err != nil {
			t.Fatal(err)
		}
		c.Close()
		select {
		case st := <-done:
			t.Fatalf("/healthz answered %d with every connection taken", st)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("the connection cap was never reached")
		}
		if ts.hits(t, "conns") > 0 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	idle[0].Close()
	idle[1].Close()
	if st := <-done; st != 200 {
		t.Errorf("/healthz after the idle connections closed: %d", st)
	}
}
