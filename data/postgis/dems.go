package postgis

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/internal/sqlrow"
	"github.com/zonegate/zonegate/geo/raster"
)

var _ data.DEMStore = (*Store)(nil)

// PutDEM stores g under info.Name (replacing any DEM of that name) as a
// data.EncodeDEM blob in a bytea column, with its data.ActionDEMImport audit
// entry in the same transaction. See data.DEMStore.
func (s *Store) PutDEM(ctx context.Context, info *data.DEMInfo, g *raster.Grid) error {
	stored, blob, err := data.PrepareDEM(info, g)
	if err != nil {
		return fmt.Errorf("postgis: put DEM: %w", err)
	}
	err = s.writeTx(ctx, func(tx pgx.Tx, now time.Time) error {
		stored.CreatedAt = now
		row := tx.QueryRow(ctx, `SELECT `+sqlrow.DEMColumns+` FROM dems WHERE name = $1 FOR UPDATE`, info.Name)
		before, err := sqlrow.ScanDEMInfo(row, demSources)
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("read: %w", err)
		}
		up, args := dialect.DEMUpsert(stored, stored.Sources, blob)
		if _, err := tx.Exec(ctx, up, args...); err != nil {
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
		return fmt.Errorf("postgis: put DEM %s: %w", info.Name, err)
	}
	*info = stored
	return nil
}

// DEMs lists the stored DEMs ordered by name, without their samples.
func (s *Store) DEMs(ctx context.Context) ([]data.DEMInfo, error) {
	out, err := collect(ctx, s, `SELECT `+sqlrow.DEMColumns+` FROM dems ORDER BY name`, nil, func(r sqlrow.Scanner) (data.DEMInfo, error) {
		d, err := sqlrow.ScanDEMInfo(r, demSources)
		if err != nil {
			return data.DEMInfo{}, err
		}
		return *d, nil
	})
	if err != nil {
		return nil, fmt.Errorf("postgis: DEMs: %w", err)
	}
	return out, nil
}

// LoadDEM returns the DEM name with its samples, or data.ErrNotFound.
func (s *Store) LoadDEM(ctx context.Context, name string) (*raster.Grid, data.DEMInfo, error) {
	var d *data.DEMInfo
	var blob []byte
	err := s.retry(ctx, func(ctx context.Context) error {
		var err error
		d, err = sqlrow.ScanDEMInfo(s.pool.QueryRow(ctx, `SELECT `+sqlrow.DEMColumns+`, blob FROM dems WHERE name = $1`, name), demSources, &blob)
		return err
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, data.DEMInfo{}, fmt.Errorf("postgis: %w", fmt.Errorf("DEM %q: %w", name, data.ErrNotFound))
	}
	if err != nil {
		return nil, data.DEMInfo{}, fmt.Errorf("postgis: DEM %q: %w", name, err)
	}
	g, err := data.DecodeDEM(*d, blob)
	if err != nil {
		return nil, data.DEMInfo{}, fmt.Errorf("postgis: DEM %q: %w", name, err)
	}
	return g, *d, nil
}

// demSources scans the text[] sources column.
func demSources(p *[]string) any { return p }
