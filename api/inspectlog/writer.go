// Package inspectlog is the inspection log writer: it appends the records
// of coal-truck checks to the store with group commit, so that a check is
// answered only once its record is committed, and warns once per unknown
// station id. It knows no HTTP; api answers a record that could not be
// committed with 503 log_unavailable.
package inspectlog

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/geo"
)

// Writer limits.
const (
	// queueSize bounds the records waiting for the next commit; a check
	// finding it full is refused (503), not answered unlogged.
	queueSize = 8192
	// commitTimeout bounds one commit of the log: the commits share one
	// deadline, renewed once it is nearer than commitTimeout, so a commit
	// has between commitTimeout and commitTimeout+deadlineRenewal.
	commitTimeout = 10 * time.Second
	// deadlineRenewal is how often the shared deadline is renewed under
	// steady load; a context with a timer per commit was four allocations
	// and a timer of the runtime's heap per round.
	deadlineRenewal = time.Second
)

// ErrClosed is returned for records offered after Close.
var ErrClosed = errors.New("inspection log: closed")

// ErrFull is returned when the queue of records waiting for the next
// commit is full.
var ErrFull = errors.New("inspection log: queue full")

// Store is the part of data.Store the writer needs.
type Store interface {
	LogInspections(ctx context.Context, recs []*data.Inspection) error
}

// Options configures a Writer. Store is required; a nil Logger discards,
// and a nil counter counts nowhere.
type Options struct {
	Store  Store
	Logger *slog.Logger
	// Refused counts records refused because the queue was full.
	Refused prometheus.Counter
	// Failed counts records whose commit to the store failed.
	Failed prometheus.Counter
	// UnknownStations counts checks from unknown station ids (stations.go).
	UnknownStations prometheus.Counter
}

// Writer appends coal-truck checks to the store's inspection log with
// group commit: Log queues a record and waits; one goroutine commits
// everything queued in one transaction (one fsync for many checks) as soon
// as the previous commit ends, then wakes the waiters with their result.
// A check is answered only after Log returned nil, so every answered check
// is in the log, also across a crash of the process.
type Writer struct {
	store   Store
	log     *slog.Logger
	refused prometheus.Counter
	failed  prometheus.Counter
	// unknown rate-limits the warning about unknown station ids
	// (stations.go).
	unknown *unknownStations

	mu       sync.Mutex
	wake     *sync.Cond // signalled when pending grows or closed is set
	pending  []*data.Inspection
	spare    []*data.Inspection // the previous batch, reused for pending
	next     *commitRound       // the round that will commit pending
	inflight *commitRound       // the round being committed, or nil
	closed   bool
	done     chan struct{} // closed when the writer goroutine ends

	// The commits' shared deadline, used by the writer goroutine only.
	commitCtx      context.Context
	cancelCommit   context.CancelFunc
	commitDeadline time.Time
}

// commitRound is one commit of the log. err and errs are written before
// done is closed and read only after: the result of the i-th record is
// errs[i] when the records were committed one by one, else err.
type commitRound struct {
	done chan struct{}
	err  error
	errs []error
}

// result is the i-th record's result.
func (r *commitRound) result(i int) error {
	if r.errs != nil {
		return r.errs[i]
	}
	return r.err
}

func newCommitRound() *commitRound { return &commitRound{done: make(chan struct{})} }

// New starts a writer; Close stops it.
func New(o Options) *Writer {
	log := o.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	w := &Writer{
		store: o.Store, log: log,
		refused: orDiscard(o.Refused, "refused"),
		failed:  orDiscard(o.Failed, "failed"),
		unknown: newUnknownStations(log, orDiscard(o.UnknownStations, "unknown_stations")),
		next:    newCommitRound(),
		done:    make(chan struct{}),
	}
	w.wake = sync.NewCond(&w.mu)
	go w.run()
	return w
}

// orDiscard returns c, or when c is nil an unregistered counter.
func orDiscard(c prometheus.Counter, name string) prometheus.Counter {
	if c != nil {
		return c
	}
	return prometheus.NewCounter(prometheus.CounterOpts{Name: name})
}

// NoteUnknownStation counts a check from a station id that is not a
// published checkpoint, and warns the first time the id is seen.
func (w *Writer) NoteUnknownStation(station, requestID string) {
	w.unknown.note(station, requestID)
}

// Log queues rec for the next commit and returns once it is committed
// (nil) or its commit failed. When ctx ends first Log returns ctx's error,
// but a record once queued is still committed: the caller must then not
// claim the record is in the log, nor that it is not.
func (w *Writer) Log(ctx context.Context, rec *data.Inspection) error {
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return ErrClosed
	}
	if len(w.pending) >= queueSize {
		w.mu.Unlock()
		w.refused.Inc()
		return ErrFull
	}
	i := len(w.pending)
	w.pending = append(w.pending, rec)
	round := w.next
	w.mu.Unlock()
	w.wake.Signal()
	select {
	case <-round.done:
		return round.result(i)
	case <-ctx.Done():
		return fmt.Errorf("inspection log: waiting for the commit: %w", ctx.Err())
	}
}

// Flush returns once every record queued before the call is committed (or
// its commit has failed), or when ctx ends. Answered checks are committed
// already; Flush waits for checks still being answered.
func (w *Writer) Flush(ctx context.Context) {
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
func (w *Writer) Close(ctx context.Context) error {
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
func (w *Writer) run() {
	defer close(w.done)
	defer func() {
		if w.cancelCommit != nil {
			w.cancelCommit()
		}
	}()
	for {
		w.mu.Lock()
		for len(w.pending) == 0 && !w.closed {
			w.wake.Wait()
		}
		if len(w.pending) == 0 {
			w.mu.Unlock()
			return
		}
		if !w.closed {
			// Let the checks that are running (runnable, not waiting for
			// their client) reach Log and join this round: more records
			// a fdatasync. With nothing else runnable this returns at
			// once.
			w.mu.Unlock()
			runtime.Gosched()
			w.mu.Lock()
		}
		batch, round := w.pending, w.next
		w.pending, w.spare = w.spare[:0], nil
		w.next, w.inflight = newCommitRound(), round
		w.mu.Unlock()

		round.errs, round.err = w.commit(batch)
		clear(batch) // let the records go
		w.mu.Lock()
		w.inflight, w.spare = nil, batch
		w.mu.Unlock()
		close(round.done)
	}
}

// commit writes batch in one transaction and returns its result, err for
// every record. When the store refuses the batch as invalid, the records
// are committed one by one so that one bad record fails alone, and errs
// holds each one's result.
func (w *Writer) commit(batch []*data.Inspection) (errs []error, err error) {
	err = w.logInspections(batch)
	if err != nil && errors.Is(err, geo.ErrInvalid) && len(batch) > 1 {
		errs = make([]error, len(batch))
		for i := range batch {
			errs[i] = w.logInspections(batch[i : i+1])
		}
	}
	return errs, err
}

// commitContext returns the context bounding the next commit: the shared
// one while its deadline is at least commitTimeout away and it has not
// ended, else a new one.
func (w *Writer) commitContext() context.Context {
	if w.commitCtx == nil || time.Until(w.commitDeadline) < commitTimeout || w.commitCtx.Err() != nil {
		if w.cancelCommit != nil {
			w.cancelCommit()
		}
		w.commitDeadline = time.Now().Add(commitTimeout + deadlineRenewal)
		w.commitCtx, w.cancelCommit = context.WithDeadline(context.Background(), w.commitDeadline)
	}
	return w.commitCtx
}

func (w *Writer) logInspections(recs []*data.Inspection) error {
	err := w.store.LogInspections(w.commitContext(), recs)
	if err != nil {
		w.failed.Add(float64(len(recs)))
		w.log.Error("inspection log write failed; the checks are answered 503", "records", len(recs), "err", err)
		return fmt.Errorf("inspection log: %w", err)
	}
	return nil
}
