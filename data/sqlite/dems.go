package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/internal/sqlrow"
	"github.com/zonegate/zonegate/geo/raster"
)

var _ data.DEMStore = (*Store)(nil)

// PutDEM stores g under info.Name (replacing any DEM of that name) as a
// data.EncodeDEM blob, with its data.ActionDEMImport audit entry in the same
// transaction. See data.DEMStore.
func (s *Store) PutDEM(ctx context.Context, info *data.DEMInfo, g *raster.Grid) error {
	stored, blob, err := data.PrepareDEM(info, g)
	if err != nil {
		return fmt.Errorf("sqlite: put DEM: %w", err)
	}
	sources, err := json.Marshal(stored.Sources)
	if err != nil {
		return fmt.Errorf("sqlite: put DEM %s: sources: %w", info.Name, err)
	}
	err = s.writeTx(ctx, func(tx *sql.Tx, now time.Time) error {
		stored.CreatedAt = now.Truncate(time.Microsecond)
		row := tx.QueryRowContext(ctx, `SELECT `+sqlrow.DEMColumns+` FROM dems WHERE name = ?`, info.Name)
		before, err := sqlrow.ScanDEMInfo(row, sqlrow.Strings)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("read: %w", err)
		}
		up, args := dialect.DEMUpsert(stored, string(sources), blob)
		if _, err := tx.ExecContext(ctx, up, args...); err != nil {
			return fmt.Errorf("write: %w", err)
		}
		prepared, err := data.PrepareAudit([]*data.AuditEntry{data.DEMAudit(before, &stored)})
		if err != nil {
			return err
		}
		_, err = s.appendAudit(ctx, tx, prepared, now, nil, nil)
		return err
	})
	if err != nil {
		return fmt.Errorf("sqlite: put DEM %s: %w", info.Name, err)
	}
	*info = stored
	return nil
}

// DEMs lists the stored DEMs ordered by name, without their samples.
func (s *Store) DEMs(ctx context.Context) ([]data.DEMInfo, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+sqlrow.DEMColumns+` FROM dems ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: DEMs: %w", err)
	}
	out, err := collect(rows, func(r sqlrow.Scanner) (data.DEMInfo, error) {
		d, err := sqlrow.ScanDEMInfo(r, sqlrow.Strings)
		if err != nil {
			return data.DEMInfo{}, err
		}
		return *d, nil
	})
	if err != nil {
		return nil, fmt.Errorf("sqlite: DEMs: %w", err)
	}
	return out, nil
}

// LoadDEM returns the DEM name with its samples, or data.ErrNotFound.
func (s *Store) LoadDEM(ctx context.Context, name string) (*raster.Grid, data.DEMInfo, error) {
	var blob []byte
	row := s.r.QueryRowContext(ctx, `SELECT `+sqlrow.DEMColumns+`, blob FROM dems WHERE name = ?`, name)
	d, err := sqlrow.ScanDEMInfo(row, sqlrow.Strings, &blob)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, data.DEMInfo{}, fmt.Errorf("sqlite: %w", fmt.Errorf("DEM %q: %w", name, data.ErrNotFound))
	}
	if err != nil {
		return nil, data.DEMInfo{}, fmt.Errorf("sqlite: DEM %q: %w", name, err)
	}
	g, err := data.DecodeDEM(*d, blob)
	if err != nil {
		return nil, data.DEMInfo{}, fmt.Errorf("sqlite: DEM %q: %w", name, err)
	}
	return g, *d, nil
}
