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
		sealed, err = s.appendAudit(ctx, tx, prepared, now, nil, nil)
		return err
	})
	if err != nil {
		return fmt.Errorf("sqlite: append audit: %w", err)
	}
	sqlrow.SetSealed(entries, sealed)
	return nil
}

// appendAudit seals prepared entries after the chain head in audit_state
// (keyed with the store's audit key), inserts them and advances the head,
// all within tx, and returns the caller's entries as stored. appended and
// versions fill in the versions of zones appended in the same transaction.
func (s *Store) appendAudit(ctx context.Context, tx *sql.Tx, prepared []data.AuditEntry, now time.Time, appended []*geo.Zone, versions []int64) ([]data.AuditEntry, error) {
	if len(prepared) == 0 {
		return nil, nil
	}
	sealed, err := s.sealAudit(ctx, tx, prepared, now, appended, versions)
	if err != nil {
		return nil, err
	}
	return sqlrow.Own(sealed, len(prepared)), nil
}

// sealAudit reads the head, seals prepared after it (with the entry that
// keys the chain first, when the store has a key and the chain is not
// keyed yet), and writes the entries and the new head.
func (s *Store) sealAudit(ctx context.Context, tx *sql.Tx, prepared []data.AuditEntry, now time.Time, appended []*geo.Zone, versions []int64) ([]data.AuditEntry, error) {
	head, err := sqlrow.ScanAuditHead(tx.QueryRowContext(ctx, `SELECT `+sqlrow.AuditHeadColumns+` FROM audit_state WHERE id = 1`))
	if err != nil {
		return nil, fmt.Errorf("read audit head: %w", err)
	}
	sealed, next, err := data.SealAudit(head, s.auditKey, now, prepared, appended, versions)
	if err != nil || len(sealed) == 0 {
		return nil, err
	}
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
	if _, err := tx.ExecContext(ctx, dialect.AdvanceAuditHead(), sqlrow.AuditHeadArgs(next)...); err != nil {
		return nil, fmt.Errorf("advance audit head: %w", err)
	}
	return sealed, nil
}

// adoptAuditKey checks the store's audit key against the chain and, when
// the chain is not keyed yet, appends the entry that keys it from now on.
func (s *Store) adoptAuditKey(ctx context.Context) error {
	if err := data.CheckAuditKey(s.auditKey); err != nil {
		return err
	}
	return s.writeTx(ctx, func(tx *sql.Tx, now time.Time) error {
		_, err := s.sealAudit(ctx, tx, nil, now, nil, nil)
		return err
	})
}

// AuditHead returns the chain head recorded in audit_state.
func (s *Store) AuditHead(ctx context.Context) (data.AuditHead, error) {
	h, err := sqlrow.ScanAuditHead(s.r.QueryRowContext(ctx, `SELECT `+sqlrow.AuditHeadColumns+` FROM audit_state WHERE id = 1`))
	if err != nil {
		return h, fmt.Errorf("sqlite: audit head: %w", err)
	}
	return h, nil
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
