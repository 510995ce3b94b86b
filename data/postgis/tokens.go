package postgis

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/internal/sqlrow"
)

// CreateToken stores t and its ActionTokenCreate audit entry in one
// transaction and sets t.CreatedAt. See data.Store.
func (s *Store) CreateToken(ctx context.Context, t *data.Token) error {
	if err := data.CheckToken(t); err != nil {
		return fmt.Errorf("postgis: create token: %w", err)
	}
	var created time.Time
	err := s.writeTx(ctx, func(tx pgx.Tx, now time.Time) error {
		created = now
		const ins = `INSERT INTO tokens (id, name, role, hash, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (id) DO NOTHING`
		tag, err := tx.Exec(ctx, ins, t.ID, t.Name, string(t.Role), t.Hash, t.CreatedBy, created)
		if err != nil {
			return fmt.Errorf("insert: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("id %s is taken: %w", t.ID, data.ErrConflict)
		}
		stored := *t
		stored.CreatedAt, stored.RevokedAt = created, time.Time{}
		return s.auditToken(ctx, tx, now, t.CreatedBy, data.ActionTokenCreate, nil, &stored)
	})
	if err != nil {
		return fmt.Errorf("postgis: create token %s: %w", t.ID, err)
	}
	t.CreatedAt, t.RevokedAt = created, time.Time{}
	return nil
}

// auditToken appends the audit entry of a token change within tx.
func (s *Store) auditToken(ctx context.Context, tx pgx.Tx, now time.Time, actor, action string, before, after *data.Token) error {
	prepared, err := sqlrow.AuditOf(data.TokenAudit(actor, action, before, after))
	if err != nil {
		return err
	}
	_, err = s.appendAudit(ctx, tx, prepared, now, nil, nil)
	return err
}

// TokenByID returns the token id, or data.ErrNotFound.
func (s *Store) TokenByID(ctx context.Context, id string) (*data.Token, error) {
	var t *data.Token
	err := s.retry(ctx, func(ctx context.Context) error {
		var err error
		t, err = sqlrow.ScanToken(s.pool.QueryRow(ctx, `SELECT `+sqlrow.TokenColumns+` FROM tokens WHERE id = $1`, id))
		return err
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("postgis: %w", fmt.Errorf("token %q: %w", id, data.ErrNotFound))
	}
	if err != nil {
		return nil, fmt.Errorf("postgis: token %q: %w", id, err)
	}
	return t, nil
}

// Tokens returns every token ordered by ID.
func (s *Store) Tokens(ctx context.Context) ([]*data.Token, error) {
	out, err := collect(ctx, s, `SELECT `+sqlrow.TokenColumns+` FROM tokens ORDER BY id`, nil, sqlrow.ScanToken)
	if err != nil {
		return nil, fmt.Errorf("postgis: tokens: %w", err)
	}
	return out, nil
}

// RevokeToken marks the token revoked and appends its ActionTokenRevoke
// audit entry in one transaction. See data.Store.
func (s *Store) RevokeToken(ctx context.Context, id, actor string, at time.Time) error {
	if err := sqlrow.CheckTime("revoked_at", at); err != nil {
		return fmt.Errorf("postgis: revoke token %s: %w", id, err)
	}
	err := s.writeTx(ctx, func(tx pgx.Tx, now time.Time) error {
		t, err := sqlrow.ScanToken(tx.QueryRow(ctx, `SELECT `+sqlrow.TokenColumns+` FROM tokens WHERE id = $1 FOR UPDATE`, id))
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("token %s: %w", id, data.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("read: %w", err)
		}
		if !t.Active() {
			return nil
		}
		when := sqlrow.RevokeTime(at, now)
		if _, err := tx.Exec(ctx, `UPDATE tokens SET revoked_at = $1 WHERE id = $2`, when, id); err != nil {
			return fmt.Errorf("update: %w", err)
		}
		after := *t
		after.RevokedAt = when
		if _, err := tx.Exec(ctx, `SELECT pg_notify($1, $2)`, s.channel, tokensPayload); err != nil {
			return fmt.Errorf("notify: %w", err)
		}
		return s.auditToken(ctx, tx, now, actor, data.ActionTokenRevoke, t, &after)
	})
	if err != nil {
		return fmt.Errorf("postgis: revoke token %s: %w", id, err)
	}
	// Token caches in this process drop what they hold at once; other
	// replicas hear the notification (see data.Store.Subscribe).
	s.hub.Publish(0, true)
	return nil
}
