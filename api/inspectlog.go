package api

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/go-chi/chi/v5/middleware"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/geo"
)

// Inspection log writer limits.
const (
	// inspectQueue bounds the records waiting for the next commit; a
	// check finding it full is refused (503), not answered unlogged.
	inspectQueue = 8192
	// inspectCommitTimeout bounds one commit of the log.
	inspectCommitTimeout = 10 * time.Second
	// logRetryAfter is the Retry-After of a check refused because the log
	// cannot be written, in seconds.
	logRetryAfter = "1"
)

// errLogClosed is returned for records offered after Close.
var errLogClosed = errors.New("inspection log: closed")

// errLogFull is returned when inspectQueue records already wait.
var errLogFull = errors.New("inspection log: queue full")

// inspectionWriter appends coal-truck checks to the store's inspection log
// with group commit: Log queues a record and waits; one goroutine commits
// everything queued in one transaction (one fsync for many checks) as soon
// as the previous commit ends, then wakes the waiters with their result.
// A check is answered only after Log returned nil, so every answered check
// is in the log, also across a crash of the process.
type inspectionWriter struct {
	store   data.Store
	log     *slog.Logger
	metrics *metrics
	// unknown rate-limits the warning about unknown station ids
	// (checks_stations.go).
	unknown *unknownStations

	mu       sync.Mutex
	wake     *sync.Cond // signalled when pending grows or closed is set
	pending  []*data.Inspection
	spare    []*data.Inspection // the previous batch, reused for pending
	next     *commitRound       // the round that will commit pending
	inflight *commitRound       // the round being committed, or nil
	closed   bool
	done     chan struct{} // closed when the writer goroutine ends
}

// commitRound is one commit of the log. errs is written before done is
// closed and read only after: errs[i] is the result of the i-th record.
type commitRound struct {
	done chan struct{}
	errs []error
}

func newCommitRound() *commitRound { return &commitRound{done: make(chan struct{})} }

func newInspectionWriter(s data.Store, log *slog.Logger, m *metrics) *inspectionWriter {
	w := &inspectionWriter{
		store: s, log: log, metrics: m,
		unknown: newUnknownStations(log, m.registry),
		next:    newCommitRound(),
		done:    make(chan struct{}),
	}
	w.wake = sync.NewCond(&w.mu)
	go w.run()
	return w
}

// Log queues rec for the next commit and returns once it is committed
// (nil) or its commit failed. When ctx ends first Log returns ctx's error,
// but a record once queued is still committed: the caller must then not
// claim the record is in the log, nor that it is not.
func (w *inspectionWriter) Log(ctx context.Context, rec *data.Inspection) error {
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return errLogClosed
	}
	if len(w.pending) >= inspectQueue {
		w.mu.Unlock()
		w.metrics.inspectDropped.Inc()
		return errLogFull
	}
	i := len(w.pending)
	w.pending = append(w.pending, rec)
	round := w.next
	w.mu.Unlock()
	w.wake.Signal()
	select {
	case <-round.done:
		return round.errs[i]
	case <-ctx.Done():
		return fmt.Errorf("inspection log: waiting for the commit: %w", ctx.Err())
	}
}

// Flush returns once every record queued before the call is committed (or
// its commit has failed), or when ctx ends. Answered checks are committed
// already; Flush waits for checks still being answered.
func (w *inspectionWriter) Flush(ctx context.Context) {
	w.mu.Lock()
	round := w.inflight
	if len(w.pending) > 0 {
		round = w.next
	}
	w.mu.Unlock()
	if round == nil {
		return
	}
	select {
	case <-round.done:
	case <-ctx.Done():
	}
}

// Close refuses new records, then waits until the queued ones are
// committed or ctx ends.
func (w *inspectionWriter) Close(ctx context.Context) error {
	w.mu.Lock()
	w.closed = true
	w.mu.Unlock()
	w.wake.Broadcast()
	select {
	case <-w.done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("inspection log: close: %w", ctx.Err())
	}
}

// run commits the queued records, one round at a time, until Close.
func (w *inspectionWriter) run() {
	defer close(w.done)
	for {
		w.mu.Lock()
		for len(w.pending) == 0 && !w.closed {
			w.wake.Wait()
		}
		if len(w.pending) == 0 {
			w.mu.Unlock()
			return
		}
		batch, round := w.pending, w.next
		w.pending, w.spare = w.spare[:0], nil
		w.next, w.inflight = newCommitRound(), round
		w.mu.Unlock()

		round.errs = w.commit(batch)
		clear(batch) // let the records go
		w.mu.Lock()
		w.inflight, w.spare = nil, batch
		w.mu.Unlock()
		close(round.done)
	}
}

// commit writes batch in one transaction and returns each record's result.
// When the store refuses the batch as invalid, the records are committed
// one by one so that one bad record fails alone.
func (w *inspectionWriter) commit(batch []*data.Inspection) []error {
	errs := make([]error, len(batch))
	err := w.logInspections(batch)
	if err != nil && errors.Is(err, geo.ErrInvalid) && len(batch) > 1 {
		for i := range batch {
			errs[i] = w.logInspections(batch[i : i+1])
		}
		return errs
	}
	for i := range errs {
		errs[i] = err
	}
	return errs
}

func (w *inspectionWriter) logInspections(recs []*data.Inspection) error {
	ctx, cancel := context.WithTimeout(context.Background(), inspectCommitTimeout)
	defer cancel()
	err := w.store.LogInspections(ctx, recs)
	if err != nil {
		w.metrics.inspectFailed.Add(float64(len(recs)))
		w.log.Error("inspection log write failed; the checks are answered 503", "records", len(recs), "err", err)
		return fmt.Errorf("inspection log: %w", err)
	}
	return nil
}

// logUnavailable answers a check whose record could not be committed: 503
// log_unavailable with Retry-After, never the decision. A client that went
// away gets nothing; its record may still be committed.
func (s *Server) logUnavailable(w http.ResponseWriter, r *http.Request, err error) error {
	if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
		return err
	}
	// The writer logs a failed commit once; one line per refused check
	// would flood the log during an outage.
	s.log.Debug("check refused: inspection log unavailable", "request_id", middleware.GetReqID(r.Context()), "err", err)
	w.Header().Set("Retry-After", logRetryAfter)
	return &Error{Status: http.StatusServiceUnavailable, Code: "log_unavailable",
		Message: "the check cannot be logged right now, so it was not decided; try again shortly",
		Details: map[string]any{"message_zh": "检查记录暂时无法写入，本次检查未作出结论，请稍后重试"}}
}
