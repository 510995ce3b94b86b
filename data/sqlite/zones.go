package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/internal/sqlrow"
	"github.com/zonegate/zonegate/geo"
)

// Commit applies b in one transaction under one new store revision (see
// data.Batch): Updates first, then Appends in order, so two appends of one
// feature in a batch get consecutive versions. An Update rewrites only the
// row's Status and Validity (plus UpdatedAt and Revision); its other fields
// are ignored. Audit entries go into the same transaction (see
// AppendAudit). An empty batch is a no-op.
//
// Before writing, every zone is checked: ids, status and validity interval
// (geo rules), geometry type allowed by its kind, non-empty with finite
// coordinates, JSON-encodable properties, years 1–9999. A failure wraps
// geo.ErrInvalid. A zone whose kind differs from its layer's also wraps
// geo.ErrInvalid; an unknown layer or version is data.ErrNotFound.
// Full geometric validity (geo.ValidateGeometry) is the caller's job.
func (s *Store) Commit(ctx context.Context, b data.Batch) error {
	if len(b.Append) == 0 && len(b.Update) == 0 {
		if len(b.Audit) > 0 {
			return s.AppendAudit(ctx, b.Audit)
		}
		return ctx.Err()
	}
	p, err := sqlrow.PrepareBatch(b, encodeGPKG)
	if err != nil {
		return fmt.Errorf("sqlite: commit: %w", err)
	}
	versions := make([]int64, len(b.Append))
	var stamp time.Time
	var sealed []data.AuditEntry
	rev, err := s.write(ctx, func(tx *sql.Tx, rev int64, now time.Time) error {
		stamp = now
		for _, z := range b.Update {
			if err := updateZone(ctx, tx, z, rev, now); err != nil {
				return err
			}
		}
		if err := appendZones(ctx, tx, b.Append, p.Rows, versions, rev, now); err != nil {
			return err
		}
		if err := refreshViewExtents(ctx, tx, batchLayers(b), now); err != nil {
			return err
		}
		var err error
		sealed, err = s.appendAudit(ctx, tx, p.Audit, now, b.Append, versions)
		return err
	})
	if err != nil {
		return fmt.Errorf("sqlite: commit: %w", err)
	}
	sqlrow.Committed(b, sealed, versions, rev, stamp)
	return nil
}

// batchLayers lists the layer of every zone in b, with repeats.
func batchLayers(b data.Batch) []string {
	out := make([]string, 0, len(b.Update)+len(b.Append))
	for _, z := range b.Update {
		out = append(out, z.Layer)
	}
	for _, z := range b.Append {
		out = append(out, z.Layer)
	}
	return out
}

// appendZones inserts rows as new versions of zs within tx and records the
// assigned versions.
func appendZones(ctx context.Context, tx *sql.Tx, zs []*geo.Zone, rows []zoneRow, versions []int64, rev int64, now time.Time) error {
	if len(zs) == 0 {
		return nil
	}
	ap, err := prepareAppend(ctx, tx)
	if err != nil {
		return err
	}
	defer ap.close()
	for i, z := range zs {
		v, err := ap.append(ctx, z, rows[i], rev, now)
		if err != nil {
			return err
		}
		versions[i] = v
	}
	return nil
}

// zoneRow is the encoded form of a zone's immutable columns.
type zoneRow = sqlrow.ZoneRow[gpkgGeom]

// gpkgGeom is a GeoPackage geometry blob and its envelope.
type gpkgGeom struct {
	blob []byte
	env  envelope
}

// encodeGPKG encodes g as a gpkgGeom.
func encodeGPKG(g orb.Geometry) (gpkgGeom, error) {
	blob, env, err := encodeGeometry(g)
	return gpkgGeom{blob, env}, err
}

// appender inserts new versions within one transaction, with its
// statements prepared once per batch and layer kinds cached.
type appender struct {
	tx     *sql.Tx
	latest *sql.Stmt
	insert *sql.Stmt
	kinds  map[string]geo.Kind
}

func prepareAppend(ctx context.Context, tx *sql.Tx) (*appender, error) {
	const qLatest = `SELECT COALESCE(MAX(version), 0) FROM zone_versions WHERE layer = ? AND zone_id = ?`
	const ins = `INSERT INTO zone_versions (layer, zone_id, version, kind, name, properties, geometry,
		minx, miny, maxx, maxy, valid_from, valid_to, status, author, updated_at, revision)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	a := &appender{tx: tx, kinds: map[string]geo.Kind{}}
	var err error
	if a.latest, err = tx.PrepareContext(ctx, qLatest); err != nil {
		return nil, fmt.Errorf("prepare: %w", err)
	}
	if a.insert, err = tx.PrepareContext(ctx, ins); err != nil {
		a.latest.Close()
		return nil, fmt.Errorf("prepare: %w", err)
	}
	return a, nil
}

func (a *appender) close() {
	a.latest.Close()
	a.insert.Close()
}

// append inserts one new version of z and returns its number.
func (a *appender) append(ctx context.Context, z *geo.Zone, r zoneRow, rev int64, now time.Time) (int64, error) {
	kind, ok := a.kinds[z.Layer]
	if !ok {
		var k string
		err := a.tx.QueryRowContext(ctx, `SELECT kind FROM layers WHERE id = ?`, z.Layer).Scan(&k)
		if errors.Is(err, sql.ErrNoRows) {
			return 0, fmt.Errorf("zone %s: layer %q: %w", z.ID, z.Layer, data.ErrNotFound)
		}
		if err != nil {
			return 0, fmt.Errorf("zone %s: read layer: %w", z.ID, err)
		}
		kind = geo.Kind(k)
		a.kinds[z.Layer] = kind
	}
	if kind != z.Kind {
		return 0, fmt.Errorf("zone %s: %w: kind %s in layer %s of kind %s", z.ID, geo.ErrInvalid, z.Kind, z.Layer, kind)
	}
	var latest int64
	if err := a.latest.QueryRowContext(ctx, z.Layer, z.ID).Scan(&latest); err != nil {
		return 0, fmt.Errorf("zone %s: latest version: %w", z.ID, err)
	}
	v := latest + 1
	if z.Version != 0 && z.Version != v {
		return 0, fmt.Errorf("zone %s/%s: version %d, latest is %d: %w", z.Layer, z.ID, z.Version, latest, data.ErrConflict)
	}
	_, err := a.insert.ExecContext(ctx, z.Layer, z.ID, v, string(z.Kind), z.Name, r.Props, r.Geom.blob,
		r.Geom.env.minX, r.Geom.env.minY, r.Geom.env.maxX, r.Geom.env.maxY,
		dialect.NullTime(z.Validity.From), dialect.NullTime(z.Validity.To), string(z.Status), z.Author, sqlrow.FormatText(now), rev)
	if err != nil {
		return 0, fmt.Errorf("zone %s/%s: insert version %d: %w", z.Layer, z.ID, v, err)
	}
	return v, nil
}

// updateZone rewrites status and validity of the version z names, if its
// revision is still z.Revision.
func updateZone(ctx context.Context, tx *sql.Tx, z *geo.Zone, rev int64, now time.Time) error {
	const upd = `UPDATE zone_versions SET status = ?, valid_from = ?, valid_to = ?, updated_at = ?, revision = ?
		WHERE layer = ? AND zone_id = ? AND version = ? AND revision = ?`
	res, err := tx.ExecContext(ctx, upd, string(z.Status), dialect.NullTime(z.Validity.From), dialect.NullTime(z.Validity.To),
		sqlrow.FormatText(now), rev, z.Layer, z.ID, z.Version, z.Revision)
	if err != nil {
		return fmt.Errorf("zone %s/%s version %d: update: %w", z.Layer, z.ID, z.Version, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("zone %s/%s version %d: update: %w", z.Layer, z.ID, z.Version, err)
	} else if n == 1 {
		return nil
	}
	var stored int64
	const q = `SELECT revision FROM zone_versions WHERE layer = ? AND zone_id = ? AND version = ?`
	err = tx.QueryRowContext(ctx, q, z.Layer, z.ID, z.Version).Scan(&stored)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("zone %s/%s version %d: %w", z.Layer, z.ID, z.Version, data.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("zone %s/%s version %d: read revision: %w", z.Layer, z.ID, z.Version, err)
	}
	return fmt.Errorf("zone %s/%s version %d: revision %d, stored %d: %w", z.Layer, z.ID, z.Version, z.Revision, stored, data.ErrConflict)
}

const zoneCols = sqlrow.ZoneColumns

// Zone returns the latest version of (layer, id), whatever its status, or
// data.ErrNotFound.
func (s *Store) Zone(ctx context.Context, layer, id string) (*geo.Zone, error) {
	const q = `SELECT ` + zoneCols + ` FROM zone_versions WHERE layer = ? AND zone_id = ? ORDER BY version DESC LIMIT 1`
	var out *geo.Zone
	err := eachZone(ctx, s.r, q, []any{layer, id}, func(z *geo.Zone) error { out = z; return nil })
	if err != nil {
		return nil, fmt.Errorf("sqlite: zone %s/%s: %w", layer, id, err)
	}
	if out == nil {
		return nil, fmt.Errorf("sqlite: %w", fmt.Errorf("zone %s/%s: %w", layer, id, data.ErrNotFound))
	}
	return out, nil
}

// ZoneVersions returns every version of (layer, id), oldest first, or
// data.ErrNotFound when there is none.
func (s *Store) ZoneVersions(ctx context.Context, layer, id string) ([]*geo.Zone, error) {
	const q = `SELECT ` + zoneCols + ` FROM zone_versions WHERE layer = ? AND zone_id = ? ORDER BY version`
	var out []*geo.Zone
	err := eachZone(ctx, s.r, q, []any{layer, id}, func(z *geo.Zone) error { out = append(out, z); return nil })
	if err != nil {
		return nil, fmt.Errorf("sqlite: zone versions %s/%s: %w", layer, id, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("sqlite: %w", fmt.Errorf("zone %s/%s: %w", layer, id, data.ErrNotFound))
	}
	return out, nil
}

// querier is a *sql.DB or *sql.Tx.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// eachZone runs query q (selecting zoneCols) and calls fn for every row. An
// error from fn is returned as sqlrow.Stop.
func eachZone(ctx context.Context, db querier, q string, args []any, fn func(*geo.Zone) error) error {
	rows, err := db.QueryContext(ctx, q, args...)
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

// scanZone reads one row selected with zoneCols. The geometry and
// properties are decoded straight from the driver's buffers.
func scanZone(rows *sql.Rows) (*geo.Zone, error) {
	var props, blob sql.RawBytes
	return sqlrow.ScanZone(rows, &props, &blob, decodeGeometry)
}
