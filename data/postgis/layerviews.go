package postgis

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/zonegate/zonegate/geo"
)

// Layer views: every zone layer has a view layer_<id> (in the store's
// schema) of its published zones valid at now(), with the geometry column
// typed by the layer kind — geometry(MultiPolygon, 4326) for polygonal
// kinds, MultiLineString for lines, MultiPoint for points (single parts
// promoted by ST_Multi), plain geometry for kinds that take any — so GDAL
// and QGIS list "layer_coal_ban" with its geometry type from PostGIS's
// geometry_columns. A view, because "currently valid" moves with the clock.
// The partial expression indexes of migration 0005 answer its spatial
// filters; the view's WHERE repeats their predicates.

// viewGeometry returns the geometry expression and the extra WHERE clause
// (matching a migration-0005 index) of the view of a layer of kind k.
func viewGeometry(k geo.Kind) (expr, where string) {
	multi := func(typ, single string) (string, string) {
		return "ST_Multi(geom)::geometry(" + typ + ", 4326)",
			" AND GeometryType(geom) IN ('" + single + "', '" + strings.ToUpper(typ) + "')"
	}
	switch k.GeometryClass() {
	case geo.ClassPolygon:
		return multi("MultiPolygon", "POLYGON")
	case geo.ClassLine:
		return multi("MultiLineString", "LINESTRING")
	case geo.ClassPoint:
		return multi("MultiPoint", "POINT")
	default:
		return "geom", ""
	}
}

// maxIdent is PostgreSQL's identifier length limit in bytes.
const maxIdent = 63

// viewName is the name of the view of layer id: layer_<id>, or, when that
// is longer than PostgreSQL keeps, its start and a hash of id.
func viewName(id string) string {
	name := "layer_" + id
	if len(name) <= maxIdent {
		return name
	}
	sum := sha256.Sum256([]byte(id))
	return name[:maxIdent-9] + "_" + hex.EncodeToString(sum[:4])
}

// putLayerView creates or replaces, within tx, the view of layer l and
// sets its comment to the layer title.
func putLayerView(ctx context.Context, tx pgx.Tx, l geo.Layer) error {
	expr, where := viewGeometry(l.Kind)
	name := pgx.Identifier{viewName(l.ID)}.Sanitize()
	layer := "'" + strings.ReplaceAll(l.ID, "'", "''") + "'"
	view := `CREATE OR REPLACE VIEW ` + name + ` AS
SELECT fid, zone_id, version, name, properties, valid_from, valid_to, author, updated_at, ` + expr + ` AS geom
FROM zone_versions
WHERE layer = ` + layer + ` AND status = 'published'` + where + `
  AND (valid_from IS NULL OR valid_from <= now()) AND (valid_to IS NULL OR valid_to > now())`
	if _, err := tx.Exec(ctx, view); err != nil {
		return fmt.Errorf("layer view %s: %w", l.ID, err)
	}
	title := "'" + strings.ReplaceAll("zonegate layer "+l.ID+": "+l.Title, "'", "''") + "'"
	if _, err := tx.Exec(ctx, `COMMENT ON VIEW `+name+` IS `+title); err != nil {
		return fmt.Errorf("layer view %s: comment: %w", l.ID, err)
	}
	return nil
}

// layerViewsVersion is the migration that introduced layer views; once it
// is applied, the views of the layers already stored are created.
const layerViewsVersion = 5

// createLayerViews creates the view of every stored layer within tx.
func createLayerViews(ctx context.Context, tx pgx.Tx) error {
	rows, err := tx.Query(ctx, `SELECT id, kind, title FROM layers ORDER BY id`)
	if err != nil {
		return fmt.Errorf("layer views: %w", err)
	}
	ls, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (geo.Layer, error) {
		var l geo.Layer
		err := r.Scan(&l.ID, &l.Kind, &l.Title)
		return l, err
	})
	if err != nil {
		return fmt.Errorf("layer views: %w", err)
	}
	for _, l := range ls {
		if err := putLayerView(ctx, tx, l); err != nil {
			return err
		}
	}
	return nil
}
