package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/internal/sqlrow"
	"github.com/zonegate/zonegate/geo"
)

// writeTx runs fn in one write transaction under the writer lock without
// taking a store revision (audit entries and tokens are not zone changes).
// fn receives the transaction time (UTC, as stored).
func (s *Store) writeTx(ctx context.Context, fn func(tx *sql.Tx, now time.Time) error) error {
	select {
	case s.wsem <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-s.wsem }()
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	now, err := sqlrow.ParseText(sqlrow.FormatText(s.now()))
	if err != nil {
		return fmt.Errorf("clock: %w", err)
	}
	if err := fn(tx, now); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// AppendAudit appends entries to the audit log in one transaction under the
// writer lock, which also orders appenders in other processes (BEGIN
// IMMEDIATE). See data.Store.
func (s *Store) AppendAudit(ctx context.Context, entries []*data.AuditEntry) error {
	if len(entries) == 0 {
		return ctx.Err()
	}
	prepared, err := data.PrepareAudit(entries)
	if err != nil {
		return fmt.Errorf("sqlite: append audit: %w", err)
	}
	var sealed []data.AuditEntry
	err = s.writeTx(ctx, func(tx *sql.Tx, now time.Time) error {
		var err error
		sealed, err = appendAudit(ctx, tx, prepared, now, nil, nil)
		return err
	})
	if err != nil {
		return fmt.Errorf("sqlite: append audit: %w", err)
	}
	sqlrow.SetSealed(entries, sealed)
	return nil
}

// appendAudit seals prepared entries after the chain head in audit_state,
// inserts them and advances the head, all within tx. appended and versions
// fill in the versions of zones appended in the same transaction.
func appendAudit(ctx context.Context, tx *sql.Tx, prepared []data.AuditEntry, now time.Time, appended []*geo.Zone, versions []int64) ([]data.AuditEntry, error) {
	if len(prepared) == 0 {
		return nil, nil
	}
	var seq int64
	var hash string
	if err := tx.QueryRowContext(ctx, `SELECT seq, hash FROM audit_state WHERE id = 1`).Scan(&seq, &hash); err != nil {
		return nil, fmt.Errorf("read audit head: %w", err)
	}
	sealed := data.SealAudit(seq, hash, now, prepared, appended, versions)
	const ins = `INSERT INTO audit_log (seq, time, actor, action, layer, zone_id, version, before, after, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	stmt, err := tx.PrepareContext(ctx, ins)
	if err != nil {
		return nil, fmt.Errorf("prepare audit insert: %w", err)
	}
	defer stmt.Close()
	for _, e := range sealed {
		if _, err := stmt.ExecContext(ctx, e.Seq, sqlrow.FormatText(e.Time), e.Actor, e.Action, e.Layer, e.ZoneID, e.Version,
			sqlrow.Text(e.Before), sqlrow.Text(e.After), e.PrevHash, e.Hash); err != nil {
			return nil, fmt.Errorf("insert audit entry %d: %w", e.Seq, err)
		}
	}
	last := sealed[len(sealed)-1]
	if _, err := tx.ExecContext(ctx, `UPDATE audit_state SET seq = ?, hash = ? WHERE id = 1`, last.Seq, last.Hash); err != nil {
		return nil, fmt.Errorf("advance audit head: %w", err)
	}
	return sealed, nil
}

// Audit returns the entries matching f in Seq order.
func (s *Store) Audit(ctx context.Context, f data.AuditFilter) ([]*data.AuditEntry, error) {
	q, args := dialect.AuditQuery(f)
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: audit: %w", err)
	}
	out, err := collect(rows, sqlrow.ScanAudit)
	if err != nil {
		return nil, fmt.Errorf("sqlite: audit: %w", err)
	}
	return out, nil
}
