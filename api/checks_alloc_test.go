package api_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/zonegate/zonegate/api"
	"github.com/zonegate/zonegate/api/internal/apitest"
	"github.com/zonegate/zonegate/data"
)

// TestCheckAllocations: a coal-truck check through the whole router, with
// the log's commit replaced by nothing (noCommitStore), allocates at most
// what its parts need: the request context and its copy of the request,
// the body's string, the log's commit round, and for a refusal the rules'
// reasons and messages (were 52 allocations before issue 16's work; 12
// and 18 before the check's state, its numbers and its encoded answer
// were reused; 9 and 15 before the request id was appended, not made a
// string; 12 for a refusal before the rules cached the coal-ban message).
func TestCheckAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector makes sync.Pool drop what is put back")
	}
	ts := apitest.New(t, func(o *api.Options) { o.Store = noCommitStore{o.Store} })
	for _, tc := range []struct {
		name string
		body string
		most float64
	}{
		{"pass", "{" + pos(reqPathPoints(1)[0]) + "," + goodCoal + "," + allDocs + `,"destination":{"category":"coal_power"},"plate":"晋L·12345","station":"G108-yaodu-01"}`, 6},
		{"turn back", "{" + pos(centre) + "," + goodCoal + "," + allDocs + `,"destination":{"category":"residential"},"plate":"晋L·12345","station":"G108-yaodu-01"}`, 8},
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
		} else {
			t.Logf("%s: %v allocations per check", tc.name, n)
		}
	}
}

// TestCheckStateReuse: checks reuse their working memory (checkState), so
// concurrent checks of different bodies must each get the answer of their
// own body, byte for byte as when served alone (run with -race too).
func TestCheckStateReuse(t *testing.T) {
	ts := apitest.New(t)
	bodies := []string{
		"{" + pos(reqPathPoints(1)[0]) + "," + goodCoal + "," + allDocs + `,"destination":{"category":"coal_power"},"plate":"晋L·12345","station":"G108-yaodu-01"}`,
		"{" + pos(centre) + "," + goodCoal + "," + allDocs + `,"destination":{"category":"residential"},"plate":"晋L·54321","station":"G108-yaodu-02"}`,
		"{" + pos(centre) + `,"cargo":{"fuel":"coal","sulfur_pct":2.5},"destination":{"category":"business"},"plate":"晋L·99999"}`,
	}
	serve := func(i int) string {
		req := httptest.NewRequest(http.MethodPost, "/v1/checks/coal-truck", strings.NewReader(bodies[i]))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Request-Id", "reuse-"+string(rune('a'+i)))
		w := httptest.NewRecorder()
		ts.API.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			t.Errorf("body %d: status %d: %s", i, w.Code, w.Body)
		}
		return w.Body.String()
	}
	want := make([]string, len(bodies))
	for i := range bodies {
		want[i] = serve(i)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range 30 {
				i := (g + n) % len(bodies)
				if got := serve(i); got != want[i] {
					t.Errorf("body %d, goroutine %d: answer\n%s\nwant\n%s", i, g, got, want[i])
					return
				}
			}
		}()
	}
	wg.Wait()
	// The log keeps what each check asked and answered, though the next
	// check reused the memory its record pointed into.
	recs, err := ts.Store.Inspections(t.Context(), data.InspectionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(bodies) + 8*30; len(recs) != n {
		t.Fatalf("%d records, want %d", len(recs), n)
	}
	first := map[string]string{} // plate: the first record's request
	for _, r := range recs {
		i := slices.IndexFunc(bodies, func(b string) bool { return strings.Contains(b, `"plate":"`+r.Plate+`"`) })
		if i < 0 {
			t.Fatalf("record %d: plate %q not sent", r.ID, r.Plate)
		}
		if got := string(r.Response) + "\n"; got != want[i] {
			t.Fatalf("record %d (body %d): response\n%s\nwant\n%s", r.ID, i, got, want[i])
		}
		if f, ok := first[r.Plate]; !ok {
			first[r.Plate] = string(r.Request)
		} else if string(r.Request) != f {
			t.Fatalf("record %d (body %d): request\n%s\nwant\n%s", r.ID, i, r.Request, f)
		}
	}
}
