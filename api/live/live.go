// Package live is live vehicle tracking: reported positions become
// per-vehicle states (geo/track), state changes become stored events
// (enter, exit, off_route, on_route), and new events wake the event
// streams and the webhook dispatcher (api/webhook). It knows no HTTP: the
// handlers of POST /v1/tracks and GET /v1/events in package api decode
// requests, call a Tracker and write the answers.
package live

import (
	"context"
	"log/slog"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/zonegate/zonegate/api/internal/broadcast"
	"github.com/zonegate/zonegate/api/webhook"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/geo/index"
	"github.com/zonegate/zonegate/geo/track"
)

// DefaultMaxPositions caps the positions of one ingest when
// Options.MaxPositions is 0.
const DefaultMaxPositions = 50_000

// Options are the settings of live tracking.
type Options struct {
	// Webhooks are the URLs that receive every vehicle event (at least
	// once, one event per POST); none: no delivery.
	Webhooks []string
	// WebhookSecret, when set, signs the webhook bodies
	// (X-Zonegate-Signature).
	WebhookSecret string
	// MaxPositions caps the positions of one request (0:
	// DefaultMaxPositions).
	MaxPositions int
}

// Deps are what a Tracker needs from the server around it.
type Deps struct {
	Store    data.TrackStore
	Logger   *slog.Logger          // nil: discard
	Registry prometheus.Registerer // receives the tracking metrics; required
	// OffRoute reports whether a fix is off the designated routes where
	// they apply; nil: never.
	OffRoute func(*index.Snapshot, track.Fix) bool
}

// Result is what one Ingest did.
type Result struct {
	Accepted   int           // positions applied
	Duplicates int           // same plate and time as the vehicle's latest accepted position
	Late       int           // older than the vehicle's latest accepted position
	Events     []*data.Event // the events stored, in ID order
}

// New builds a Tracker and starts the webhook dispatcher when Webhooks are
// configured, and, on a store shared by replicas (data.EventSubscriber),
// the wake-ups for events they commit. Close stops both.
func New(o Options, d Deps) *Tracker {
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	if d.OffRoute == nil {
		d.OffRoute = func(*index.Snapshot, track.Fix) bool { return false }
	}
	t := &Tracker{
		store: d.Store, log: d.Logger, metrics: newTrackMetrics(d.Registry),
		maxPositions: o.MaxPositions, offRoute: d.OffRoute,
		names: map[string]string{}, changed: broadcast.New(), done: make(chan struct{}),
	}
	if t.maxPositions <= 0 {
		t.maxPositions = DefaultMaxPositions
	}
	ctx, stop := context.WithCancel(context.Background())
	t.stop = stop
	if len(o.Webhooks) > 0 {
		leases, _ := d.Store.(data.Leaser)
		t.hooks = webhook.New(webhook.Options{URLs: o.Webhooks, Store: d.Store, Leases: leases, Secret: o.WebhookSecret,
			Logger: d.Logger, OnAttempt: t.metrics.webhookAttempt})
		t.hooks.Start(ctx)
	}
	if sub, ok := d.Store.(data.EventSubscriber); ok {
		go t.follow(ctx, sub)
	}
	return t
}

// MaxPositions is the cap on the positions of one request.
func (t *Tracker) MaxPositions() int { return t.maxPositions }

// Store is the store of vehicles and events.
func (t *Tracker) Store() data.TrackStore { return t.store }

// Changed returns a channel closed when the next events are stored on this
// server, or announced by the store as committed by another replica: an
// event stream waits on it (and polls, should an announcement be lost).
func (t *Tracker) Changed() <-chan struct{} { return t.changed.Wait() }

// Done returns a channel closed by Close: event streams end.
func (t *Tracker) Done() <-chan struct{} { return t.done }

// Webhooks returns the delivery status of every configured webhook; none
// when there are none.
func (t *Tracker) Webhooks(ctx context.Context) ([]webhook.Status, error) {
	if t.hooks == nil {
		return nil, nil
	}
	return t.hooks.Status(ctx)
}
