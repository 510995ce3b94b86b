// Package webhook delivers stored vehicle events to configured HTTP
// endpoints, at least once and in event ID order.
//
// Each endpoint has one goroutine and one cursor (data.WebhookState): it
// reads the events after the cursor, POSTs them one per request as
// {"events":[event]} with the header Idempotency-Key set to the event's
// Key (stable across retries and replicas), and stores the new cursor only
// after a 2xx answer. Any other answer, or no answer, is retried with
// exponential backoff (1 s doubling to 5 min, with jitter) for as long as
// it takes: a failing endpoint holds back its own later events (order is
// kept) but never another endpoint's. Every attempt's status and error are
// stored in the cursor, so delivery status is visible.
//
// A crash between the 2xx and storing the cursor redelivers that event
// with the same key: receivers deduplicate on Idempotency-Key. A new
// endpoint starts at the first stored event.
//
// Replicas. On a store shared by several replicas (Options.Leases), an
// endpoint's loop delivers only while it holds the endpoint's lease, so
// one replica delivers each event; the others try to take the lease every
// LeaseRetry, and the first to get it after the holder dies (or closes)
// carries on from the stored cursor. A holder that loses its lease stops
// delivering; the event in flight may then be delivered twice, under the
// same Idempotency-Key.
package webhook

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/zonegate/zonegate/api/internal/broadcast"
	"github.com/zonegate/zonegate/data"
)

// Defaults for Options.
const (
	DefaultMinBackoff = time.Second
	DefaultMaxBackoff = 5 * time.Minute
	DefaultPoll       = time.Second      // how often to look for events committed elsewhere
	DefaultTimeout    = 10 * time.Second // per delivery attempt
	DefaultLeaseRetry = time.Second      // how often a replica asks for an endpoint's lease
	// pageSize is how many events one store read fetches.
	pageSize = 100
	// maxPending caps the count Status reports per endpoint.
	maxPending = 10_000
)

// Options configures a Dispatcher. Store is required.
type Options struct {
	URLs   []string
	Store  data.TrackStore
	Client *http.Client // nil: a client with DefaultTimeout
	// Secret, when set, signs each body: header X-Zonegate-Signature is
	// "sha256=" and the hex HMAC-SHA256 of the body under Secret.
	Secret string
	Logger *slog.Logger     // nil: discard
	Now    func() time.Time // nil: time.Now
	// Sleep waits d or until ctx ends (then it returns ctx's error).
	// nil: a timer. Tests inject one that returns at once.
	Sleep func(ctx context.Context, d time.Duration) error
	// Jitter maps a backoff to the delay actually waited. nil: a uniform
	// random delay in [d/2, d].
	Jitter     func(d time.Duration) time.Duration
	MinBackoff time.Duration // 0: DefaultMinBackoff
	MaxBackoff time.Duration // 0: DefaultMaxBackoff
	Poll       time.Duration // 0: DefaultPoll
	// Leases, when set, makes delivery once per event across the replicas
	// sharing the store: see the package comment. nil: this dispatcher
	// delivers every endpoint (one server).
	Leases data.Leaser
	// LeaseRetry is how often a replica without an endpoint's lease tries
	// to take it (0: DefaultLeaseRetry).
	LeaseRetry time.Duration
	// OnAttempt, when set, is called after every delivery attempt with
	// its outcome (for metrics).
	OnAttempt func(url string, ok bool)
}

// Dispatcher runs one delivery loop per endpoint. Create it with New,
// start it with Start, stop it with Close.
type Dispatcher struct {
	o      Options
	wake   *broadcast.Signal
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// New returns a dispatcher for o.URLs; it delivers nothing until Start.
func New(o Options) *Dispatcher {
	if o.Client == nil {
		o.Client = &http.Client{Timeout: DefaultTimeout}
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Sleep == nil {
		o.Sleep = sleep
	}
	if o.Jitter == nil {
		o.Jitter = func(d time.Duration) time.Duration { return d/2 + rand.N(d/2+1) }
	}
	if o.MinBackoff <= 0 {
		o.MinBackoff = DefaultMinBackoff
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = DefaultMaxBackoff
	}
	if o.Poll <= 0 {
		o.Poll = DefaultPoll
	}
	if o.LeaseRetry <= 0 {
		o.LeaseRetry = DefaultLeaseRetry
	}
	return &Dispatcher{o: o, wake: broadcast.New()}
}

// Start launches one delivery goroutine per endpoint; they run until ctx
// ends or Close is called. Start must be called at most once.
func (d *Dispatcher) Start(ctx context.Context) {
	ctx, d.cancel = context.WithCancel(ctx)
	for _, u := range d.o.URLs {
		d.wg.Go(func() { d.leased(ctx, u) })
	}
}

// Notify tells the loops that new events were committed, so they need not
// wait for the next poll.
func (d *Dispatcher) Notify() { d.wake.Fire() }

// Close stops the loops and waits for them. An attempt in flight is
// abandoned; its event is delivered again after a restart.
func (d *Dispatcher) Close() {
	if d.cancel != nil {
		d.cancel()
	}
	d.wg.Wait()
}

// Backoff returns the wait before retry number attempts (1 for the first
// retry): min doubled attempts-1 times, capped at max, before jitter.
func Backoff(attempts int, minD, maxD time.Duration) time.Duration {
	d := minD
	for i := 1; i < attempts && d < maxD; i++ {
		d *= 2
	}
	return min(d, maxD)
}

// run is one endpoint's delivery loop.
func (d *Dispatcher) run(ctx context.Context, url string) {
	log := d.o.Logger.With("webhook", url)
	st, err := d.state(ctx, url)
	for err != nil {
		log.Warn("read webhook cursor", "err", err)
		if d.o.Sleep(ctx, d.o.Poll) != nil {
			return
		}
		st, err = d.state(ctx, url)
	}
	for ctx.Err() == nil {
		woken := d.wake.Wait()
		evs, err := d.o.Store.Events(ctx, data.EventFilter{AfterID: st.Delivered, Limit: pageSize})
		if err != nil {
			if ctx.Err() == nil {
				log.Warn("read events", "err", err)
			}
			evs = nil
		}
		for _, ev := range evs {
			if !d.deliver(ctx, log, &st, ev) {
				return
			}
		}
		if len(evs) == pageSize {
			continue
		}
		t := time.NewTimer(d.o.Poll)
		select {
		case <-ctx.Done():
		case <-woken:
		case <-t.C:
		}
		t.Stop()
	}
}

// state returns the stored cursor of url, or a fresh one.
func (d *Dispatcher) state(ctx context.Context, url string) (data.WebhookState, error) {
	states, err := d.o.Store.WebhookStates(ctx)
	if err != nil {
		return data.WebhookState{}, fmt.Errorf("webhook states: %w", err)
	}
	for _, s := range states {
		if s.URL == url {
			return s, nil
		}
	}
	return data.WebhookState{URL: url}, nil
}

// deliver posts ev until an endpoint answers 2xx, recording each attempt
// in st and the store. It returns false when ctx ends first.
func (d *Dispatcher) deliver(ctx context.Context, log *slog.Logger, st *data.WebhookState, ev *data.Event) bool {
	body, err := json.Marshal(struct {
		Events []*data.Event `json:"events"`
	}{[]*data.Event{ev}})
	if err != nil { // an Event always encodes; keep going rather than stall
		log.Error("encode event", "id", ev.ID, "err", err)
		return true
	}
	for {
		status, err := d.post(ctx, st.URL, ev, body)
		if ctx.Err() != nil {
			return false
		}
		ok := err == nil && status >= 200 && status < 300
		if d.o.OnAttempt != nil {
			d.o.OnAttempt(st.URL, ok)
		}
		st.LastAttempt, st.LastStatus, st.LastError = d.o.Now().UTC(), status, ""
		if ok {
			st.Delivered, st.Attempts = ev.ID, 0
		} else {
			st.Attempts++
			st.LastError = fmt.Sprintf("HTTP %d", status)
			if err != nil {
				st.LastError = err.Error()
			}
		}
		if perr := d.o.Store.PutWebhookState(ctx, *st); perr != nil && ctx.Err() == nil {
			log.Warn("store webhook cursor", "err", perr)
		}
		if ok {
			return true
		}
		wait := d.o.Jitter(Backoff(st.Attempts, d.o.MinBackoff, d.o.MaxBackoff))
		log.Info("webhook delivery failed; retrying", "event", ev.ID, "attempts", st.Attempts, "status", status, "err", st.LastError, "retry_in", wait)
		if d.o.Sleep(ctx, wait) != nil {
			return false
		}
	}
}

// post sends one delivery attempt and returns the HTTP status (0 when
// there was no answer).
func (d *Dispatcher) post(ctx context.Context, url string, ev *data.Event, body []byte) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, fmt.Errorf("webhook request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", ev.Key)
	req.Header.Set("X-Zonegate-Event-Id", strconv.FormatInt(ev.ID, 10))
	if d.o.Secret != "" {
		m := hmac.New(sha256.New, []byte(d.o.Secret))
		m.Write(body)
		req.Header.Set("X-Zonegate-Signature", "sha256="+hex.EncodeToString(m.Sum(nil)))
	}
	resp, err := d.o.Client.Do(req)
	if err != nil {
		return 0, fmt.Errorf("webhook post: %w", err)
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
	return resp.StatusCode, nil
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
