// Package data is zonegate's storage contract: the Store interface every
// backend implements, its error values, and the record types it persists.
// Backends live in subpackages (data/sqlite, data/postgis) and must pass the
// conformance suite in data/storetest.
package data

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo"
)

// Errors returned by every Store. Test them with errors.Is.
//
// The error that wraps one of them (or geo.ErrInvalid) directly says what
// is wrong in words a client can be shown, without package or operation
// prefixes, which belong on the layers wrapped around it: write
// fmt.Errorf("sqlite: %w", fmt.Errorf("zone %s: %w", id, ErrNotFound)),
// not fmt.Errorf("sqlite: zone %s: %w", id, ErrNotFound). api/wire shows a
// client that innermost message and logs the rest.
var (
	// ErrNotFound: the layer, zone or version does not exist.
	ErrNotFound = errors.New("data: not found")
	// ErrConflict: a write raced another (stale version or revision), or a
	// layer was re-declared with another kind.
	ErrConflict = errors.New("data: conflict")
)

// Store persists layers, zone versions, the audit log, API tokens, the
// inspection log, DEMs (DEMStore) and live-tracking state (TrackStore),
// and aggregates inspection reports (ReportStore). Every method honours
// ctx. Writes are durable when they return nil. Implementations are safe
// for concurrent use.
type Store interface {
	DEMStore
	TrackStore
	ReportStore

	// PutLayer creates the layer, or updates the title and description of an
	// existing one. Changing an existing layer's kind is ErrConflict. It
	// returns the stored layer with its revision.
	PutLayer(ctx context.Context, l geo.Layer) (geo.Layer, error)
	// Layer returns one layer or ErrNotFound.
	Layer(ctx context.Context, id string) (geo.Layer, error)
	// Layers returns every layer ordered by id.
	Layers(ctx context.Context) ([]geo.Layer, error)

	// Commit applies a batch atomically: all of it or none. See Batch.
	// On success the zones in the batch carry their stored Version,
	// Revision and UpdatedAt.
	Commit(ctx context.Context, b Batch) error

	// Zone returns the latest version of a feature, whatever its status,
	// or ErrNotFound.
	Zone(ctx context.Context, layer, id string) (*geo.Zone, error)
	// ZoneVersions returns every version of a feature, oldest first, or
	// ErrNotFound when it has none.
	ZoneVersions(ctx context.Context, layer, id string) ([]*geo.Zone, error)

	// Changes calls fn, in revision order, for every zone version whose row
	// was written after revision since (0: all of them), and returns the
	// store's current revision. This is the change feed: a reader that keeps
	// the returned revision and passes it next time misses nothing.
	// An error from fn stops the scan and is returned.
	Changes(ctx context.Context, since int64, fn func(*geo.Zone) error) (int64, error)
	// Subscribe returns a channel that receives the store's revision after
	// every commit, from this process or (where the backend supports it)
	// from others. Deliveries may be coalesced: a receiver must catch up with
	// Changes, not count notifications. A token revocation sends the current
	// revision again, at once in the revoking process and (where the backend
	// supports it) soon in others, so token caches can drop their entries.
	// The channel closes when ctx ends.
	Subscribe(ctx context.Context) <-chan int64

	// LogInspections appends records to the inspection log and assigns their
	// IDs. It keeps nothing of recs once it returns (copying what it
	// stores): the API reuses a check's record and its byte slices for the
	// next check.
	LogInspections(ctx context.Context, recs []*Inspection) error
	// Inspections returns log records matching f, oldest first.
	Inspections(ctx context.Context, f InspectionFilter) ([]*Inspection, error)

	// AppendAudit appends entries to the hash-chained audit log in one
	// transaction, in order, and on success sets their Seq, Time, PrevHash
	// and Hash (see AuditEntry, SealAudit). Concurrent appenders (from any
	// process) are serialised, so the chain stays unbroken. An invalid entry
	// (see PrepareAudit) wraps geo.ErrInvalid and nothing is written. It
	// does not change the store revision.
	AppendAudit(ctx context.Context, entries []*AuditEntry) error
	// Audit returns the entries matching f in Seq order.
	Audit(ctx context.Context, f AuditFilter) ([]*AuditEntry, error)
	// AuditHead returns the head of the audit chain as the store records it
	// (advanced with every append), for AuditVerifier.Finish.
	AuditHead(ctx context.Context) (AuditHead, error)

	// CreateToken stores a new token (checked with CheckToken), sets its
	// CreatedAt (microseconds, UTC) and, in the same transaction, appends an
	// ActionTokenCreate audit entry by t.CreatedBy. An ID already taken is
	// ErrConflict.
	CreateToken(ctx context.Context, t *Token) error
	// TokenByID returns one token, revoked or not, or ErrNotFound.
	TokenByID(ctx context.Context, id string) (*Token, error)
	// Tokens returns every token, revoked ones included, ordered by ID.
	Tokens(ctx context.Context) ([]*Token, error)
	// RevokeToken marks the token revoked at time at (zero: now) and, in
	// the same transaction, appends an ActionTokenRevoke audit entry by
	// actor. An unknown id is ErrNotFound; revoking a revoked token changes
	// nothing and returns nil.
	RevokeToken(ctx context.Context, id, actor string, at time.Time) error

	// Close releases the store. It is safe to call once.
	Close() error
}

// Batch is one atomic write.
//
// Append adds new versions. A zone with Version 0 becomes latest+1; a zone
// with Version > 0 must be exactly latest+1 (optimistic concurrency for
// editors), else the batch fails with ErrConflict. The layer must exist and
// its kind must equal the zone's.
//
// Update rewrites existing version rows in place (status and validity
// changes such as retiring or closing a version). Each must name an existing
// version by Key and carry the Revision it was read at; a row changed since
// fails the batch with ErrConflict.
//
// Audit entries are appended to the audit log in the same transaction (see
// Store.AppendAudit): a zone change and its audit record are stored
// together or not at all. An entry with Version 0 whose Layer and ZoneID
// name a zone in Append gets the version assigned to it. On success the
// entries carry their Seq, Time, PrevHash and Hash; on failure they are
// unchanged. A batch with only Audit entries takes no store revision.
type Batch struct {
	Append []*geo.Zone
	Update []*geo.Zone
	Audit  []*AuditEntry
}

// Inspection is one logged coal-truck check.
type Inspection struct {
	ID      int64     `json:"id"`
	Time    time.Time `json:"time"`
	Station string    `json:"station,omitempty"`
	// StationKnown reports that Station matched a published checkpoint id
	// when the check was made; unknown ids are accepted but flagged.
	StationKnown bool `json:"station_known"`
	// County is the county (admin zone id) of the check: the checkpoint's
	// county, else the county containing the position. Empty if neither.
	County   string          `json:"county,omitempty"`
	Plate    string          `json:"plate,omitempty"`
	Position *orb.Point      `json:"position,omitempty"` // WGS84, after CRS conversion
	Route    orb.LineString  `json:"route,omitempty"`    // WGS84, after CRS conversion
	Decision string          `json:"decision"`           // allow or deny
	Action   string          `json:"action"`             // pass or turn_back
	Reasons  []string        `json:"reasons"`            // reason codes
	Request  json.RawMessage `json:"request,omitempty"`  // the request as received
	Response json.RawMessage `json:"response,omitempty"` // the decision as answered
	// JSONValid promises that Request and Response, where set, are valid
	// JSON: the producer wrote them with json.Marshal or an encoder tested
	// to write its bytes (the API's check). The stores then do not parse
	// them again; unset, they check them and refuse invalid JSON. Not
	// stored.
	JSONValid bool `json:"-"`
}

// InspectionFilter selects inspection records. Zero fields do not constrain.
// From is inclusive, To exclusive. Limit caps the count (0: no cap).
type InspectionFilter struct {
	Station  string
	Decision string
	From, To time.Time
	Limit    int
}
