package api_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/zonegate/zonegate/api"
	"github.com/zonegate/zonegate/api/internal/apitest"
)

// TestCheckAllocations: a coal-truck check through the whole router, with
// the log's commit replaced by nothing (noCommitStore), allocates at most
// what its parts need: the request context and its copy of the request,
// the request id, the body's string and numbers, the check's state, the
// encoded answer, the log's commit round, and for a refusal the rules'
// reasons and messages (were 52 allocations before issue 16's work).
func TestCheckAllocations(t *testing.T) {
	ts := apitest.New(t, func(o *api.Options) { o.Store = noCommitStore{o.Store} })
	for _, tc := range []struct {
		name string
		body string
		most float64
	}{
		{"pass", "{" + pos(reqPathPoints(1)[0]) + "," + goodCoal + "," + allDocs + `,"destination":{"category":"coal_power"},"plate":"晋L·12345","station":"G108-yaodu-01"}`, 12},
		{"turn back", "{" + pos(centre) + "," + goodCoal + "," + allDocs + `,"destination":{"category":"residential"},"plate":"晋L·12345","station":"G108-yaodu-01"}`, 18},
	} {
		body := []byte(tc.body)
		req := httptest.NewRequest(http.MethodPost, "/v1/checks/coal-truck", nil)
		req.Header.Set("Content-Type", "application/json")
		rd := bytes.NewReader(body)
		req.Body, req.ContentLength = io.NopCloser(rd), int64(len(body))
		w := newReuseWriter()
		serve := func() {
			w.reset()
			rd.Reset(body)
			ts.API.ServeHTTP(w, req)
			if w.status != http.StatusOK || !strings.Contains(string(w.body), `"decision"`) {
				t.Fatalf("%s: status %d: %s", tc.name, w.status, w.body)
			}
		}
		serve()
		if n := testing.AllocsPerRun(200, serve); n > tc.most {
			t.Errorf("%s: %v allocations per check, want at most %v", tc.name, n, tc.most)
		}
	}
}
