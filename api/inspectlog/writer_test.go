package inspectlog

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/geo"
)

// gatedLog is a store whose LogInspections records each call's stations
// and, while gate is open (non-nil), blocks until it is closed. fail makes
// calls fail; a record with Station "bad" is invalid.
type gatedLog struct {
	data.Store
	mu      sync.Mutex
	gate    chan struct{}
	entered chan struct{} // receives once per call
	fail    error
	calls   [][]string
}

// open lets every call through, the blocked ones and those to come.
func (g *gatedLog) open() {
	g.mu.Lock()
	close(g.gate)
	g.gate = nil
	g.mu.Unlock()
}

func (g *gatedLog) LogInspections(ctx context.Context, recs []*data.Inspection) error {
	g.mu.Lock()
	gate, fail := g.gate, g.fail
	g.mu.Unlock()
	if g.entered != nil {
		g.entered <- struct{}{}
	}
	if gate != nil {
		<-gate
	}
	stations := make([]string, len(recs))
	for i, r := range recs {
		if r.Station == "bad" {
			return fmt.Errorf("fake: %w: station", geo.ErrInvalid)
		}
		stations[i] = r.Station
	}
	if fail != nil {
		return fail
	}
	g.mu.Lock()
	g.calls = append(g.calls, stations)
	g.mu.Unlock()
	return nil
}

func (g *gatedLog) committed() [][]string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([][]string(nil), g.calls...)
}

func newTestWriter(t *testing.T, g *gatedLog) *Writer {
	w := New(Options{Store: g, Logger: slog.New(slog.DiscardHandler),
		Refused: prometheus.NewCounter(prometheus.CounterOpts{Name: "refused"}),
		Failed:  prometheus.NewCounter(prometheus.CounterOpts{Name: "failed"})})
	t.Cleanup(func() {
		g.mu.Lock()
		if g.gate != nil {
			close(g.gate)
			g.gate = nil
		}
		g.mu.Unlock()
		_ = w.Close(context.Background())
	})
	return w
}

// waitPending waits until n records wait for the next commit.
func waitPending(t *testing.T, w *Writer, n int) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		w.mu.Lock()
		got := len(w.pending)
		w.mu.Unlock()
		if got == n {
			return
		}
	}
	t.Fatalf("pending records did not reach %d", n)
}

// TestInspectionWriterGroupCommit: records queued while a commit runs are
// committed together in the next one, and each Log returns only after its
// record's commit.
func TestInspectionWriterGroupCommit(t *testing.T) {
	t.Parallel()
	g := &gatedLog{gate: make(chan struct{}), entered: make(chan struct{}, 100)}
	w := newTestWriter(t, g)
	first := make(chan error, 1)
	go func() { first <- w.Log(context.Background(), &data.Inspection{Station: "s0"}) }()
	<-g.entered // the first commit runs and blocks
	const n = 50
	results := make(chan error, n)
	for i := 1; i <= n; i++ {
		go func() { results <- w.Log(context.Background(), &data.Inspection{Station: fmt.Sprint("s", i)}) }()
	}
	waitPending(t, w, n)
	select {
	case err := <-first:
		t.Fatalf("Log returned %v before its commit ended", err)
	default:
	}
	g.open()
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	for range n {
		if err := <-results; err != nil {
			t.Fatal(err)
		}
	}
	calls := g.committed()
	if len(calls) != 2 || len(calls[0]) != 1 || len(calls[1]) != n {
		t.Fatalf("commits of %v records, want [1 %d]", lens(calls), n)
	}
}

func lens(calls [][]string) []int {
	out := make([]int, len(calls))
	for i, c := range calls {
		out[i] = len(c)
	}
	return out
}

// TestInspectionWriterCancelledRequestKeepsRecord: requests that end while
// their records wait get an error, the records are still committed (in
// one round that nobody waits for any more), and the log goes on.
func TestInspectionWriterCancelledRequestKeepsRecord(t *testing.T) {
	t.Parallel()
	g := &gatedLog{gate: make(chan struct{}), entered: make(chan struct{}, 10)}
	w := newTestWriter(t, g)
	go func() { _ = w.Log(context.Background(), &data.Inspection{Station: "a"}) }()
	<-g.entered
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 2)
	for _, st := range []string{"b", "c"} {
		go func() { done <- w.Log(ctx, &data.Inspection{Station: st}) }()
	}
	waitPending(t, w, 2)
	cancel()
	for range 2 {
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Fatalf("Log after cancel: %v, want context.Canceled", err)
		}
	}
	g.open()
	w.Flush(context.Background())
	if calls := g.committed(); len(calls) != 2 || len(calls[1]) != 2 {
		t.Fatalf("commits %v, want [[a] [b c]]", calls)
	}
	if err := w.Log(context.Background(), &data.Inspection{Station: "d"}); err != nil {
		t.Fatalf("Log after an abandoned round: %v", err)
	}
}

// TestInspectionWriterFailures: a failed commit fails every record of its
// group, an invalid record fails alone, a full queue and a closed log
// refuse records, and Close commits what is queued.
func TestInspectionWriterFailures(t *testing.T) {
	t.Parallel()
	t.Run("StoreError", func(t *testing.T) {
		t.Parallel()
		g := &gatedLog{fail: errors.New("disk full")}
		w := newTestWriter(t, g)
		err := w.Log(context.Background(), &data.Inspection{Station: "x"})
		if err == nil || !strings.Contains(err.Error(), "disk full") {
			t.Fatalf("Log: %v, want the store error", err)
		}
		if got := counterValue(t, w.failed); got != 1 {
			t.Fatalf("failed counter %v, want 1", got)
		}
		g.mu.Lock()
		g.fail = nil
		g.mu.Unlock()
		if err := w.Log(context.Background(), &data.Inspection{Station: "y"}); err != nil {
			t.Fatalf("Log after the store recovered: %v", err)
		}
	})
	t.Run("InvalidFailsAlone", func(t *testing.T) {
		t.Parallel()
		g := &gatedLog{gate: make(chan struct{}), entered: make(chan struct{}, 10)}
		w := newTestWriter(t, g)
		go func() { _ = w.Log(context.Background(), &data.Inspection{Station: "first"}) }()
		<-g.entered
		errs := make(map[string]chan error)
		for _, st := range []string{"ok1", "bad", "ok2"} {
			ch := make(chan error, 1)
			errs[st] = ch
			go func() { ch <- w.Log(context.Background(), &data.Inspection{Station: st}) }()
			waitPending(t, w, len(errs))
		}
		g.mu.Lock()
		close(g.gate)
		g.gate = nil
		g.mu.Unlock()
		for st, ch := range errs {
			err := <-ch
			if (st == "bad") != errors.Is(err, geo.ErrInvalid) {
				t.Errorf("Log %s: %v", st, err)
			}
		}
	})
	t.Run("QueueFull", func(t *testing.T) {
		t.Parallel()
		g := &gatedLog{gate: make(chan struct{}), entered: make(chan struct{}, 10)}
		w := newTestWriter(t, g)
		go func() { _ = w.Log(context.Background(), &data.Inspection{}) }()
		<-g.entered
		for range queueSize {
			go func() { _ = w.Log(context.Background(), &data.Inspection{}) }()
		}
		waitPending(t, w, queueSize)
		if err := w.Log(context.Background(), &data.Inspection{}); !errors.Is(err, ErrFull) {
			t.Fatalf("Log on a full queue: %v, want ErrFull", err)
		}
		if got := counterValue(t, w.refused); got != 1 {
			t.Fatalf("refused counter %v, want 1", got)
		}
	})
	t.Run("CloseCommitsQueued", func(t *testing.T) {
		t.Parallel()
		g := &gatedLog{gate: make(chan struct{}), entered: make(chan struct{}, 10)}
		w := newTestWriter(t, g)
		go func() { _ = w.Log(context.Background(), &data.Inspection{Station: "a"}) }()
		<-g.entered
		queued := make(chan error, 1)
		go func() { queued <- w.Log(context.Background(), &data.Inspection{Station: "b"}) }()
		waitPending(t, w, 1)
		closed := make(chan error, 1)
		go func() { closed <- w.Close(context.Background()) }()
		for {
			w.mu.Lock()
			c := w.closed
			w.mu.Unlock()
			if c {
				break
			}
			time.Sleep(time.Millisecond)
		}
		if err := w.Log(context.Background(), &data.Inspection{Station: "late"}); !errors.Is(err, ErrClosed) {
			t.Fatalf("Log after Close: %v, want ErrClosed", err)
		}
		g.mu.Lock()
		close(g.gate)
		g.gate = nil
		g.mu.Unlock()
		if err := <-closed; err != nil {
			t.Fatal(err)
		}
		if err := <-queued; err != nil {
			t.Fatal(err)
		}
		if calls := g.committed(); len(calls) != 2 || calls[1][0] != "b" {
			t.Fatalf("commits %v, want [[a] [b]]", calls)
		}
	})
}

// TestUnknownStationWarnsOnce: one warning per unknown station id for the
// first maxWarnedStations ids, one more when the limit is reached, and
// every check counted.
func TestUnknownStationWarnsOnce(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	u := newUnknownStations(slog.New(slog.NewTextHandler(&buf, nil)), prometheus.NewCounter(prometheus.CounterOpts{Name: "unknown"}))
	checks := 0
	for range 3 {
		for i := range maxWarnedStations + 500 {
			u.note(fmt.Sprint("st-", i), "req")
			checks++
		}
	}
	lines := strings.Count(buf.String(), "\n")
	if want := maxWarnedStations + 1; lines != want {
		t.Fatalf("%d log lines, want %d", lines, want)
	}
	if got := strings.Count(buf.String(), `station=st-7 `); got != 1 {
		t.Fatalf("station st-7 warned %d times, want 1", got)
	}
	if got := counterValue(t, u.checks); got != float64(checks) {
		t.Fatalf("counter %v, want %d", got, checks)
	}
}

func counterValue(t *testing.T, c prometheus.Counter) float64 {
	t.Helper()
	var m dto.Metric
	if err := c.Write(&m); err != nil {
		t.Fatal(err)
	}
	return m.GetCounter().GetValue()
}
