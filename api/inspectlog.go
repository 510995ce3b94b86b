package api

import (
	"context"
	"encoding/json"
	"log/slog"
	"sync"
	"time"

	"github.com/zonegate/zonegate/data"
)

// Inspection log writer tuning: records are written in batches so that a
// station burst costs one durable commit per batch, not one per check.
const (
	inspectQueue      = 8192
	inspectBatch      = 512
	inspectLinger     = 50 * time.Millisecond
	inspectRetries    = 3
	inspectRetryPause = 200 * time.Millisecond
)

// inspectionWriter appends coal-truck checks to the store's inspection log
// off the request path. A full queue applies back-pressure to the request
// instead of dropping records: every check is logged.
type inspectionWriter struct {
	store   data.Store
	log     *slog.Logger
	metrics *metrics
	queue   chan *data.Inspection
	flushes chan chan struct{}
	done    chan struct{}
	once    sync.Once
}

func newInspectionWriter(s data.Store, log *slog.Logger, m *metrics) *inspectionWriter {
	w := &inspectionWriter{
		store: s, log: log, metrics: m,
		queue:   make(chan *data.Inspection, inspectQueue),
		flushes: make(chan chan struct{}),
		done:    make(chan struct{}),
	}
	go w.run()
	return w
}

// Add queues rec, waiting while the queue is full until ctx ends.
func (w *inspectionWriter) Add(ctx context.Context, rec *data.Inspection) {
	select {
	case w.queue <- rec:
	case <-ctx.Done():
		w.metrics.inspectDropped.Inc()
		w.logLost(rec, "request ended while the inspection queue was full")
	}
}

// Flush returns once every record queued before the call is written (or
// its write has failed and been logged), or when ctx ends.
func (w *inspectionWriter) Flush(ctx context.Context) {
	done := make(chan struct{})
	select {
	case w.flushes <- done:
	case <-ctx.Done():
		return
	case <-w.done:
		return
	}
	select {
	case <-done:
	case <-ctx.Done():
	}
}

// Close stops accepting records and waits until the queue is written.
func (w *inspectionWriter) Close(ctx context.Context) error {
	w.once.Do(func() { close(w.queue) })
	select {
	case <-w.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (w *inspectionWriter) run() {
	defer close(w.done)
	batch := make([]*data.Inspection, 0, inspectBatch)
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case rec, ok := <-w.queue:
			if !ok {
				w.write(batch)
				return
			}
			if len(batch) == 0 {
				timer.Reset(inspectLinger)
			}
			if batch = append(batch, rec); len(batch) >= inspectBatch {
				w.write(batch)
				batch = batch[:0]
			}
		case <-timer.C:
			w.write(batch)
			batch = batch[:0]
		case done := <-w.flushes:
			batch = w.drain(batch)
			w.write(batch)
			batch = batch[:0]
			close(done)
		}
	}
}

// drain moves whatever is queued right now into batch.
func (w *inspectionWriter) drain(batch []*data.Inspection) []*data.Inspection {
	for {
		select {
		case rec, ok := <-w.queue:
			if !ok {
				return batch
			}
			batch = append(batch, rec)
		default:
			return batch
		}
	}
}

func (w *inspectionWriter) write(batch []*data.Inspection) {
	if len(batch) == 0 {
		return
	}
	var err error
	for attempt := range inspectRetries {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		err = w.store.LogInspections(ctx, batch)
		cancel()
		if err == nil {
			return
		}
		w.log.Warn("inspection log write failed; retrying", "attempt", attempt+1, "records", len(batch), "err", err)
		time.Sleep(inspectRetryPause << attempt)
	}
	w.metrics.inspectFailed.Add(float64(len(batch)))
	for _, rec := range batch {
		w.logLost(rec, "inspection log write failed: "+err.Error())
	}
}

// logLost writes a record that could not be stored to the process log in
// full, so that it can still be recovered from there.
func (w *inspectionWriter) logLost(rec *data.Inspection, why string) {
	b, _ := json.Marshal(rec)
	w.log.Error("inspection not stored", "why", why, "record", json.RawMessage(b))
}
