package postgis

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/geo"
)

// featureKey names a feature: (layer, zone id).
type featureKey struct{ layer, id string }

// appendZones inserts new versions of zs (encoded as rows) within tx and
// returns the version assigned to each. Layers and latest versions are read
// in two queries; the rows go in as one pipelined batch of INSERTs, or
// through COPY into a temporary table when there are more than the bulk
// threshold.
func (s *Store) appendZones(ctx context.Context, tx pgx.Tx, zs []*geo.Zone, rows []zoneRow, rev int64, now time.Time) ([]int64, error) {
	kinds, latest, err := readAppendState(ctx, tx, zs)
	if err != nil {
		return nil, err
	}
	versions := make([]int64, len(zs))
	for i, z := range zs {
		kind, ok := kinds[z.Layer]
		if !ok {
			return nil, fmt.Errorf("zone %s: layer %q: %w", z.ID, z.Layer, data.ErrNotFound)
		}
		if kind != z.Kind {
			return nil, fmt.Errorf("zone %s: %w: kind %s in layer %s of kind %s", z.ID, geo.ErrInvalid, z.Kind, z.Layer, kind)
		}
		k := featureKey{z.Layer, z.ID}
		v := latest[k] + 1
		if z.Version != 0 && z.Version != v {
			return nil, fmt.Errorf("zone %s/%s: version %d, latest is %d: %w", z.Layer, z.ID, z.Version, latest[k], data.ErrConflict)
		}
		latest[k] = v
		versions[i] = v
	}
	if len(zs) > s.bulk {
		err = copyZones(ctx, tx, zs, rows, versions, rev, now)
	} else {
		err = insertZones(ctx, tx, zs, rows, versions, rev, now)
	}
	if err != nil {
		return nil, err
	}
	return versions, nil
}

// readAppendState returns the kinds of the layers zs name and the latest
// stored version of each feature in zs (absent: none yet).
func readAppendState(ctx context.Context, tx pgx.Tx, zs []*geo.Zone) (map[string]geo.Kind, map[featureKey]int64, error) {
	seenLayer := map[string]bool{}
	seenKey := map[featureKey]bool{}
	var layerIDs, keyLayers, keyIDs []string
	for _, z := range zs {
		if !seenLayer[z.Layer] {
			seenLayer[z.Layer] = true
			layerIDs = append(layerIDs, z.Layer)
		}
		if k := (featureKey{z.Layer, z.ID}); !seenKey[k] {
			seenKey[k] = true
			keyLayers, keyIDs = append(keyLayers, z.Layer), append(keyIDs, z.ID)
		}
	}
	kinds := make(map[string]geo.Kind, len(layerIDs))
	latest := make(map[featureKey]int64, len(keyIDs))
	const qLatest = `SELECT v.layer, v.zone_id, max(v.version)
		FROM zone_versions v JOIN unnest($1::text[], $2::text[]) AS k(layer, zone_id)
		  ON v.layer = k.layer AND v.zone_id = k.zone_id
		GROUP BY v.layer, v.zone_id`
	var b pgx.Batch // one round trip for both queries
	b.Queue(`SELECT id, kind FROM layers WHERE id = ANY($1)`, layerIDs).Query(func(rows pgx.Rows) error {
		var id, kind string
		_, err := pgx.ForEachRow(rows, []any{&id, &kind}, func() error { kinds[id] = geo.Kind(kind); return nil })
		return err
	})
	b.Queue(qLatest, keyLayers, keyIDs).Query(func(rows pgx.Rows) error {
		var k featureKey
		var v int64
		_, err := pgx.ForEachRow(rows, []any{&k.layer, &k.id, &v}, func() error { latest[k] = v; return nil })
		return err
	})
	if err := tx.SendBatch(ctx, &b).Close(); err != nil {
		return nil, nil, fmt.Errorf("read layers and latest versions: %w", err)
	}
	return kinds, latest, nil
}

// insertZones inserts the rows with one pipelined INSERT each.
func insertZones(ctx context.Context, tx pgx.Tx, zs []*geo.Zone, rows []zoneRow, versions []int64, rev int64, now time.Time) error {
	const ins = `INSERT INTO zone_versions (layer, zone_id, version, kind, name, properties, geom,
		valid_from, valid_to, status, author, updated_at, revision)
		VALUES ($1, $2, $3, $4, $5, $6::text::jsonb, ST_GeomFromEWKB($7), $8, $9, $10, $11, $12, $13)`
	var b pgx.Batch
	for i, z := range zs {
		b.Queue(ins, z.Layer, z.ID, versions[i], string(z.Kind), z.Name, rows[i].Props, rows[i].Geom,
			dialect.NullTime(z.Validity.From), dialect.NullTime(z.Validity.To), string(z.Status), z.Author, now, rev)
	}
	if err := tx.SendBatch(ctx, &b).Close(); err != nil {
		return fmt.Errorf("insert %d zone versions: %w", len(zs), err)
	}
	return nil
}

// copyZones loads the rows through COPY into a temporary table dropped at
// commit, then moves them into zone_versions in batch order with one
// INSERT … SELECT, which converts the EWKB and the JSON text.
func copyZones(ctx context.Context, tx pgx.Tx, zs []*geo.Zone, rows []zoneRow, versions []int64, rev int64, now time.Time) error {
	const tmp = `CREATE TEMPORARY TABLE zonegate_import (
		ord integer, layer text, zone_id text, version bigint, kind text, name text, properties text,
		geom bytea, valid_from timestamptz, valid_to timestamptz, status text, author text) ON COMMIT DROP`
	if _, err := tx.Exec(ctx, tmp); err != nil {
		return fmt.Errorf("bulk load: create temporary table: %w", err)
	}
	cols := []string{"ord", "layer", "zone_id", "version", "kind", "name", "properties", "geom", "valid_from", "valid_to", "status", "author"}
	src := pgx.CopyFromSlice(len(zs), func(i int) ([]any, error) {
		z := zs[i]
		return []any{int32(i), z.Layer, z.ID, versions[i], string(z.Kind), z.Name, rows[i].Props, rows[i].Geom,
			dialect.NullTime(z.Validity.From), dialect.NullTime(z.Validity.To), string(z.Status), z.Author}, nil
	})
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"zonegate_import"}, cols, src); err != nil {
		return fmt.Errorf("bulk load: copy %d zone versions: %w", len(zs), err)
	}
	const move = `INSERT INTO zone_versions (layer, zone_id, version, kind, name, properties, geom,
		valid_from, valid_to, status, author, updated_at, revision)
		SELECT layer, zone_id, version, kind, name, properties::jsonb, ST_GeomFromEWKB(geom),
		       valid_from, valid_to, status, author, $1, $2
		FROM zonegate_import ORDER BY ord`
	if _, err := tx.Exec(ctx, move, now, rev); err != nil {
		return fmt.Errorf("bulk load: insert %d zone versions: %w", len(zs), err)
	}
	return nil
}
