package inspectlog

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/zonegate/zonegate/data"
)

// flakyLog is a store that fails every call while failing is set and
// records the stations it committed.
type flakyLog struct {
	data.Store
	failing atomic.Bool
	mu      sync.Mutex
	got     map[string]int
	calls   int
}

func (f *flakyLog) LogInspections(_ context.Context, recs []*data.Inspection) error {
	if f.failing.Load() {
		return errors.New("fake: disk gone")
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	for _, r := range recs {
		f.got[r.Station]++
	}
	return nil
}

// logMany logs n records from each of g goroutines and returns each
// record's result by station.
func logMany(w *Writer, g, n int, prefix string) map[string]error {
	var mu sync.Mutex
	res := make(map[string]error, g*n)
	var wg sync.WaitGroup
	for i := range g {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range n {
				st := fmt.Sprintf("%s-%d-%d", prefix, i, j)
				err := w.Log(context.Background(), &data.Inspection{Station: st})
				mu.Lock()
				res[st] = err
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return res
}

// TestWriterConcurrent: many callers at once: every Log returns nil only once its record is committed,
// every record is committed exactly once, and records share commits.
func TestWriterConcurrent(t *testing.T) {
	t.Parallel()
	f := &flakyLog{got: map[string]int{}}
	w := New(Options{Store: f})
	const g, n = 32, 40
	for st, err := range logMany(w, g, n, "ok") {
		if err != nil {
			t.Fatalf("Log %s: %v", st, err)
		}
	}
	if err := w.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.got) != g*n {
		t.Fatalf("%d records committed, want %d", len(f.got), g*n)
	}
	for st, c := range f.got {
		if c != 1 {
			t.Fatalf("%s committed %d times", st, c)
		}
	}
	t.Logf("%d records in %d commits", g*n, f.calls)
}

// TestWriterFailingStoreConcurrent: while the store fails, every concurrent
// Log returns the store's error (no record is claimed logged) and counts
// as failed; once it recovers, Logs succeed again.
func TestWriterFailingStoreConcurrent(t *testing.T) {
	t.Parallel()
	f := &flakyLog{got: map[string]int{}}
	f.failing.Store(true)
	w := newTestWriter(t, &gatedLog{}) // for its counters
	w.store = f
	const g, n = 16, 20
	for st, err := range logMany(w, g, n, "down") {
		if err == nil || !strings.Contains(err.Error(), "disk gone") {
			t.Fatalf("Log %s while the store fails: %v, want the store error", st, err)
		}
	}
	if got := counterValue(t, w.failed); got != g*n {
		t.Fatalf("failed counter %v, want %d", got, g*n)
	}
	f.failing.Store(false)
	for st, err := range logMany(w, g, n, "up") {
		if err != nil {
			t.Fatalf("Log %s after the store recovered: %v", st, err)
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.got) != g*n {
		t.Fatalf("%d records committed after recovery, want %d", len(f.got), g*n)
	}
}
