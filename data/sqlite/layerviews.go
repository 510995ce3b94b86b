package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/zonegate/zonegate/geo"
)

// Layer views: how a GeoPackage reader (GDAL, QGIS) sees the zones.
//
// Every zone layer has an SQL view of its published, currently valid zone
// versions, named after the layer and registered in gpkg_contents and
// gpkg_geometry_columns, so `ogrinfo zonegate.db` lists "coal_ban" and QGIS
// opens it as a layer. A view, not a table: "currently valid" moves with
// the clock, and the view compares validity with SQLite's 'now' whenever it
// is read, so it stays right while the store is closed or idle; a table
// would need rewriting whenever a validity bound passes.
//
// The view selects zone_versions.fid AS OGC_FID and zone_versions.geometry
// unchanged. GDAL (3.x) then takes OGC_FID as the view's feature id and,
// because the geometry column comes from a table with a GeoPackage R-tree
// (rtree_zone_versions_geometry, migration 0005), answers spatial filters
// through that R-tree joined on OGC_FID. Computing the geometry in the view
// (say, to turn each Polygon into a one-part MultiPolygon) would lose that.
//
// The declared geometry type follows the layer kind (viewGeometryType):
// MULTIPOLYGON, MULTILINESTRING or MULTIPOINT, GEOMETRY for kinds that take
// any. The blobs are the zones as committed, so a polygonal layer holds
// Polygons and MultiPolygons; GDAL reads either, and QGIS promotes single
// parts to the declared multi type (its OGR provider does so for every
// multi layer). Strictly, GeoPackage wants a declared MULTIPOLYGON column
// to hold only MultiPolygons; keeping the R-tree was judged worth more.

// gpkgNow is SQLite's current time in the stored fixed-width form
// (sqlrow.TextLayout): milliseconds from strftime, padded to nanoseconds.
const gpkgNow = `(strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000000Z')`

// viewGeometryType is the GeoPackage geometry type name of the view of a
// layer of kind k.
func viewGeometryType(k geo.Kind) string {
	switch k.GeometryClass() {
	case geo.ClassPolygon:
		return "MULTIPOLYGON"
	case geo.ClassLine:
		return "MULTILINESTRING"
	case geo.ClassPoint:
		return "MULTIPOINT"
	default:
		return "GEOMETRY"
	}
}

// quoteIdent quotes s as an SQL identifier.
func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// quoteText quotes s as an SQL string literal.
func quoteText(s string) string { return `'` + strings.ReplaceAll(s, `'`, `''`) + `'` }

// viewSQL is the CREATE VIEW statement of the view name over layer.
func viewSQL(name, layer string) string {
	return `CREATE VIEW ` + quoteIdent(name) + ` AS
SELECT fid AS OGC_FID, zone_id, version, name, properties, valid_from, valid_to, author, updated_at, geometry
FROM zone_versions
WHERE layer = ` + quoteText(layer) + ` AND status = 'published'
  AND (valid_from IS NULL OR valid_from <= ` + gpkgNow + `)
  AND (valid_to IS NULL OR valid_to > ` + gpkgNow + `)`
}

// gpkgTime renders t as gpkg_contents.last_change wants it.
func gpkgTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// putLayerView creates, within tx, the view of layer l and its GeoPackage
// registration, or refreshes the registration (description, last_change)
// of the view it already has.
func putLayerView(ctx context.Context, tx *sql.Tx, l geo.Layer, now time.Time) error {
	var name sql.NullString
	if err := tx.QueryRowContext(ctx, `SELECT gpkg_view FROM layers WHERE id = ?`, l.ID).Scan(&name); err != nil {
		return fmt.Errorf("layer view %s: read: %w", l.ID, err)
	}
	if name.Valid {
		const upd = `UPDATE gpkg_contents SET description = ?, last_change = ? WHERE table_name = ?`
		if _, err := tx.ExecContext(ctx, upd, l.Title, gpkgTime(now), name.String); err != nil {
			return fmt.Errorf("layer view %s: update gpkg_contents: %w", l.ID, err)
		}
		return nil
	}
	view, err := freeViewName(ctx, tx, l.ID)
	if err != nil {
		return fmt.Errorf("layer view %s: %w", l.ID, err)
	}
	const contents = `INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, srs_id)
		VALUES (?, 'features', ?, ?, ?, ?)`
	const columns = `INSERT INTO gpkg_geometry_columns (table_name, column_name, geometry_type_name, srs_id, z, m)
		VALUES (?, 'geometry', ?, ?, 0, 0)`
	steps := []struct {
		q    string
		args []any
	}{
		{viewSQL(view, l.ID), nil},
		{contents, []any{view, view, l.Title, gpkgTime(now), srsWGS84}},
		{columns, []any{view, viewGeometryType(l.Kind), srsWGS84}},
		{`UPDATE layers SET gpkg_view = ? WHERE id = ?`, []any{view, l.ID}},
	}
	for _, s := range steps {
		if _, err := tx.ExecContext(ctx, s.q, s.args...); err != nil {
			return fmt.Errorf("layer view %s as %q: %w", l.ID, view, err)
		}
	}
	return nil
}

// errNoViewName reports that every candidate name of a layer view is taken.
var errNoViewName = errors.New("no free view name")

// freeViewName picks the name of a new layer view: the layer id itself,
// else layer_<id>, else layer_<id>_2, _3, … — the first that no table,
// view, index or trigger has (SQLite compares names without case) and
// that does not start with a prefix reserved for GeoPackage or SQLite.
func freeViewName(ctx context.Context, tx *sql.Tx, id string) (string, error) {
	const q = `SELECT count(*) FROM sqlite_master WHERE lower(name) = lower(?)`
	for i := 0; i < 100; i++ {
		name := id
		switch {
		case i == 1:
			name = "layer_" + id
		case i > 1:
			name = fmt.Sprintf("layer_%s_%d", id, i)
		}
		lower := strings.ToLower(name)
		if strings.HasPrefix(lower, "gpkg") || strings.HasPrefix(lower, "rtree_") || strings.HasPrefix(lower, "sqlite_") {
			continue
		}
		var n int
		if err := tx.QueryRowContext(ctx, q, name).Scan(&n); err != nil {
			return "", fmt.Errorf("look up name %q: %w", name, err)
		}
		if n == 0 {
			return name, nil
		}
	}
	return "", errNoViewName
}

// createLayerViews creates the view of every layer that has none, within
// tx: migration 0005 runs it for the layers of an existing store.
func createLayerViews(ctx context.Context, tx *sql.Tx, now time.Time) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, kind, title FROM layers WHERE gpkg_view IS NULL ORDER BY id`)
	if err != nil {
		return fmt.Errorf("layer views: %w", err)
	}
	var ls []geo.Layer
	for rows.Next() {
		var l geo.Layer
		if err := rows.Scan(&l.ID, &l.Kind, &l.Title); err != nil {
			rows.Close()
			return fmt.Errorf("layer views: %w", err)
		}
		ls = append(ls, l)
	}
	if err := rows.Close(); err != nil {
		return fmt.Errorf("layer views: %w", err)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("layer views: %w", err)
	}
	for _, l := range ls {
		if err := putLayerView(ctx, tx, l, now); err != nil {
			return err
		}
	}
	return nil
}

// refreshViewExtents sets, within tx, the gpkg_contents extent of the views
// of layers to the bounding box of every published version in the layer —
// those the view shows now and those it may show later or showed before —
// so a reader zooms to the layer, not to the whole store (GDAL otherwise
// takes a view's extent from the base table's R-tree). A layer with no
// published version gets no extent. last_change becomes now.
func refreshViewExtents(ctx context.Context, tx *sql.Tx, layers []string, now time.Time) error {
	const upd = `UPDATE gpkg_contents SET (min_x, min_y, max_x, max_y) =
		(SELECT min(minx), min(miny), max(maxx), max(maxy) FROM zone_versions WHERE layer = ? AND status = 'published'),
		last_change = ?
		WHERE table_name = (SELECT gpkg_view FROM layers WHERE id = ?)`
	seen := map[string]bool{}
	for _, l := range layers {
		if seen[l] {
			continue
		}
		seen[l] = true
		if _, err := tx.ExecContext(ctx, upd, l, gpkgTime(now), l); err != nil {
			return fmt.Errorf("layer view %s: extent: %w", l, err)
		}
	}
	return nil
}
