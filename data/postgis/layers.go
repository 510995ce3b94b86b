package postgis

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/internal/sqlrow"
	"github.com/zonegate/zonegate/geo"
)

// PutLayer creates the layer or updates the title and description of an
// existing one; either way it takes a new store revision. Changing the kind
// of an existing layer is data.ErrConflict; an invalid id or kind wraps
// geo.ErrInvalid.
func (s *Store) PutLayer(ctx context.Context, l geo.Layer) (geo.Layer, error) {
	if err := l.Validate(); err != nil {
		return geo.Layer{}, fmt.Errorf("postgis: put layer: %w", err)
	}
	var out geo.Layer
	_, _, err := s.write(ctx, 0, func(tx pgx.Tx, rev int64, now time.Time) error {
		var kind string
		err := tx.QueryRow(ctx, `SELECT kind FROM layers WHERE id = $1`, l.ID).Scan(&kind)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			const ins = `INSERT INTO layers (id, kind, title, description, revision, updated_at) VALUES ($1, $2, $3, $4, $5, $6)`
			if _, err := tx.Exec(ctx, ins, l.ID, string(l.Kind), l.Title, l.Description, rev, now); err != nil {
				return fmt.Errorf("insert: %w", err)
			}
		case err != nil:
			return fmt.Errorf("read: %w", err)
		case geo.Kind(kind) != l.Kind:
			return fmt.Errorf("kind %s cannot become %s: %w", kind, l.Kind, data.ErrConflict)
		default:
			const upd = `UPDATE layers SET title = $1, description = $2, revision = $3, updated_at = $4 WHERE id = $5`
			if _, err := tx.Exec(ctx, upd, l.Title, l.Description, rev, now, l.ID); err != nil {
				return fmt.Errorf("update: %w", err)
			}
		}
		if err := putLayerView(ctx, tx, l); err != nil {
			return err
		}
		out = geo.Layer{ID: l.ID, Kind: l.Kind, Title: l.Title, Description: l.Description, Revision: rev, UpdatedAt: now}
		return nil
	})
	if err != nil {
		return geo.Layer{}, fmt.Errorf("postgis: put layer %s: %w", l.ID, err)
	}
	return out, nil
}

// Layer returns the layer id, or data.ErrNotFound.
func (s *Store) Layer(ctx context.Context, id string) (geo.Layer, error) {
	var l geo.Layer
	err := s.retry(ctx, func(ctx context.Context) error {
		var err error
		l, err = sqlrow.ScanLayer(s.pool.QueryRow(ctx, `SELECT `+sqlrow.LayerColumns+` FROM layers WHERE id = $1`, id))
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("layer %q: %w", id, data.ErrNotFound)
		}
		return err
	})
	if errors.Is(err, data.ErrNotFound) {
		return geo.Layer{}, fmt.Errorf("postgis: %w", err)
	}
	if err != nil {
		return geo.Layer{}, fmt.Errorf("postgis: layer %q: %w", id, err)
	}
	return l, nil
}

// Layers returns every layer ordered by id (byte order).
func (s *Store) Layers(ctx context.Context) ([]geo.Layer, error) {
	out, err := collect(ctx, s, `SELECT `+sqlrow.LayerColumns+` FROM layers ORDER BY id`, nil, sqlrow.ScanLayer)
	if err != nil {
		return nil, fmt.Errorf("postgis: layers: %w", err)
	}
	return out, nil
}
