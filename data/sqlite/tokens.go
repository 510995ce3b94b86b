package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/internal/sqlrow"
)

// CreateToken stores t and its ActionTokenCreate audit entry in one
// transaction and sets t.CreatedAt. See data.Store.
func (s *Store) CreateToken(ctx context.Context, t *data.Token) error {
	if err := data.CheckToken(t); err != nil {
		return fmt.Errorf("sqlite: create token: %w", err)
	}
	var created time.Time
	err := s.writeTx(ctx, func(tx *sql.Tx, now time.Time) error {
		created = now.Truncate(time.Microsecond)
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM tokens WHERE id = ?`, t.ID).Scan(&n); err != nil {
			return fmt.Errorf("read: %w", err)
		}
		if n > 0 {
			return fmt.Errorf("id %s is taken: %w", t.ID, data.ErrConflict)
		}
		const ins = `INSERT INTO tokens (id, name, role, hash, created_by, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, NULL)`
		if _, err := tx.ExecContext(ctx, ins, t.ID, t.Name, string(t.Role), t.Hash, t.CreatedBy, sqlrow.FormatText(created)); err != nil {
			return fmt.Errorf("insert: %w", err)
		}
		stored := *t
		stored.CreatedAt, stored.RevokedAt = created, time.Time{}
		return s.auditToken(ctx, tx, now, t.CreatedBy, data.ActionTokenCreate, nil, &stored)
	})
	if err != nil {
		return fmt.Errorf("sqlite: create token %s: %w", t.ID, err)
	}
	t.CreatedAt, t.RevokedAt = created, time.Time{}
	return nil
}

// auditToken appends the audit entry of a token change within tx.
func (s *Store) auditToken(ctx context.Context, tx *sql.Tx, now time.Time, actor, action string, before, after *data.Token) error {
	prepared, err := sqlrow.AuditOf(data.TokenAudit(actor, action, before, after))
	if err != nil {
		return err
	}
	_, err = s.appendAudit(ctx, tx, prepared, now, nil, nil)
	return err
}

// TokenByID returns the token id, or data.ErrNotFound.
func (s *Store) TokenByID(ctx context.Context, id string) (*data.Token, error) {
	t, err := sqlrow.ScanToken(s.r.QueryRowContext(ctx, `SELECT `+sqlrow.TokenColumns+` FROM tokens WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("sqlite: %w", fmt.Errorf("token %q: %w", id, data.ErrNotFound))
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: token %q: %w", id, err)
	}
	return t, nil
}

// Tokens returns every token ordered by ID.
func (s *Store) Tokens(ctx context.Context) ([]*data.Token, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+sqlrow.TokenColumns+` FROM tokens ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: tokens: %w", err)
	}
	out, err := collect(rows, sqlrow.ScanToken)
	if err != nil {
		return nil, fmt.Errorf("sqlite: tokens: %w", err)
	}
	return out, nil
}

// RevokeToken marks the token revoked and appends its ActionTokenRevoke
// audit entry in one transaction. See data.Store.
func (s *Store) RevokeToken(ctx context.Context, id, actor string, at time.Time) error {
	if err := sqlrow.CheckTime("revoked_at", at); err != nil {
		return fmt.Errorf("sqlite: revoke token %s: %w", id, err)
	}
	err := s.writeTx(ctx, func(tx *sql.Tx, now time.Time) error {
		t, err := sqlrow.ScanToken(tx.QueryRowContext(ctx, `SELECT `+sqlrow.TokenColumns+` FROM tokens WHERE id = ?`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("token %s: %w", id, data.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("read: %w", err)
		}
		if !t.Active() {
			return nil
		}
		when := sqlrow.RevokeTime(at, now)
		if _, err := tx.ExecContext(ctx, `UPDATE tokens SET revoked_at = ? WHERE id = ?`, sqlrow.FormatText(when), id); err != nil {
			return fmt.Errorf("update: %w", err)
		}
		after := *t
		after.RevokedAt = when
		return s.auditToken(ctx, tx, now, actor, data.ActionTokenRevoke, t, &after)
	})
	if err != nil {
		return fmt.Errorf("sqlite: revoke token %s: %w", id, err)
	}
	// Token caches in this process drop what they hold (see data.Store.Subscribe).
	s.hub.Publish(0, true)
	return nil
}
