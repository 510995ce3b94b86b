package api_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/zonegate/zonegate/api"
	"github.com/zonegate/zonegate/api/internal/apitest"
	"github.com/zonegate/zonegate/data"
)

// TestZonesAtUnroutedAsRouted: GET /v1/zones/at, which ServeHTTP serves
// without the router's lookup, answers exactly as the router does (status,
// headers, body) and counts the same metrics, for callers the role table
// admits and refuses, bad tokens, bad parameters and a caller over its
// rate.
func TestZonesAtUnroutedAsRouted(t *testing.T) {
	t.Parallel()
	ts := apitest.New(t, func(o *api.Options) {
		o.Auth.AnonymousRole = api.AnonymousNone
		o.Limits.Rates = map[data.Role]api.Rate{data.RoleViewer: {PerSecond: 1e-9, Burst: 2}}
	})
	viewer := "Bearer " + apitest.CreateToken(t, ts.Store, "fast-viewer", data.RoleViewer)
	inspector := "Bearer " + apitest.CreateToken(t, ts.Store, "fast-inspector", data.RoleInspector)
	const at = "/v1/zones/at?lon=111.5186&lat=36.0880"
	cases := []struct{ name, target, auth string }{
		{"anonymous refused", at, ""},
		{"inspector", at, inspector},
		{"inspector, layers", at + "&layers=coal_ban&at=2020-05-01", inspector},
		{"bad lon", "/v1/zones/at?lon=abc&lat=36", inspector},
		{"unknown layer", at + "&layers=nope", inspector},
		{"malformed token", at, "Bearer nope"},
		{"not bearer", at, "Basic eDp5"},
		{"wrong secret", at, inspector[:len(inspector)-2] + "AA"},
		// The viewer's burst is 2 for each way (one bucket: the token):
		// the third and fourth are over the rate.
		{"viewer", at, viewer},
		{"viewer again", at, viewer},
		{"viewer over the rate", at, viewer},
		{"viewer over the rate again", at, viewer},
	}
	answer := func(serve func(http.ResponseWriter, *http.Request), target, auth string) (int, http.Header, string) {
		r := httptest.NewRequest(http.MethodGet, target, nil)
		if auth != "" {
			r.Header.Set("Authorization", auth)
		}
		w := httptest.NewRecorder()
		serve(w, r)
		return w.Code, w.Header(), w.Body.String()
	}
	metrics := func() map[string]float64 {
		_, _, b := answer(ts.API.ServeHTTP, "/metrics", "")
		m := map[string]float64{}
		for _, l := range regexp.MustCompile(`(?m)^zonegate_(http_requests_total|limit_hits_total)\{.*$`).FindAllString(b, -1) {
			if !strings.Contains(l, `route="/metrics"`) {
				k, v, _ := strings.Cut(l, "} ")
				m[k], _ = strconv.ParseFloat(v, 64)
			}
		}
		return m
	}
	before := metrics()
	for _, c := range cases {
		fs, fh, fb := answer(ts.API.ServeHTTP, c.target, c.auth)
		mid := metrics()
		rs, rh, rb := answer(ts.API.ServeRouted, c.target, c.auth)
		after := metrics()
		fh.Del("Date")
		rh.Del("Date")
		if fs != rs || fb != rb || !equalHeaders(fh, rh) {
			t.Errorf("%s: unrouted %d %v %s\nrouted %d %v %s", c.name, fs, fh, fb, rs, rh, rb)
		}
		if d1, d2 := delta(before, mid), delta(mid, after); !maps.Equal(d1, d2) || len(d1) == 0 {
			t.Errorf("%s: metrics changed by %v unrouted, by %v routed", c.name, d1, d2)
		}
		before = after
	}
}

func equalHeaders(a, b http.Header) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if strings.Join(v, "\x00") != strings.Join(b.Values(k), "\x00") {
			return false
		}
	}
	return true
}

// delta is what changed from before to after, by series.
func delta(before, after map[string]float64) map[string]float64 {
	d := map[string]float64{}
	for k, v := range after {
		if v != before[k] {
			d[k] = v - before[k]
		}
	}
	return d
}

// TestZonesAtUnroutedLogsAsRouted: with debug logging on, GET
// /v1/zones/at served without the router logs the same request line as
// through it (the request id and duration aside), for a 200, a 400 and a
// refused caller, and a client's X-Request-Id is kept.
func TestZonesAtUnroutedLogsAsRouted(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	var mu sync.Mutex
	ts := apitest.New(t, func(o *api.Options) {
		o.Logger = slog.New(slog.NewJSONHandler(&lockedWriter{mu: &mu, w: &logs}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	inspector := "Bearer " + apitest.CreateToken(t, ts.Store, "log-inspector", data.RoleInspector)
	lastRequestLine := func() map[string]any {
		mu.Lock()
		defer mu.Unlock()
		lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
		logs.Reset()
		for i := len(lines) - 1; i >= 0; i-- {
			var m map[string]any
			if json.Unmarshal([]byte(lines[i]), &m) == nil && m["msg"] == "request" {
				delete(m, "time")
				delete(m, "duration")
				return m
			}
		}
		return nil
	}
	for _, c := range []struct{ name, target, auth, id string }{
		{"200", "/v1/zones/at?lon=111.5186&lat=36.0880", inspector, ""},
		{"200 with the client's id", "/v1/zones/at?lon=111.5186&lat=36.0880", inspector, "client-id-7"},
		{"400", "/v1/zones/at?lon=abc&lat=36", inspector, ""},
		{"401", "/v1/zones/at?lon=111.5&lat=36", "Bearer nope", ""},
	} {
		var got [2]map[string]any
		for i, serve := range []func(http.ResponseWriter, *http.Request){ts.API.ServeHTTP, ts.API.ServeRouted} {
			r := httptest.NewRequest(http.MethodGet, c.target, nil)
			r.Header.Set("Authorization", c.auth)
			if c.id != "" {
				r.Header.Set("X-Request-Id", c.id)
			}
			serve(httptest.NewRecorder(), r)
			got[i] = lastRequestLine()
		}
		if got[0] == nil {
			t.Fatalf("%s: no request line logged", c.name)
		}
		id0, _ := got[0]["request_id"].(string)
		if c.id != "" && id0 != c.id {
			t.Errorf("%s: request_id %q, want the client's %q", c.name, id0, c.id)
		}
		if c.id == "" && id0 == "" {
			t.Errorf("%s: no request_id", c.name)
		}
		if c.id == "" {
			delete(got[0], "request_id")
			delete(got[1], "request_id")
		}
		if !maps.EqualFunc(got[0], got[1], func(a, b any) bool { return a == b }) {
			t.Errorf("%s: unrouted logged %v, routed %v", c.name, got[0], got[1])
		}
	}
}

// lockedWriter serialises writes to w.
type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
