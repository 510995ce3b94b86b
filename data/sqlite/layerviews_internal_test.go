package sqlite

import (
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"
)

// TestMigrationCreatesLayerViews opens a store written with schema 4 (no
// layer views, no R-tree) and checks that migration 0005 gives every stored
// layer its view and registration and indexes every stored version.
func TestMigrationCreatesLayerViews(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "zonegate.db")
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	old, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		t.Fatal(err)
	}
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := old.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`)
	for _, m := range ms[:layerViewsVersion-1] {
		exec(m.SQL)
		exec(`INSERT INTO schema_migrations VALUES (?, ?, '2026-01-01T00:00:00.000000000Z')`, m.Version, m.Name)
	}
	const stamp = "2026-01-01T00:00:00.000000000Z"
	exec(`INSERT INTO layers VALUES ('coal_ban', 'coal_ban', '禁煤区', '', 1, ?), ('zone_versions', 'checkpoint', 'clash', '', 1, ?)`, stamp, stamp)
	ins := `INSERT INTO zone_versions (layer, zone_id, version, kind, name, properties, geometry, minx, miny, maxx, maxy,
		valid_from, valid_to, status, author, updated_at, revision) VALUES (?, ?, 1, ?, ?, NULL, ?, ?, ?, ?, ?, NULL, NULL, ?, 'test', ?, 1)`
	for _, z := range []struct {
		layer, id, kind, name, status string
		g                             orb.Geometry
	}{
		{"coal_ban", "a", "coal_ban", "太原", "published", orb.Polygon{{{111, 36}, {112, 36}, {112, 37}, {111, 36}}}},
		{"coal_ban", "b", "coal_ban", "draft", "draft", orb.Polygon{{{113, 36}, {114, 36}, {114, 37}, {113, 36}}}},
		{"zone_versions", "p", "checkpoint", "站", "published", orb.Point{112, 37}},
	} {
		blob, env, err := encodeGeometry(z.g)
		if err != nil {
			t.Fatal(err)
		}
		exec(ins, z.layer, z.id, z.kind, z.name, blob, env.minX, env.minY, env.maxX, env.maxY, z.status, stamp)
	}
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}

	s, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer s.Close()
	var got []string
	rows, err := s.r.QueryContext(ctx, `SELECT c.table_name, c.identifier, c.description, g.geometry_type_name, COALESCE(l.id, '')
		FROM gpkg_contents c JOIN gpkg_geometry_columns g USING (table_name) LEFT JOIN layers l ON l.gpkg_view = c.table_name
		ORDER BY c.table_name`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var name, ident, desc, typ, layer string
		if err := rows.Scan(&name, &ident, &desc, &typ, &layer); err != nil {
			t.Fatal(err)
		}
		got = append(got, name+" "+ident+" "+desc+" "+typ+" "+layer)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"coal_ban coal_ban 禁煤区 MULTIPOLYGON coal_ban",
		"layer_zone_versions layer_zone_versions clash MULTIPOINT zone_versions",
		"zone_versions zone_versions zonegate: every version of every zone GEOMETRY ",
	}
	if len(got) != len(want) {
		t.Fatalf("registered feature tables:\n%q\nwant\n%q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("registered feature table %d: %q, want %q", i, got[i], want[i])
		}
	}
	counts := map[string]int{}
	for _, q := range []string{`SELECT count(*) FROM coal_ban`, `SELECT count(*) FROM layer_zone_versions`, `SELECT count(*) FROM rtree_zone_versions_geometry`} {
		var n int
		if err := s.r.QueryRowContext(ctx, q).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		counts[q] = n
	}
	if counts[`SELECT count(*) FROM coal_ban`] != 1 || counts[`SELECT count(*) FROM layer_zone_versions`] != 1 || counts[`SELECT count(*) FROM rtree_zone_versions_geometry`] != 3 {
		t.Errorf("after migration: %v; want 1 zone in each view, 3 versions indexed", counts)
	}
	var v int
	if err := s.r.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&v); err != nil || v != len(ms) {
		t.Errorf("schema version %d (%v), want %d", v, err, len(ms))
	}
}
