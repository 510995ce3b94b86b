package export

import (
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver

	"github.com/zonegate/zonegate/geo"
)

// GeoPackage constants (OGC 12-128r18, GeoPackage 1.2).
const (
	gpkgApplicationID = 0x47504B47 // "GPKG"
	gpkgUserVersion   = 10200
	gpkgGeomColumn    = "geom"
	gpkgFIDColumn     = "fid"
	gpkgFlagsLE       = 0x03 // little-endian, envelope [minx, maxx, miny, maxy]
)

// WriteGeoPackage writes l to a new GeoPackage at path (replacing any
// file there): one feature table named after the layer with an integer
// fid, a typed geometry column "geom" (MULTIPOLYGON for polygon layers,
// MULTILINESTRING for lines, POINT or MULTIPOINT for points, GEOMETRY for
// mixed layers) in o.CRS, one column per attribute (TEXT, INTEGER, REAL,
// BOOLEAN), registered in gpkg_contents and gpkg_geometry_columns, the
// CRS in gpkg_spatial_ref_sys, and an R-tree spatial index
// (gpkg_rtree_index extension, with the specification's triggers so
// editing in QGIS keeps it current).
func WriteGeoPackage(ctx context.Context, path string, l Layer, o Options) (err error) {
	o = o.withDefaults()
	tmp := path + ".partial"
	_ = os.Remove(tmp)
	db, err := sql.Open("sqlite", "file:"+tmp)
	if err != nil {
		return fmt.Errorf("geopackage: %w", err)
	}
	defer func() {
		if cerr := db.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("geopackage: %w", cerr)
		}
		if err == nil {
			err = os.Rename(tmp, path)
		} else {
			_ = os.Remove(tmp)
		}
	}()
	db.SetMaxOpenConns(1)
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("geopackage: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	if err := gpkgSchema(ctx, tx, l, o); err != nil {
		return fmt.Errorf("geopackage: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("geopackage: %w", err)
	}
	return nil
}

// streamGeoPackage builds the GeoPackage in a temporary file and copies
// it to w.
func streamGeoPackage(w io.Writer, l Layer, o Options) error {
	dir, err := os.MkdirTemp("", "zonegate-export-")
	if err != nil {
		return fmt.Errorf("geopackage: %w", err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "export.gpkg")
	if err := WriteGeoPackage(context.Background(), path, l, o); err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("geopackage: %w", err)
	}
	defer f.Close()
	if _, err := io.Copy(w, f); err != nil {
		return fmt.Errorf("geopackage: %w", err)
	}
	return nil
}

func gpkgSchema(ctx context.Context, tx *sql.Tx, l Layer, o Options) error {
	table := l.Layer.ID
	if table == "" {
		table = "zones"
	}
	cols := Columns(l.Zones)
	geomType := gpkgGeometryType(l.Zones)
	srs := o.CRS
	var b strings.Builder
	fmt.Fprintf(&b, `PRAGMA application_id = %d; PRAGMA user_version = %d;`, gpkgApplicationID, gpkgUserVersion)
	b.WriteString(gpkgMetaTables)
	fmt.Fprintf(&b, `CREATE TABLE %s (%s INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, %s %s`,
		quoteIdent(table), gpkgFIDColumn, gpkgGeomColumn, geomType)
	names := gpkgColumnNames(cols)
	for i, c := range cols {
		fmt.Fprintf(&b, ", %s %s", quoteIdent(names[i]), sqlType(c.Type))
	}
	b.WriteString(");\n")
	rtree := "rtree_" + table + "_" + gpkgGeomColumn
	fmt.Fprintf(&b, "CREATE VIRTUAL TABLE %s USING rtree(id, minx, maxx, miny, maxy);\n", quoteIdent(rtree))
	if _, err := tx.ExecContext(ctx, b.String()); err != nil {
		return fmt.Errorf("create tables: %w", err)
	}
	for _, s := range []CRS{WGS84, srs} {
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO gpkg_spatial_ref_sys
			(srs_name, srs_id, organization, organization_coordsys_id, definition, description) VALUES (?, ?, 'EPSG', ?, ?, ?)`,
			s.Name, s.EPSG, s.EPSG, s.WKT, s.Name); err != nil {
			return fmt.Errorf("spatial reference %d: %w", s.EPSG, err)
		}
	}
	placeholders := strings.Repeat(", ?", len(cols))
	colList := ""
	for _, n := range names {
		colList += ", " + quoteIdent(n)
	}
	ins, err := tx.PrepareContext(ctx, fmt.Sprintf(`INSERT INTO %s (%s%s) VALUES (?%s)`,
		quoteIdent(table), gpkgGeomColumn, colList, placeholders))
	if err != nil {
		return fmt.Errorf("prepare insert: %w", err)
	}
	defer ins.Close()
	insIdx, err := tx.PrepareContext(ctx, fmt.Sprintf(`INSERT INTO %s VALUES (?, ?, ?, ?, ?)`, quoteIdent(rtree)))
	if err != nil {
		return fmt.Errorf("prepare index: %w", err)
	}
	defer insIdx.Close()
	var extent orb.Bound
	args := make([]any, len(cols)+1)
	for i, z := range l.Zones {
		g := gpkgGeometryOf(project(z.Geometry, srs), geomType)
		blob, box, err := gpkgBlob(g, srs.EPSG)
		if err != nil {
			return fmt.Errorf("zone %s: %w", z.ID, err)
		}
		args[0] = blob
		for j, c := range cols {
			args[j+1] = value(z, c, o.Location)
		}
		res, err := ins.ExecContext(ctx, args...)
		if err != nil {
			return fmt.Errorf("zone %s: %w", z.ID, err)
		}
		fid, _ := res.LastInsertId()
		if _, err := insIdx.ExecContext(ctx, fid, box.Min[0], box.Max[0], box.Min[1], box.Max[1]); err != nil {
			return fmt.Errorf("zone %s: index: %w", z.ID, err)
		}
		if i == 0 {
			extent = box
		} else {
			extent = extent.Union(box)
		}
	}
	title := l.Layer.Title
	if title == "" {
		title = table
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO gpkg_contents
		(table_name, data_type, identifier, description, last_change, min_x, min_y, max_x, max_y, srs_id)
		VALUES (?, 'features', ?, ?, ?, ?, ?, ?, ?, ?)`,
		table, title, l.Layer.Description, time.Now().UTC().Format("2006-01-02T15:04:05.000Z"),
		extent.Min[0], extent.Min[1], extent.Max[0], extent.Max[1], srs.EPSG); err != nil {
		return fmt.Errorf("contents: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO gpkg_geometry_columns VALUES (?, ?, ?, ?, 0, 0)`,
		table, gpkgGeomColumn, geomType, srs.EPSG); err != nil {
		return fmt.Errorf("geometry columns: %w", err)
	}
	// The triggers call ST_* functions that GDAL and QGIS provide but this
	// SQLite does not: create them after the inserts.
	if _, err := tx.ExecContext(ctx, rtreeTriggers(table)); err != nil {
		return fmt.Errorf("index triggers: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO gpkg_extensions VALUES (?, ?, 'gpkg_rtree_index',
		'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')`, table, gpkgGeomColumn); err != nil {
		return fmt.Errorf("extensions: %w", err)
	}
	return nil
}

// gpkgColumnNames returns the SQL column names of cols: a name equal
// (ignoring case) to fid or geom gets "_1" appended.
func gpkgColumnNames(cols []Column) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.Name
		if strings.EqualFold(c.Name, gpkgFIDColumn) || strings.EqualFold(c.Name, gpkgGeomColumn) {
			out[i] = c.Name + "_1"
		}
	}
	return out
}

func sqlType(t ColumnType) string {
	switch t {
	case Integer:
		return "INTEGER"
	case Real:
		return "REAL"
	case Bool:
		return "BOOLEAN"
	}
	return "TEXT"
}

// gpkgGeometryType is the geometry column type for zones.
func gpkgGeometryType(zones []*geo.Zone) string {
	t := ""
	for _, z := range zones {
		var zt string
		switch z.Geometry.(type) {
		case orb.Polygon, orb.MultiPolygon:
			zt = "MULTIPOLYGON"
		case orb.LineString, orb.MultiLineString:
			zt = "MULTILINESTRING"
		case orb.Point:
			zt = "POINT"
		case orb.MultiPoint:
			zt = "MULTIPOINT"
		default:
			return "GEOMETRY"
		}
		switch {
		case t == "" || t == zt:
			t = zt
		case (t == "POINT" && zt == "MULTIPOINT") || (t == "MULTIPOINT" && zt == "POINT"):
			t = "MULTIPOINT"
		default:
			return "GEOMETRY"
		}
	}
	if t == "" {
		return "MULTIPOLYGON"
	}
	return t
}

// gpkgGeometryOf promotes g to the column type: a Polygon to a
// MultiPolygon, a LineString to a MultiLineString, a Point to a
// MultiPoint.
func gpkgGeometryOf(g orb.Geometry, colType string) orb.Geometry {
	switch colType {
	case "MULTIPOLYGON":
		if p, ok := g.(orb.Polygon); ok {
			return orb.MultiPolygon{p}
		}
	case "MULTILINESTRING":
		if ls, ok := g.(orb.LineString); ok {
			return orb.MultiLineString{ls}
		}
	case "MULTIPOINT":
		if p, ok := g.(orb.Point); ok {
			return orb.MultiPoint{p}
		}
	}
	return g
}

// gpkgBlob encodes g as a GeoPackage geometry: the "GP" header with the
// srs id and the xy envelope, then little-endian WKB.
func gpkgBlob(g orb.Geometry, srsID int) ([]byte, orb.Bound, error) {
	body, err := wkb.Marshal(g, binary.LittleEndian)
	if err != nil {
		return nil, orb.Bound{}, err
	}
	box := g.Bound()
	h := make([]byte, 8+32, 8+32+len(body))
	h[0], h[1], h[2], h[3] = 'G', 'P', 0, gpkgFlagsLE
	binary.LittleEndian.PutUint32(h[4:], uint32(int32(srsID)))
	for i, v := range []float64{box.Min[0], box.Max[0], box.Min[1], box.Max[1]} {
		binary.LittleEndian.PutUint64(h[8+8*i:], math.Float64bits(v))
	}
	return append(h, body...), box, nil
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// gpkgMetaTables are the GeoPackage 1.2 core tables, with the two
// undefined reference systems the specification requires.
const gpkgMetaTables = `
CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY,
  organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system');
INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system');
CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
  description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
CREATE TABLE gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL,
  definition TEXT NOT NULL, scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));
`

// rtreeTriggers are the GeoPackage 1.2 R-tree maintenance triggers for
// table's geom column (spec annex F.3); GDAL and QGIS provide the ST_*
// functions they call.
func rtreeTriggers(table string) string {
	t, c := table, gpkgGeomColumn
	r := quoteIdent("rtree_" + t + "_" + c)
	q := quoteIdent(t)
	name := func(suffix string) string { return quoteIdent("rtree_" + t + "_" + c + "_" + suffix) }
	return fmt.Sprintf(`
CREATE TRIGGER %[1]s AFTER INSERT ON %[2]s WHEN (new.%[3]s NOT NULL AND NOT ST_IsEmpty(NEW.%[3]s))
BEGIN INSERT OR REPLACE INTO %[4]s VALUES (NEW.%[5]s, ST_MinX(NEW.%[3]s), ST_MaxX(NEW.%[3]s), ST_MinY(NEW.%[3]s), ST_MaxY(NEW.%[3]s)); END;
CREATE TRIGGER %[6]s AFTER UPDATE OF %[3]s ON %[2]s WHEN OLD.%[5]s = NEW.%[5]s AND (NEW.%[3]s NOTNULL AND NOT ST_IsEmpty(NEW.%[3]s))
BEGIN INSERT OR REPLACE INTO %[4]s VALUES (NEW.%[5]s, ST_MinX(NEW.%[3]s), ST_MaxX(NEW.%[3]s), ST_MinY(NEW.%[3]s), ST_MaxY(NEW.%[3]s)); END;
CREATE TRIGGER %[7]s AFTER UPDATE OF %[3]s ON %[2]s WHEN OLD.%[5]s = NEW.%[5]s AND (NEW.%[3]s ISNULL OR ST_IsEmpty(NEW.%[3]s))
BEGIN DELETE FROM %[4]s WHERE id = OLD.%[5]s; END;
CREATE TRIGGER %[8]s AFTER UPDATE ON %[2]s WHEN OLD.%[5]s != NEW.%[5]s AND (NEW.%[3]s NOTNULL AND NOT ST_IsEmpty(NEW.%[3]s))
BEGIN DELETE FROM %[4]s WHERE id = OLD.%[5]s;
INSERT OR REPLACE INTO %[4]s VALUES (NEW.%[5]s, ST_MinX(NEW.%[3]s), ST_MaxX(NEW.%[3]s), ST_MinY(NEW.%[3]s), ST_MaxY(NEW.%[3]s)); END;
CREATE TRIGGER %[9]s AFTER UPDATE ON %[2]s WHEN OLD.%[5]s != NEW.%[5]s AND (NEW.%[3]s ISNULL OR ST_IsEmpty(NEW.%[3]s))
BEGIN DELETE FROM %[4]s WHERE id IN (OLD.%[5]s, NEW.%[5]s); END;
CREATE TRIGGER %[10]s AFTER DELETE ON %[2]s WHEN old.%[3]s NOT NULL
BEGIN DELETE FROM %[4]s WHERE id = OLD.%[5]s; END;
`, name("insert"), q, c, r, gpkgFIDColumn, name("update1"), name("update2"), name("update3"), name("update4"), name("delete"))
}
