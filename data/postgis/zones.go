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

// Commit applies b in one transaction under one new store revision (see
// data.Batch): Updates first, then Appends in order, so two appends of one
// feature in a batch get consecutive versions. An Update rewrites only the
// row's Status and Validity (plus UpdatedAt and Revision); its other fields
// are ignored. Audit entries go into the same transaction, after the store
// revision is taken (see AppendAudit). An empty batch is a no-op. More
// appended zones than Options.BulkThreshold are loaded through COPY.
//
// Before writing, every zone is checked: ids, status and validity interval
// (geo rules), geometry type allowed by its kind, non-empty with finite
// coordinates and closed rings, JSON-encodable properties, years 1–9999. A
// failure wraps geo.ErrInvalid. A zone whose kind differs from its layer's
// also wraps geo.ErrInvalid; an unknown layer or version is
// data.ErrNotFound. Full geometric validity (geo.ValidateGeometry) is the
// caller's job.
func (s *Store) Commit(ctx context.Context, b data.Batch) error {
	if len(b.Append) == 0 && len(b.Update) == 0 {
		if len(b.Audit) > 0 {
			return s.AppendAudit(ctx, b.Audit)
		}
		return ctx.Err()
	}
	p, err := sqlrow.PrepareBatch(b, encodeGeometry)
	if err != nil {
		return fmt.Errorf("postgis: commit: %w", err)
	}
	var versions []int64
	var sealed []data.AuditEntry
	rev, stamp, err := s.write(ctx, perZoneTimeout*time.Duration(len(b.Append)+len(b.Update)), func(tx pgx.Tx, rev int64, now time.Time) error {
		for _, z := range b.Update {
			if err := updateZone(ctx, tx, z, rev, now); err != nil {
				return err
			}
		}
		versions = nil
		if len(b.Append) > 0 {
			var err error
			if versions, err = s.appendZones(ctx, tx, b.Append, p.Rows, rev, now); err != nil {
				return err
			}
		}
		var err error
		sealed, err = s.appendAudit(ctx, tx, p.Audit, now, b.Append, versions)
		return err
	})
	if err != nil {
		return fmt.Errorf("postgis: commit: %w", err)
	}
	sqlrow.Committed(b, sealed, versions, rev, stamp)
	return nil
}

// perZoneTimeout extends a Commit's timeout for every zone in the batch, so
// a bulk import of 100,000 zones gets time enough.
const perZoneTimeout = time.Millisecond

// zoneRow is the encoded form of a zone's immutable columns (geometry as
// EWKB).
type zoneRow = sqlrow.ZoneRow[[]byte]

// updateZone rewrites status and validity of the version z names, if its
// revision is still z.Revision.
func updateZone(ctx context.Context, tx pgx.Tx, z *geo.Zone, rev int64, now time.Time) error {
	const upd = `UPDATE zone_versions SET status = $1, valid_from = $2, valid_to = $3, updated_at = $4, revision = $5
		WHERE layer = $6 AND zone_id = $7 AND version = $8 AND revision = $9`
	tag, err := tx.Exec(ctx, upd, string(z.Status), dialect.NullTime(z.Validity.From), dialect.NullTime(z.Validity.To),
		now, rev, z.Layer, z.ID, z.Version, z.Revision)
	if err != nil {
		return fmt.Errorf("zone %s/%s version %d: update: %w", z.Layer, z.ID, z.Version, err)
	}
	if tag.RowsAffected() == 1 {
		return nil
	}
	var stored int64
	const q = `SELECT revision FROM zone_versions WHERE layer = $1 AND zone_id = $2 AND version = $3`
	err = tx.QueryRow(ctx, q, z.Layer, z.ID, z.Version).Scan(&stored)
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("zone %s/%s version %d: %w", z.Layer, z.ID, z.Version, data.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("zone %s/%s version %d: read revision: %w", z.Layer, z.ID, z.Version, err)
	}
	return fmt.Errorf("zone %s/%s version %d: revision %d, stored %d: %w", z.Layer, z.ID, z.Version, z.Revision, stored, data.ErrConflict)
}

const zoneCols = `layer, zone_id, version, kind, name, properties::text, ST_AsEWKB(geom),
	valid_from, valid_to, status, author, updated_at, revision`

// Zone returns the latest version of (layer, id), whatever its status, or
// data.ErrNotFound.
func (s *Store) Zone(ctx context.Context, layer, id string) (*geo.Zone, error) {
	const q = `SELECT ` + zoneCols + ` FROM zone_versions WHERE layer = $1 AND zone_id = $2 ORDER BY version DESC LIMIT 1`
	zs, err := s.queryZones(ctx, q, layer, id)
	if err != nil {
		return nil, fmt.Errorf("postgis: zone %s/%s: %w", layer, id, err)
	}
	if len(zs) == 0 {
		return nil, fmt.Errorf("postgis: %w", fmt.Errorf("zone %s/%s: %w", layer, id, data.ErrNotFound))
	}
	return zs[0], nil
}

// ZoneVersions returns every version of (layer, id), oldest first, or
// data.ErrNotFound when there is none.
func (s *Store) ZoneVersions(ctx context.Context, layer, id string) ([]*geo.Zone, error) {
	const q = `SELECT ` + zoneCols + ` FROM zone_versions WHERE layer = $1 AND zone_id = $2 ORDER BY version`
	zs, err := s.queryZones(ctx, q, layer, id)
	if err != nil {
		return nil, fmt.Errorf("postgis: zone versions %s/%s: %w", layer, id, err)
	}
	if len(zs) == 0 {
		return nil, fmt.Errorf("postgis: %w", fmt.Errorf("zone %s/%s: %w", layer, id, data.ErrNotFound))
	}
	return zs, nil
}

// queryZones runs q (selecting zoneCols) with retries and collects the rows.
func (s *Store) queryZones(ctx context.Context, q string, args ...any) ([]*geo.Zone, error) {
	var out []*geo.Zone
	err := s.retry(ctx, func(ctx context.Context) error {
		out = out[:0]
		return eachZone(ctx, s.pool, q, args, func(z *geo.Zone) error { out = append(out, z); return nil })
	})
	return out, err
}

// querier is a pool, connection or transaction.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// eachZone runs query q (selecting zoneCols) and calls fn for every row. An
// error from fn is returned as sqlrow.Stop.
func eachZone(ctx context.Context, db querier, q string, args []any, fn func(*geo.Zone) error) error {
	rows, err := db.Query(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		z, err := scanZone(rows)
		if err != nil {
			return err
		}
		if err := fn(z); err != nil {
			return sqlrow.Stop{Err: err}
		}
	}
	return rows.Err()
}

// scanZone reads one row selected with zoneCols.
func scanZone(rows pgx.Rows) (*geo.Zone, error) {
	var props, blob []byte
	return sqlrow.ScanZone(rows, &props, &blob, decodeGeometry)
}
