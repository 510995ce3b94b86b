package api_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/zonegate/zonegate/api/internal/apitest"
	"github.com/zonegate/zonegate/data"
)

// TestRequestIDs: a check's answer carries the request id, made as chi's
// RequestID middleware made it (host/ten random characters-number, the
// numbers increasing), or the client's X-Request-Id.
func TestRequestIDs(t *testing.T) {
	t.Parallel()
	ts := apitest.New(t)
	body := "{" + pos(centre) + "," + goodCoal + "," + allDocs + `,"destination":{"category":"residential"}}`
	id := func(header ...string) string {
		t.Helper()
		_, b := ts.Send(t, http.MethodPost, "/v1/checks/coal-truck", body, append([]string{"Content-Type", "application/json"}, header...)...)
		var a struct {
			RequestID string `json:"request_id"`
		}
		if err := json.Unmarshal(b, &a); err != nil {
			t.Fatalf("%v: %s", err, b)
		}
		return a.RequestID
	}
	re := regexp.MustCompile(`^[^/]+/[A-Za-z0-9]{10}-[0-9]{6,}$`)
	first, second := id(), id()
	if !re.MatchString(first) || !re.MatchString(second) {
		t.Fatalf("request ids %q, %q do not look like host/random-number", first, second)
	}
	p1, n1, _ := strings.Cut(first, "-")
	p2, n2, _ := strings.Cut(second, "-")
	if p1 != p2 || len(n1) > len(n2) || len(n1) == len(n2) && n1 >= n2 {
		t.Fatalf("request ids %q then %q: same prefix, increasing numbers expected", first, second)
	}
	if got := id("X-Request-Id", "inspector-7/42"); got != "inspector-7/42" {
		t.Fatalf("with X-Request-Id: request id %q", got)
	}
}

// TestZonesAtAllocations: a point lookup through the whole router (request
// id, recovery, authentication, metrics, logging, roles, rate limits off)
// costs at most 4 allocations: the request context, the copy of the
// request carrying it, and the answer's header map entries; with a bearer
// token too (its check and its caller are made once per token read from
// the store, not per request).
func TestZonesAtAllocations(t *testing.T) {
	ts := apitest.New(t)
	secret := apitest.CreateToken(t, ts.Store, "alloc-test", data.RoleViewer)
	for _, auth := range []string{"", "Bearer " + secret} {
		req := httptest.NewRequest(http.MethodGet, "/v1/zones/at?lon=111.5186&lat=36.0880", nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		w := newReuseWriter()
		serve := func() {
			w.reset()
			ts.API.ServeHTTP(w, req)
			if w.status != http.StatusOK || !strings.Contains(string(w.body), `"id":"cb-141002"`) {
				t.Fatalf("status %d: %s", w.status, w.body)
			}
		}
		serve()
		if n := testing.AllocsPerRun(200, serve); n > 4 {
			t.Errorf("%v allocations per GET /v1/zones/at (Authorization %.12q), want at most 4", n, auth)
		}
	}
}
