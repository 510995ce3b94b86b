// Package sqlite is zonegate's default, embedded data.Store: one SQLite file
// (pure Go, modernc.org/sqlite) in WAL mode with synchronous=FULL, so a write
// is on disk when Commit returns and survives kill -9 or power loss.
//
// The inspection log is the exception in form, not in durability: the Store
// that owns the check journal (journal.go; files <db>-checks-a, -b and
// -checks.lock beside the store) appends LogInspections' records there, one
// write and one fdatasync a call, and moves them into the inspections table
// in batches in the background (512 records or one second) and before every
// read of the table in this Store (Inspections, InspectionCounts, Backup).
// A record is on disk when LogInspections returns; Open replays what a crash
// left in the journal. A Store opened with NoCheckJournal (the CLI's
// commands), or in another process while the journal's lock is held, writes
// inspections straight to the table, and sees the owner's records only once
// they are moved: at most a second late. Its
// Backup reads the owner's journal files too, so a backup taken while the
// server runs holds every check acknowledged before it started.
//
// The file is also a minimal GeoPackage 1.3: the zone_versions table is a
// feature table whose geometry column holds GeoPackage geometry blobs (a "GP"
// header with envelope, then WKB written by go-geom) in EPSG:4326, so
// `ogrinfo zonegate.db` and QGIS open it directly. Each zone version also has
// bounding-box columns minx, miny, maxx, maxy, indexed by the GeoPackage
// R-tree rtree_zone_versions_geometry. Each zone layer also has a view of its
// published, currently valid zones (named after the layer, typed MULTIPOLYGON,
// MULTILINESTRING, MULTIPOINT or GEOMETRY by its kind), so QGIS opens
// "coal_ban" as a layer; only these and the attribute table "layers" are in
// gpkg_contents, so GDAL lists no tokens or audit tables. Why views, and why
// their geometry is the stored one unchanged: see layerviews.go.
//
// Times are stored as TEXT in the fixed-width UTC form
// 2006-01-02T15:04:05.000000000Z: nanosecond precision, sortable as text,
// years 0001–9999 only (sqlrow.CheckTime). A zero time.Time in a validity bound is stored as
// NULL. Everything read back is in UTC.
//
// Writes go through one connection, one at a time (a Go semaphore plus BEGIN
// IMMEDIATE, which also guards against other processes); reads use a pool of
// query-only connections and never block on writes.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/internal/sqlrow"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// Options tunes a Store. The zero value is ready to use.
type Options struct {
	// Now is the clock for UpdatedAt stamps; nil means time.Now.
	Now func() time.Time
	// Logger receives operational messages; nil discards them.
	Logger *slog.Logger
	// AuditKey keys the audit chain (data.AuditMAC); nil means none. Open
	// checks it against a keyed chain (an error wrapping
	// data.ErrAuditKeyMismatch) and keys an unkeyed one from its next
	// entry on. A keyed chain refuses appends from a Store without it.
	AuditKey []byte
	// NoCheckJournal is for tools that log no checks (the CLI beside a
	// running server): the Store neither takes nor replays the check
	// journal, so the server owns it whenever it starts; LogInspections
	// writes straight to the table, and Backup reads the journal files.
	NoCheckJournal bool

	// Check journal tuning for tests: records and age that start a move,
	// most records pending, most rows a move commits at a time (zero:
	// journalMoveAt, journalMoveAge, journalBacklog, moveTxRows).
	journalMoveAt  int
	journalMoveAge time.Duration
	journalBacklog int
	journalMoveTx  int
}

// Store is the SQLite data.Store. Create it with Open; it is safe for
// concurrent use.
type Store struct {
	w    *sql.DB // one connection, writes only
	r    *sql.DB // pool of query-only connections
	wsem chan struct{}
	hub  *data.Hub
	now  func() time.Time
	log  *slog.Logger

	auditKey []byte // nil: none

	// insInspections[n-1] is LogInspections' INSERT of n rows, prepared
	// on w when first needed (under wsem) and kept.
	insInspections [maxInsertRows]*sql.Stmt

	// path is the store file.
	path string
	// journal is the check journal this Store owns, or nil (journal.go).
	journal *checkJournal
	// moveStmts[n] is the INSERT OR IGNORE of n journaled rows, prepared
	// on w when first needed (under wsem) and kept.
	moveStmts map[int]*sql.Stmt
}

var _ data.Store = (*Store)(nil)

// readers is the size of the read connection pool.
const readers = 4

// busyTimeoutMS is how long a connection waits for another process's lock.
const busyTimeoutMS = 10000

// Open opens the store file at path, creating it when missing, and applies
// any schema migrations this binary carries. A file written by a newer
// binary fails with an error wrapping ErrSchemaTooNew.
func Open(ctx context.Context, path string, o Options) (*Store, error) {
	s := &Store{path: path, wsem: make(chan struct{}, 1), hub: data.NewHub(), now: o.Now, log: o.Logger, auditKey: o.AuditKey}
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if path == "" || strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("sqlite: open %q: path must be non-empty without '?' or '#'", path)
	}
	var err error
	s.w, err = sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	s.w.SetMaxOpenConns(1)
	s.w.SetMaxIdleConns(1)
	s.w.SetConnMaxLifetime(0)
	s.w.SetConnMaxIdleTime(0)
	if err := migrate(ctx, s.w, s.now, s.log); err != nil {
		s.w.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	if !o.NoCheckJournal {
		if s.journal, err = s.openJournal(ctx, path, o); err != nil {
			s.w.Close()
			return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
		}
	}
	// Move the schema (and the GeoPackage application id in the file
	// header) from the -wal file into the database file, so GeoPackage
	// readers (ogrinfo, QGIS) recognise the file while the server runs.
	// Closing the store checkpoints the rest.
	if _, err := s.w.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		s.Close()
		return nil, fmt.Errorf("sqlite: open %s: checkpoint: %w", path, err)
	}
	s.r, err = sql.Open("sqlite", dsn(path, true))
	if err != nil {
		s.w.Close()
		return nil, fmt.Errorf("sqlite: open %s for reading: %w", path, err)
	}
	s.r.SetMaxOpenConns(readers)
	s.r.SetMaxIdleConns(readers)
	if err := s.r.PingContext(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("sqlite: open %s for reading: %w", path, err)
	}
	if s.auditKey != nil {
		if err := s.adoptAuditKey(ctx); err != nil {
			s.Close()
			return nil, fmt.Errorf("sqlite: open %s: audit key: %w", path, err)
		}
	}
	return s, nil
}

// dsn builds the driver's data source name for path.
func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Set("_busy_timeout", fmt.Sprint(busyTimeoutMS))
	q.Set("_foreign_keys", "1")
	if readOnly {
		q.Set("_query_only", "1")
	} else {
		q.Set("_journal_mode", "WAL")
		q.Set("_synchronous", "FULL")
		q.Set("_txlock", "immediate")
	}
	return path + "?" + q.Encode()
}

// Close closes every subscription channel and the database. Call it once.
func (s *Store) Close() error {
	s.hub.Close()
	var errs []error
	if s.journal != nil {
		errs = append(errs, s.closeJournal(s.journal))
	}
	for _, st := range s.moveStmts {
		errs = append(errs, st.Close())
	}
	for _, st := range s.insInspections {
		if st != nil {
			errs = append(errs, st.Close())
		}
	}
	if s.r != nil {
		errs = append(errs, s.r.Close())
	}
	errs = append(errs, s.w.Close())
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("sqlite: close: %w", err)
	}
	return nil
}

// write runs fn in one write transaction that takes the next store revision,
// commits, and then announces the revision to subscribers. fn receives the
// revision and the commit time (UTC, as stored). It returns the revision.
func (s *Store) write(ctx context.Context, fn func(tx *sql.Tx, rev int64, now time.Time) error) (int64, error) {
	select {
	case s.wsem <- struct{}{}:
	case <-ctx.Done():
		return 0, ctx.Err()
	}
	defer func() { <-s.wsem }()
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	const q = `UPDATE store_state SET revision = revision + 1 WHERE id = 1 RETURNING revision`
	var rev int64
	if err := tx.QueryRowContext(ctx, q).Scan(&rev); err != nil {
		return 0, fmt.Errorf("next revision: %w", err)
	}
	now, err := sqlrow.ParseText(sqlrow.FormatText(s.now()))
	if err != nil {
		return 0, fmt.Errorf("clock: %w", err)
	}
	if err := fn(tx, rev, now); err != nil {
		return 0, err
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("commit: %w", err)
	}
	s.hub.Publish(rev, false)
	return rev, nil
}

// dialect is how this store writes the SQL it shares with data/postgis:
// "?" placeholders and times as TEXT.
var dialect = sqlrow.Dialect{
	Placeholder: func(int) string { return "?" },
	Time:        func(t time.Time) any { return sqlrow.FormatText(t) },
}

// collect scans every row of rows with scan, closing rows. It returns an
// empty, non-nil slice for no rows.
func collect[T any](rows *sql.Rows, scan func(sqlrow.Scanner) (T, error)) ([]T, error) {
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
