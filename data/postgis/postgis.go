// Package postgis is zonegate's scale-out data.Store: PostgreSQL with
// PostGIS, reached through a pgx connection pool. Several zonegate replicas
// can share one database; each keeps its own in-memory index and follows the
// store's change feed.
//
// Schema. The tables live in the first schema of the connection's
// search_path (normally public): layers, zone_versions, inspections,
// audit_log, audit_state, tokens, dems, vehicles, events, webhook_states,
// store_state and schema_migrations. zone_versions.geom is
// geometry(Geometry, 4326) with a GiST index, inspections.position and
// inspections.route are geometry(Point, 4326) and geometry(LineString,
// 4326), so QGIS, ogrinfo and ogr2ogr read the tables directly. Properties
// are jsonb, times timestamptz (microsecond precision; a zero validity
// bound is NULL). Geometry travels as EWKB encoded with go-geom.
//
// Revisions. Every PutLayer and non-empty Commit takes the next store
// revision by updating the single row of store_state first thing in its
// transaction. The row lock it takes is held until commit, so writers are
// serialised and revisions become visible strictly in commit order: a
// reader that has seen revision n has seen every revision below n. A rolled
// back transaction leaves no gap.
//
// Change feed. Each writing transaction calls pg_notify with its revision on
// the channel "zonegate" (or "zonegate_<schema>" outside public), delivered
// at commit. Subscribe listens on a dedicated connection; when that
// connection drops it reconnects with backoff and then announces the current
// revision even if unchanged, so followers re-read Changes and miss nothing.
// A token revocation notifies the same channel with the payload "tokens"
// (tokensPayload), which every replica passes on as the current revision,
// so token caches drop their entries.
//
// Live tracking on several replicas. UpdateTrack locks a batch's vehicle
// rows (in plate order) from reading their states to commit, so each
// vehicle's batches run one after another whichever replica received them;
// batches of different vehicles do not wait for each other. Event inserts
// take one advisory lock last, so event IDs become visible in order, and
// announce "events:<highest id>" on the store's channel (SubscribeEvents)
// for event streams on every replica. TryLease hands a webhook endpoint to
// one replica at a time (a session advisory lock that dies with its
// holder).
package postgis

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/internal/sqlrow"
)

// Options tunes a Store. The zero value is ready to use.
type Options struct {
	// Now is the clock for UpdatedAt stamps; nil means time.Now.
	Now func() time.Time
	// Logger receives operational messages; nil discards them.
	Logger *slog.Logger
	// MaxConns caps the connection pool (0: the DSN's pool_max_conns, else
	// pgx's default of max(4, CPUs)). The change-feed listener uses one
	// more connection outside the pool.
	MaxConns int32
	// Timeout bounds each store call that is not a change-feed scan
	// (0: 30 s). Changes gets ten times as long.
	Timeout time.Duration
	// BulkThreshold is the batch size above which Commit loads appended
	// zones through COPY (0: 500).
	BulkThreshold int
	// AuditKey keys the audit chain (data.AuditMAC); nil means none. Open
	// checks it against a keyed chain (an error wrapping
	// data.ErrAuditKeyMismatch) and keys an unkeyed one from its next
	// entry on. A keyed chain refuses appends from a Store without it.
	AuditKey []byte
}

// Store is the PostGIS data.Store. Create it with Open; it is safe for
// concurrent use.
type Store struct {
	pool    *pgxpool.Pool
	hub     *data.Hub
	events  *data.Hub // highest event ID announced on the channel (SubscribeEvents)
	now     func() time.Time
	log     *slog.Logger
	timeout time.Duration
	bulk    int
	channel string // NOTIFY channel, see the package comment

	auditKey []byte // nil: none

	listenOnce sync.Once
	stop       context.CancelFunc // ends the listener
	stopped    context.Context
	listenDone chan struct{}
	closeOnce  sync.Once
}

var _ data.Store = (*Store)(nil)

// Defaults for Options.
const (
	defaultTimeout       = 30 * time.Second
	defaultBulkThreshold = 500
)

// Open connects to the database named by dsn (a postgres:// URL or a
// key=value string), applies the schema migrations this binary carries
// under an advisory lock, so replicas starting together do not race, and
// returns the store. A database migrated by a newer binary fails with an
// error wrapping ErrSchemaTooNew. The PostGIS extension must be available;
// Open creates it when the role may.
func Open(ctx context.Context, dsn string, o Options) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		// pgx's message may quote the DSN, password included.
		return nil, errors.New("postgis: open: cannot parse the connection string")
	}
	if o.MaxConns > 0 {
		cfg.MaxConns = o.MaxConns
	}
	if _, ok := cfg.ConnConfig.RuntimeParams["application_name"]; !ok {
		cfg.ConnConfig.RuntimeParams["application_name"] = "zonegate"
	}
	s := &Store{hub: data.NewHub(), events: data.NewHub(), now: o.Now, log: o.Logger, timeout: o.Timeout, bulk: o.BulkThreshold, auditKey: o.AuditKey}
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.timeout <= 0 {
		s.timeout = defaultTimeout
	}
	if s.bulk <= 0 {
		s.bulk = defaultBulkThreshold
	}
	s.stopped, s.stop = context.WithCancel(context.Background())
	s.listenDone = make(chan struct{})

	octx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	s.pool, err = pgxpool.NewWithConfig(octx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgis: open %s: %w", cfg.ConnConfig.Host, err)
	}
	if err := migrate(octx, s.pool, s.log); err != nil {
		s.pool.Close()
		return nil, fmt.Errorf("postgis: open: %w", err)
	}
	var schema string
	if err := s.pool.QueryRow(octx, `SELECT current_schema()`).Scan(&schema); err != nil {
		s.pool.Close()
		return nil, fmt.Errorf("postgis: open: read schema: %w", err)
	}
	s.channel = channelFor(schema)
	if s.auditKey != nil {
		if err := s.adoptAuditKey(octx); err != nil {
			s.pool.Close()
			return nil, fmt.Errorf("postgis: open: audit key: %w", err)
		}
	}
	return s, nil
}

// channelFor names the NOTIFY channel of the store in schema.
func channelFor(schema string) string {
	if schema == "public" {
		return "zonegate"
	}
	return "zonegate_" + schema
}

// Close stops the change-feed listener, closes every subscription channel
// and the pool. Call it once; later calls do nothing.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		s.stop()
		s.listenOnce.Do(func() { close(s.listenDone) }) // never started
		<-s.listenDone
		s.hub.Close()
		s.events.Close()
		s.pool.Close()
	})
	return nil
}

// write runs fn in one read-committed transaction after taking the next
// store revision (which serialises writers, see the package comment),
// announces the revision with pg_notify, commits, and publishes it to this
// process's subscribers. fn receives the revision and the commit stamp (UTC,
// microseconds, as stored). Serialization failures and deadlocks are
// retried; the whole call is bounded by the store timeout plus extra. It
// returns the revision and the stamp.
func (s *Store) write(ctx context.Context, extra time.Duration, fn func(tx pgx.Tx, rev int64, now time.Time) error) (int64, time.Time, error) {
	var rev int64
	var now time.Time
	err := s.retryFor(ctx, s.timeout+extra, func(ctx context.Context) error {
		tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.ReadCommitted})
		if err != nil {
			return fmt.Errorf("begin: %w", err)
		}
		defer tx.Rollback(context.WithoutCancel(ctx)) //nolint:errcheck // a no-op after Commit
		const next = `UPDATE store_state SET revision = revision + 1 WHERE id = 1 RETURNING revision`
		if err := tx.QueryRow(ctx, next).Scan(&rev); err != nil {
			return fmt.Errorf("next revision: %w", err)
		}
		now = s.now().UTC().Truncate(time.Microsecond)
		if err := fn(tx, rev, now); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `SELECT pg_notify($1, $2)`, s.channel, fmt.Sprint(rev)); err != nil {
			return fmt.Errorf("notify: %w", err)
		}
		if err := tx.Commit(ctx); err != nil {
			return commitError{fmt.Errorf("commit: %w", err)}
		}
		return nil
	})
	if err != nil {
		return 0, time.Time{}, err
	}
	s.hub.Publish(rev, false)
	return rev, now, nil
}

// dialect is how this store writes the SQL it shares with data/sqlite:
// numbered placeholders and times as timestamptz.
var dialect = sqlrow.Dialect{
	Placeholder: func(n int) string { return "$" + strconv.Itoa(n) },
	Time:        func(t time.Time) any { return t.UTC() },
}

// collect runs q with retries and scans every row with scan. It returns an
// empty, non-nil slice for no rows.
func collect[T any](ctx context.Context, s *Store, q string, args []any, scan func(sqlrow.Scanner) (T, error)) ([]T, error) {
	out := []T{}
	err := s.retry(ctx, func(ctx context.Context) error {
		out = out[:0]
		rows, err := s.pool.Query(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			v, err := scan(rows)
			if err != nil {
				return err
			}
			out = append(out, v)
		}
		return rows.Err()
	})
	return out, err
}
