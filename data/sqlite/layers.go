package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

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
		return geo.Layer{}, fmt.Errorf("sqlite: put layer: %w", err)
	}
	var out geo.Layer
	_, err := s.write(ctx, func(tx *sql.Tx, rev int64, now time.Time) error {
		var kind string
		err := tx.QueryRowContext(ctx, `SELECT kind FROM layers WHERE id = ?`, l.ID).Scan(&kind)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			const ins = `INSERT INTO layers (id, kind, title, description, revision, updated_at) VALUES (?, ?, ?, ?, ?, ?)`
			if _, err := tx.ExecContext(ctx, ins, l.ID, string(l.Kind), l.Title, l.Description, rev, sqlrow.FormatText(now)); err != nil {
				return fmt.Errorf("insert: %w", err)
			}
		case err != nil:
			return fmt.Errorf("read: %w", err)
		case geo.Kind(kind) != l.Kind:
			return fmt.Errorf("kind %s cannot become %s: %w", kind, l.Kind, data.ErrConflict)
		default:
			const upd = `UPDATE layers SET title = ?, description = ?, revision = ?, updated_at = ? WHERE id = ?`
			if _, err := tx.ExecContext(ctx, upd, l.Title, l.Description, rev, sqlrow.FormatText(now), l.ID); err != nil {
				return fmt.Errorf("update: %w", err)
			}
		}
		if err := putLayerView(ctx, tx, l, now); err != nil {
			return err
		}
		out = geo.Layer{ID: l.ID, Kind: l.Kind, Title: l.Title, Description: l.Description, Revision: rev, UpdatedAt: now}
		return nil
	})
	if err != nil {
		return geo.Layer{}, fmt.Errorf("sqlite: put layer %s: %w", l.ID, err)
	}
	return out, nil
}

// Layer returns the layer id, or data.ErrNotFound.
func (s *Store) Layer(ctx context.Context, id string) (geo.Layer, error) {
	row := s.r.QueryRowContext(ctx, `SELECT `+sqlrow.LayerColumns+` FROM layers WHERE id = ?`, id)
	l, err := sqlrow.ScanLayer(row)
	if errors.Is(err, sql.ErrNoRows) {
		return geo.Layer{}, fmt.Errorf("sqlite: %w", fmt.Errorf("layer %q: %w", id, data.ErrNotFound))
	}
	if err != nil {
		return geo.Layer{}, fmt.Errorf("sqlite: layer %q: %w", id, err)
	}
	return l, nil
}

// Layers returns every layer ordered by id (byte order).
func (s *Store) Layers(ctx context.Context) ([]geo.Layer, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+sqlrow.LayerColumns+` FROM layers ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: layers: %w", err)
	}
	out, err := collect(rows, sqlrow.ScanLayer)
	if err != nil {
		return nil, fmt.Errorf("sqlite: layers: %w", err)
	}
	return out, nil
}
