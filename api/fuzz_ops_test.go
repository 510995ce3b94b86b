package api_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"github.com/zonegate/zonegate/api/internal/apitest"
)

// The request parsers added for live tracking, analyses and reports: no
// input may cause a 5xx or a panic, and every success is valid JSON.

func FuzzTracks(f *testing.F) {
	ts := apitest.New(f)
	for _, seed := range []string{
		`{"positions":[{"plate":"晋L·A1","time":"2020-11-02T08:00:00+08:00","lon":111.5186,"lat":36.088,"cargo":"coal"}]}`,
		`{"positions":[{"plate":"p","time":"2020-11-02","lon":111.3,"lat":36.0,"crs":"gcj02","cargo":{"fuel":"coal"}},{"plate":"p","time":"2020-11-01T00:00:00Z","lon":181,"lat":0}]}`,
		`{"positions":[]}`, `{"positions":null}`, `{"positions":[{}]}`, `[`, `{"positions":[{"plate":"a|b","time":"x","lon":"1","lat":2}]}`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		status, _, resp := ts.Do(t, http.MethodPost, "/v1/tracks", "application/json", body)
		if status >= 500 {
			t.Fatalf("status %d for %q: %s", status, body, resp)
		}
		if status == http.StatusOK && !json.Valid(resp) {
			t.Fatalf("invalid JSON answer for %q: %s", body, resp)
		}
	})
}

func FuzzKilnSite(f *testing.F) {
	ts := apitest.New(f)
	for _, seed := range []string{`{"position":[111.05,36.35]}`, `{"position":[111.05,36.35],"crs":"bd09","at":"2020-11-01"}`,
		`{"position":[]}`, `{"position":[1e308,-1e308]}`, `{}`, `null`} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		status, _, resp := ts.Do(t, http.MethodPost, "/v1/analysis/kiln-site", "application/json", body)
		if status >= 500 {
			t.Fatalf("status %d for %q: %s", status, body, resp)
		}
		if status == http.StatusOK && !json.Valid(resp) {
			t.Fatalf("invalid JSON answer for %q: %s", body, resp)
		}
	})
}

// FuzzOpsQueries sends arbitrary query values to the GET endpoints of
// events, reports, terrain, checkpoints and sewer coverage.
func FuzzOpsQueries(f *testing.F) {
	ts := apitest.New(f)
	f.Add(0, "plate", "晋L·A1")
	f.Add(1, "group", "day")
	f.Add(1, "from", "2020-08-01")
	f.Add(2, "lon", "111.5")
	f.Add(3, "type", "fixed_station")
	f.Add(4, "service_m", "1e9")
	f.Add(0, "tail", "-1")
	paths := []string{"/v1/events", "/v1/reports/inspections?group=station", "/v1/terrain/elevation?lat=36",
		"/v1/checkpoints/nearest?lon=111.5&lat=36", "/v1/analysis/sewer-coverage/point?lon=111.5&lat=36.1"}
	f.Fuzz(func(t *testing.T, which int, key, value string) {
		if which < 0 {
			which = -which
		}
		u, err := url.Parse(paths[which%len(paths)])
		if err != nil {
			t.Fatal(err)
		}
		q := u.Query()
		q.Set(key, value)
		u.RawQuery = q.Encode()
		status, _, resp := ts.Do(t, http.MethodGet, u.String(), "", "", "Accept", "application/json")
		if status >= 500 {
			t.Fatalf("status %d for %s: %s", status, u, resp)
		}
	})
}
