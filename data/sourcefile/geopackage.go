package sourcefile

import (
	"context"
	"database/sql"
	"fmt"
	"github.com/zonegate/zonegate/geo"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
	"github.com/paulmach/orb/geojson"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// readGeoPackageBytes writes an uploaded GeoPackage to a temporary file
// (SQLite reads files) and reads it.
func readGeoPackageBytes(b []byte, o Options) (*Dataset, error) {
	f, err := os.CreateTemp(o.TempDir, "zonegate-import-*.gpkg")
	if err != nil {
		return nil, fmt.Errorf("temporary GeoPackage: %w", err)
	}
	defer os.Remove(f.Name())
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("temporary GeoPackage: %w", err)
	}
	return readGeoPackageFile(f.Name(), o)
}

// gpkgTable is a row of gpkg_geometry_columns joined with its SRS.
type gpkgTable struct {
	name, column string
	srsID        int64
	org          sql.NullString
	orgID        sql.NullInt64
	definition   sql.NullString
}

// readGeoPackageFile reads one feature table of the GeoPackage at path,
// opened read-only: Options.Table, or the only one. Its srs_id resolves
// to "EPSG:<code>" through gpkg_spatial_ref_sys, else to the SRS's WKT.
func readGeoPackageFile(path string, o Options) (*Dataset, error) {
	o.Limits = o.Limits.withDefaults()
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("open GeoPackage: %w", err)
	}
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?mode=ro&_pragma=query_only(1)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open GeoPackage %s: %w", path, err)
	}
	defer db.Close()
	ctx := context.Background()
	tables, err := gpkgTables(ctx, db)
	if err != nil {
		return nil, err
	}
	var t *gpkgTable
	var names []string
	for i := range tables {
		names = append(names, tables[i].name)
		if tables[i].name == o.Table {
			t = &tables[i]
		}
	}
	switch {
	case len(tables) == 0:
		return nil, fmt.Errorf("%w: the GeoPackage has no feature tables", ErrFormat)
	case o.Table != "" && t == nil:
		return nil, fmt.Errorf("%w: the GeoPackage has no feature table %q (it has: %s)", ErrFormat, o.Table, strings.Join(names, ", "))
	case t == nil && len(tables) > 1:
		return nil, fmt.Errorf("%w: the GeoPackage has %d feature tables (%s): pick one with --table", ErrFormat, len(tables), strings.Join(names, ", "))
	case t == nil:
		t = &tables[0]
	}
	d := &Dataset{Format: FormatGeoPackage, Table: t.name, Encoding: "UTF-8"}
	switch {
	case t.org.Valid && strings.EqualFold(t.org.String, "EPSG") && t.orgID.Valid:
		d.CRS, d.CRSFrom = fmt.Sprintf("EPSG:%d", t.orgID.Int64), "gpkg_spatial_ref_sys"
	case t.definition.Valid && !strings.EqualFold(strings.TrimSpace(t.definition.String), "undefined"):
		d.CRS, d.CRSFrom = t.definition.String, "gpkg_spatial_ref_sys"
	}
	if err := readGPKGRows(ctx, db, t, d, o.Limits); err != nil {
		return nil, err
	}
	return d, nil
}

func gpkgTables(ctx context.Context, db *sql.DB) ([]gpkgTable, error) {
	rows, err := db.QueryContext(ctx, `SELECT g.table_name, g.column_name, g.srs_id, s.organization, s.organization_coordsys_id, s.definition
		FROM gpkg_geometry_columns g JOIN gpkg_contents c ON c.table_name = g.table_name
		LEFT JOIN gpkg_spatial_ref_sys s ON s.srs_id = g.srs_id
		WHERE c.data_type = 'features' ORDER BY g.table_name`)
	if err != nil {
		return nil, fmt.Errorf("%w: not a GeoPackage (no gpkg_geometry_columns): %v", ErrFormat, err)
	}
	defer rows.Close()
	var tables []gpkgTable
	for rows.Next() {
		var t gpkgTable
		if err := rows.Scan(&t.name, &t.column, &t.srsID, &t.org, &t.orgID, &t.definition); err != nil {
			return nil, fmt.Errorf("%w: gpkg_geometry_columns: %v", ErrFormat, err)
		}
		tables = append(tables, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%w: gpkg_geometry_columns: %v", ErrFormat, err)
	}
	return tables, nil
}

// quoteIdent quotes an SQLite identifier.
func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// readGPKGRows reads every row of t: the geometry column decoded, the
// others as properties (the integer primary key "fid" is skipped).
func readGPKGRows(ctx context.Context, db *sql.DB, t *gpkgTable, d *Dataset, lim Limits) error {
	var count int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM "+quoteIdent(t.name)).Scan(&count); err != nil {
		return fmt.Errorf("%w: table %s: %v", ErrFormat, t.name, err)
	}
	if count > lim.MaxFeatures {
		return fmt.Errorf("%w: table %s has %d rows, more than the limit of %d", ErrFormat, t.name, count, lim.MaxFeatures)
	}
	rows, err := db.QueryContext(ctx, "SELECT * FROM "+quoteIdent(t.name))
	if err != nil {
		return fmt.Errorf("%w: table %s: %v", ErrFormat, t.name, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return fmt.Errorf("%w: table %s: %v", ErrFormat, t.name, err)
	}
	vertices := 0
	for n := 1; rows.Next(); n++ {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return fmt.Errorf("%w: table %s row %d: %v", ErrFormat, t.name, n, err)
		}
		f := &geojson.Feature{Type: "Feature", Properties: geojson.Properties{}}
		for i, c := range cols {
			switch {
			case strings.EqualFold(c, t.column):
				blob, _ := vals[i].([]byte)
				g, err := decodeGPKGGeometry(blob)
				if err != nil {
					return fmt.Errorf("%w: table %s row %d: %v", ErrFormat, t.name, n, err)
				}
				f.Geometry = g
				if g != nil {
					vertices += geo.CountVertices(g)
				}
			case strings.EqualFold(c, "fid"):
			default:
				switch v := vals[i].(type) {
				case []byte:
					f.Properties[c] = string(v)
				case int64:
					f.Properties[c] = float64(v)
				case time.Time:
					f.Properties[c] = v.Format(time.RFC3339)
				default:
					f.Properties[c] = v
				}
			}
		}
		if vertices > lim.MaxVertices {
			return fmt.Errorf("%w: table %s holds more than the limit of %d vertices", ErrFormat, t.name, lim.MaxVertices)
		}
		d.Features = append(d.Features, f)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("%w: table %s: %v", ErrFormat, t.name, err)
	}
	return nil
}

// decodeGPKGGeometry decodes a GeoPackage geometry blob: the "GP" header
// (magic, version, flags, srs_id, envelope of 0/32/48/64 bytes) and WKB.
// An empty or NULL geometry is nil.
func decodeGPKGGeometry(b []byte) (orb.Geometry, error) {
	if b == nil {
		return nil, nil
	}
	if len(b) < 8 || b[0] != 'G' || b[1] != 'P' {
		return nil, fmt.Errorf("geometry blob without the GeoPackage \"GP\" header")
	}
	flags := b[3]
	if flags&0x10 != 0 { // empty geometry
		return nil, nil
	}
	envelope := [...]int{0, 32, 48, 48, 64}
	ei := int(flags>>1) & 0x7
	if ei >= len(envelope) {
		return nil, fmt.Errorf("geometry blob with envelope code %d", ei)
	}
	start := 8 + envelope[ei]
	if len(b) < start+5 {
		return nil, fmt.Errorf("geometry blob of %d bytes is truncated", len(b))
	}
	g, err := wkb.Unmarshal(b[start:])
	if err != nil {
		return nil, fmt.Errorf("geometry WKB: %v", err)
	}
	return g, nil
}
