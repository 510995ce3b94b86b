package data

import (
	"context"
	"time"

	"github.com/paulmach/orb"
)

// Event types emitted from live truck positions.
const (
	EventEnter    = "enter"     // the vehicle entered a zone (coal_ban or burn_ban)
	EventExit     = "exit"      // the vehicle left a zone
	EventOffRoute = "off_route" // the vehicle left every designated coal-route corridor
	EventOnRoute  = "on_route"  // the vehicle is back inside a corridor
)

// Event is one stored vehicle event. ID orders events (it is the SSE event
// id); Key is the idempotency key sent to webhooks, stable across retries
// and replicas: the same position never yields two events with one key.
type Event struct {
	ID       int64     `json:"id"`
	Key      string    `json:"key"`
	Plate    string    `json:"plate"`
	Time     time.Time `json:"time"` // the position's time (UTC)
	Type     string    `json:"type"` // EventEnter, EventExit, EventOffRoute, EventOnRoute
	Layer    string    `json:"layer,omitempty"`
	Zone     string    `json:"zone,omitempty"`      // zone id; empty for route events
	ZoneName string    `json:"zone_name,omitempty"` // the zone's name, for people
	Position orb.Point `json:"position"`            // WGS84
	Cargo    string    `json:"cargo,omitempty"`
	Created  time.Time `json:"created"` // when the server stored it
}

// EventFilter selects events. Zero fields do not constrain. From is
// inclusive, To exclusive (on Event.Time); AfterID selects ID > AfterID.
// Limit caps the count (0: no cap): the oldest Limit matching events, or
// with Newest the newest Limit of them. Events come in ID order either way.
type EventFilter struct {
	Plate    string
	Type     string
	From, To time.Time
	AfterID  int64
	Limit    int
	Newest   bool
}

// Vehicle is the tracked state of one vehicle: its latest position and the
// zones and route status that position was in. Events are the differences
// between consecutive states.
type Vehicle struct {
	Plate    string    `json:"plate"`
	Time     time.Time `json:"time"` // time of the latest accepted position
	Position orb.Point `json:"position"`
	Zones    []string  `json:"zones"`     // "layer/id" of the zones it is in, sorted
	OffRoute bool      `json:"off_route"` // outside every corridor (where routes apply)
	Cargo    string    `json:"cargo,omitempty"`
}

// TrackBatch is one atomic write of tracking state: the vehicles' new
// states and the events between their old and new states.
type TrackBatch struct {
	Vehicles []*Vehicle
	Events   []*Event
}

// WebhookState is the delivery cursor of one webhook endpoint: every event
// with ID ≤ Delivered has been acknowledged (2xx) by it.
type WebhookState struct {
	URL         string    `json:"url"`
	Delivered   int64     `json:"delivered"` // highest acknowledged event ID
	Attempts    int       `json:"attempts"`  // failed attempts for the next batch
	LastAttempt time.Time `json:"last_attempt,omitempty"`
	LastStatus  int       `json:"last_status,omitempty"` // HTTP status of the last attempt; 0: no answer
	LastError   string    `json:"last_error,omitempty"`
}

// TrackStore persists live-tracking state: vehicles, their events and the
// webhook delivery cursors. Part of Store.
type TrackStore interface {
	// CommitTrack writes vehicle states (upsert by plate) and appends events
	// in one transaction and assigns the events' IDs and Created. An event
	// whose Key is already stored is skipped (its ID stays 0), so replaying
	// a batch stores nothing twice.
	CommitTrack(ctx context.Context, b TrackBatch) error
	// UpdateTrack changes vehicles in one transaction that holds each of
	// plates' vehicles locked from reading to commit: it reads their
	// stored states, calls apply with them (keyed by plate; a plate never
	// stored is absent) and commits apply's batch as CommitTrack does.
	// Writers of other plates are not held up; writers sharing a plate,
	// on any replica, run one after another, so each judges positions
	// against the state the previous one committed. The batch's vehicles
	// must be among plates. apply may run more than once (a transaction
	// retried after a deadlock or a lost connection), so it must only
	// compute; its error aborts the transaction and is returned wrapped.
	UpdateTrack(ctx context.Context, plates []string, apply func(stored map[string]*Vehicle) (TrackBatch, error)) error
	// Vehicles returns every tracked vehicle ordered by plate.
	Vehicles(ctx context.Context) ([]*Vehicle, error)
	// Events returns the events matching f in ID order.
	Events(ctx context.Context, f EventFilter) ([]*Event, error)
	// WebhookStates returns the stored cursors ordered by URL.
	WebhookStates(ctx context.Context) ([]WebhookState, error)
	// PutWebhookState stores (upserts) one cursor.
	PutWebhookState(ctx context.Context, s WebhookState) error
}
