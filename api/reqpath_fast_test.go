package api_test

import (
	"maps"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
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
