package analysis

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zonegate/zonegate/api/wire"
	"github.com/zonegate/zonegate/geo/analysis/sewer"
	"github.com/zonegate/zonegate/geo/index"
	"github.com/zonegate/zonegate/tiles"
)

// fakeCoverage replaces the sewer engine: service distances in block wait
// for release (or the context), the others answer at once. It counts the
// computations per service distance.
type fakeCoverage struct {
	mu      sync.Mutex
	calls   map[float64]int
	block   map[float64]bool
	started chan float64
	release chan struct{}
}

func (f *fakeCoverage) run(ctx context.Context, _ []sewer.Line, _ []sewer.County, o sewer.Options) (sewer.Result, error) {
	f.mu.Lock()
	f.calls[o.ServiceM]++
	blocked := f.block[o.ServiceM]
	f.mu.Unlock()
	if blocked {
		f.started <- o.ServiceM
		select {
		case <-f.release:
		case <-ctx.Done():
			return sewer.Result{}, ctx.Err()
		}
	}
	return sewer.Result{ServiceM: o.ServiceM, CellM: o.CellM}, nil
}

func newGateHandler(t *testing.T, l Limits) (*Handler, *fakeCoverage, http.Handler) {
	t.Helper()
	h := New(Options{Index: index.New(), TileCache: tiles.NewCache(1 << 20), MaxBodyBytes: 1 << 20, Limits: l})
	f := &fakeCoverage{calls: map[float64]int{}, block: map[float64]bool{}, started: make(chan float64, 4), release: make(chan struct{})}
	h.sewerCoverage = f.run
	return h, f, wire.Handle(slog.New(slog.DiscardHandler), h.SewerCoverage)
}

type answer struct {
	status int
	header http.Header
	body   string
}

func get(hh http.Handler, query string) answer {
	w := httptest.NewRecorder()
	hh.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/v1/analysis/sewer-coverage?"+query, nil))
	return answer{w.Code, w.Header(), w.Body.String()}
}

// TestSewerCachedKeyWhileAnotherComputes: with one computation slot taken
// by service_m=200, a cached service_m=100 is answered at once, a second
// request for 200 shares the running computation, and a new key waits its
// QueueWait and gets 503 with Retry-After in the error shape.
func TestSewerCachedKeyWhileAnotherComputes(t *testing.T) {
	t.Parallel()
	_, f, hh := newGateHandler(t, Limits{Concurrency: 1, QueueWait: 50 * time.Millisecond, Timeout: 10 * time.Second})
	f.block[200] = true

	if a := get(hh, "service_m=100"); a.status != 200 {
		t.Fatalf("service_m=100: %d %s", a.status, a.body)
	}
	slow := make(chan answer, 2)
	go func() { slow <- get(hh, "service_m=200") }()
	if got := <-f.started; got != 200 {
		t.Fatalf("started %v", got)
	}
	go func() { slow <- get(hh, "service_m=200") }() // joins the running computation

	// The cached key answers while 200 holds the only slot.
	if a := get(hh, "service_m=100"); a.status != 200 {
		t.Fatalf("cached service_m=100 while 200 computes: %d %s", a.status, a.body)
	}
	// A new key finds the slot taken for longer than QueueWait.
	a := get(hh, "service_m=300")
	var e struct {
		Error struct{ Code, Message string }
	}
	if err := json.Unmarshal([]byte(a.body), &e); err != nil {
		t.Fatalf("%v: %s", err, a.body)
	}
	if a.status != http.StatusServiceUnavailable || a.header.Get("Retry-After") != "1" || a.header.Get("Content-Type") != "application/json; charset=utf-8" ||
		e.Error.Code != "busy" || e.Error.Message != "sewer-coverage already runs 1 computations, its limit, and none finished within 50ms; try again shortly" {
		t.Fatalf("service_m=300 with the slot taken: %d %v %s", a.status, a.header, a.body)
	}
	select {
	case a := <-slow:
		t.Fatalf("service_m=200 answered before its computation was released: %d %s", a.status, a.body)
	default:
	}
	close(f.release)
	for range 2 {
		if a := <-slow; a.status != 200 {
			t.Errorf("service_m=200: %d %s", a.status, a.body)
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.calls[100] != 1 || f.calls[200] != 1 || f.calls[300] != 0 {
		t.Errorf("computations %v, want 100 and 200 once each and 300 never", f.calls)
	}
}

// TestSewerDeadline: a computation past the analysis timeout ends with the
// context's error, answered 503 in the error shape, and is not cached.
func TestSewerDeadline(t *testing.T) {
	t.Parallel()
	_, f, hh := newGateHandler(t, Limits{Timeout: 50 * time.Millisecond})
	f.block[200] = true
	a := get(hh, "service_m=200")
	if a.status != http.StatusServiceUnavailable || a.body != `{"error":{"code":"unavailable","message":"the request took too long; try again"}}`+"\n" {
		t.Fatalf("past the deadline: %d %q", a.status, a.body)
	}
	<-f.started
}

// TestSewerCacheBounded: the cache keeps the newest sewerCacheSize keys.
func TestSewerCacheBounded(t *testing.T) {
	t.Parallel()
	h, f, hh := newGateHandler(t, Limits{})
	for i := range sewerCacheSize + 3 {
		if a := get(hh, "service_m="+strconv.Itoa(100*(i+1))); a.status != 200 {
			t.Fatalf("%d: %s", a.status, a.body)
		}
	}
	h.sewer.mu.Lock()
	n := len(h.sewer.results)
	h.sewer.mu.Unlock()
	if n != sewerCacheSize {
		t.Errorf("%d cached results, want %d", n, sewerCacheSize)
	}
	var calls atomic.Int64
	f.mu.Lock()
	for _, c := range f.calls {
		calls.Add(int64(c))
	}
	f.mu.Unlock()
	if calls.Load() != sewerCacheSize+3 {
		t.Errorf("%d computations", calls.Load())
	}
}
