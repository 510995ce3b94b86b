package postgis

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/internal/sqlrow"
	"github.com/zonegate/zonegate/geo"
)

// writeTx runs fn in one read-committed transaction without taking a store
// revision (audit entries and tokens are not zone changes), retrying
// transient failures like write. fn receives the transaction time (UTC,
// microseconds).
func (s *Store) writeTx(ctx context.Context, fn func(tx pgx.Tx, now time.Time) error) error {
	return s.retry(ctx, func(ctx context.Context) error {
		tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.ReadCommitted})
		if err != nil {
			return fmt.Errorf("begin: %w", err)
		}
		defer tx.Rollback(context.WithoutCancel(ctx)) //nolint:errcheck // a no-op after Commit
		if err := fn(tx, s.now().UTC().Truncate(time.Microsecond)); err != nil {
			return err
		}
		if err := tx.Commit(ctx); err != nil {
			return commitError{fmt.Errorf("commit: %w", err)}
		}
		return nil
	})
}

// AppendAudit appends entries to the audit log in one transaction that
// locks the chain head (the audit_state row), so appenders on every replica
// chain one after another. See data.Store.
func (s *Store) AppendAudit(ctx context.Context, entries []*data.AuditEntry) error {
	if len(entries) == 0 {
		return ctx.Err()
	}
	prepared, err := data.PrepareAudit(entries)
	if err != nil {
		return fmt.Errorf("postgis: append audit: %w", err)
	}
	var sealed []data.AuditEntry
	err = s.writeTx(ctx, func(tx pgx.Tx, now time.Time) error {
		var err error
		sealed, err = s.appendAudit(ctx, tx, prepared, now, nil, nil)
		return err
	})
	if err != nil {
		return fmt.Errorf("postgis: append audit: %w", err)
	}
	sqlrow.SetSealed(entries, sealed)
	return nil
}

// appendAudit locks the chain head, seals prepared entries after it (keyed
// with the store's audit key), inserts them and advances the head, all
// within tx, and returns the caller's entries as stored. appended and
// versions fill in the versions of zones appended in the same transaction.
func (s *Store) appendAudit(ctx context.Context, tx pgx.Tx, prepared []data.AuditEntry, now time.Time, appended []*geo.Zone, versions []int64) ([]data.AuditEntry, error) {
	if len(prepared) == 0 {
		return nil, nil
	}
	sealed, err := s.sealAudit(ctx, tx, prepared, now, appended, versions)
	if err != nil {
		return nil, err
	}
	return sqlrow.Own(sealed, len(prepared)), nil
}

// sealAudit locks and reads the head, seals prepared after it (with the
// entry that keys the chain first, when the store has a key and the chain
// is not keyed yet), and writes the entries and the new head.
func (s *Store) sealAudit(ctx context.Context, tx pgx.Tx, prepared []data.AuditEntry, now time.Time, appended []*geo.Zone, versions []int64) ([]data.AuditEntry, error) {
	head, err := sqlrow.ScanAuditHead(tx.QueryRow(ctx, `SELECT `+sqlrow.AuditHeadColumns+` FROM audit_state WHERE id = 1 FOR UPDATE`))
	if err != nil {
		return nil, fmt.Errorf("lock audit head: %w", err)
	}
	sealed, next, err := data.SealAudit(head, s.auditKey, now, prepared, appended, versions)
	if err != nil || len(sealed) == 0 {
		return nil, err
	}
	const ins = `INSERT INTO audit_log (seq, time, actor, action, layer, zone_id, version, before, after, prev_hash, hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`
	var b pgx.Batch
	for _, e := range sealed {
		b.Queue(ins, e.Seq, e.Time, e.Actor, e.Action, e.Layer, e.ZoneID, e.Version,
			sqlrow.Text(e.Before), sqlrow.Text(e.After), e.PrevHash, e.Hash)
	}
	b.Queue(dialect.AdvanceAuditHead(), sqlrow.AuditHeadArgs(next)...)
	if err := tx.SendBatch(ctx, &b).Close(); err != nil {
		return nil, fmt.Errorf("insert %d audit entries: %w", len(sealed), err)
	}
	return sealed, nil
}

// adoptAuditKey checks the store's audit key against the chain and, when
// the chain is not keyed yet, appends the entry that keys it from now on.
// Replicas opening together key it once: the head is locked.
func (s *Store) adoptAuditKey(ctx context.Context) error {
	if err := data.CheckAuditKey(s.auditKey); err != nil {
		return err
	}
	return s.writeTx(ctx, func(tx pgx.Tx, now time.Time) error {
		_, err := s.sealAudit(ctx, tx, nil, now, nil, nil)
		return err
	})
}

// AuditHead returns the chain head recorded in audit_state.
func (s *Store) AuditHead(ctx context.Context) (data.AuditHead, error) {
	var h data.AuditHead
	err := s.retry(ctx, func(ctx context.Context) error {
		var err error
		h, err = sqlrow.ScanAuditHead(s.pool.QueryRow(ctx, `SELECT `+sqlrow.AuditHeadColumns+` FROM audit_state WHERE id = 1`))
		return err
	})
	if err != nil {
		return h, fmt.Errorf("postgis: audit head: %w", err)
	}
	return h, nil
}

// Audit returns the entries matching f in Seq order.
func (s *Store) Audit(ctx context.Context, f data.AuditFilter) ([]*data.AuditEntry, error) {
	q, args := dialect.AuditQuery(f)
	out, err := collect(ctx, s, q, args, sqlrow.ScanAudit)
	if err != nil {
		return nil, fmt.Errorf("postgis: audit: %w", err)
	}
	return out, nil
}
