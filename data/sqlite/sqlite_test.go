package sqlite_test

import (
	"database/sql"
	"errors"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/sqlite"
	"github.com/zonegate/zonegate/data/storetest"
	"github.com/zonegate/zonegate/geo"
)

// quiet drops the store's log lines in tests.
var quiet = slog.New(slog.DiscardHandler)

// openAt opens (creating if needed) the store at path and closes it at the
// end of the test unless closed before.
func openAt(tb testing.TB, path string) *sqlite.Store {
	tb.Helper()
	s, err := sqlite.Open(tb.Context(), path, sqlite.Options{Logger: quiet})
	if err != nil {
		tb.Fatalf("Open(%s): %v", path, err)
	}
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) data.Store {
		return openAt(t, filepath.Join(t.TempDir(), "zonegate.db"))
	})
}

// seed writes one layer and two versions of one zone.
func seed(t *testing.T, s *sqlite.Store) *geo.Zone {
	t.Helper()
	if _, err := s.PutLayer(t.Context(), geo.Layer{ID: "coal", Kind: geo.KindCoalBan, Title: "禁煤区"}); err != nil {
		t.Fatalf("PutLayer: %v", err)
	}
	var z *geo.Zone
	for range 2 {
		z = &geo.Zone{Layer: "coal", ID: "z1", Kind: geo.KindCoalBan, Name: "尧都",
			Geometry: orb.Polygon{{{111, 36}, {112, 36}, {112, 37}, {111, 37}, {111, 36}}},
			Status:   geo.StatusPublished, Properties: map[string]any{"k": "v"}}
		if err := s.Commit(t.Context(), data.Batch{Append: []*geo.Zone{z}}); err != nil {
			t.Fatalf("Commit: %v", err)
		}
	}
	if err := s.LogInspections(t.Context(), []*data.Inspection{{Time: time.Unix(1, 0), Decision: "allow", Action: "pass"}}); err != nil {
		t.Fatalf("LogInspections: %v", err)
	}
	return z
}

func TestReopenKeepsEverything(t *testing.T) {
	path := filepath.Join(t.TempDir(), "zonegate.db")
	s := openAt(t, path)
	want := seed(t, s)
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	s = openAt(t, path)
	defer s.Close()
	got, err := s.Zone(t.Context(), "coal", "z1")
	if err != nil {
		t.Fatalf("Zone after reopen: %v", err)
	}
	if got.Version != 2 || got.Revision != want.Revision || got.Name != "尧都" || !got.UpdatedAt.Equal(want.UpdatedAt) {
		t.Errorf("Zone after reopen = %+v, want version 2 revision %d", got, want.Revision)
	}
	if rev, err := s.Changes(t.Context(), 0, func(*geo.Zone) error { return nil }); err != nil || rev != want.Revision {
		t.Errorf("revision after reopen = %d, %v; want %d", rev, err, want.Revision)
	}
	if ins, err := s.Inspections(t.Context(), data.InspectionFilter{}); err != nil || len(ins) != 1 || ins[0].ID != 1 {
		t.Errorf("Inspections after reopen = %v, %v; want one record with ID 1", ins, err)
	}
	z := &geo.Zone{Layer: "coal", ID: "z1", Kind: geo.KindCoalBan, Geometry: orb.Point{1, 1}, Status: geo.StatusDraft}
	z.Geometry = orb.MultiPolygon{{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}}
	if err := s.Commit(t.Context(), data.Batch{Append: []*geo.Zone{z}}); err != nil || z.Version != 3 || z.Revision != want.Revision+1 {
		t.Errorf("Commit after reopen: %v, version %d revision %d; want 3, %d", err, z.Version, z.Revision, want.Revision+1)
	}
}

// rawDB opens the file with the bare driver, for inspecting the schema.
func rawDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatalf("sql.Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestMigrationsIdempotent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "zonegate.db")
	for range 3 {
		s := openAt(t, path)
		if err := s.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}
	}
	db := rawDB(t, path)
	var n, maxV int
	if err := db.QueryRow(`SELECT COUNT(*), MAX(version) FROM schema_migrations`).Scan(&n, &maxV); err != nil {
		t.Fatalf("read schema_migrations: %v", err)
	}
	if n != 5 || maxV != 5 {
		t.Errorf("schema_migrations: %d rows, max version %d; want 5, 5", n, maxV)
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "zonegate.db")
	if err := openAt(t, path).Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	db := rawDB(t, path)
	if _, err := db.Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, '0099_future.sql', '')`); err != nil {
		t.Fatalf("insert: %v", err)
	}
	db.Close()
	_, err := sqlite.Open(t.Context(), path, sqlite.Options{Logger: quiet})
	if !errors.Is(err, sqlite.ErrSchemaTooNew) {
		t.Errorf("Open of newer schema: err = %v, want ErrSchemaTooNew", err)
	}
}

func TestPragmasAndGeoPackage(t *testing.T) {
	path := filepath.Join(t.TempDir(), "zonegate.db")
	s := openAt(t, path)
	seed(t, s)
	s.Close()
	db := rawDB(t, path)
	checks := []struct {
		query string
		want  any
	}{
		{`PRAGMA journal_mode`, "wal"},
		{`PRAGMA application_id`, int64(0x47504B47)},
		{`PRAGMA user_version`, int64(10300)},
		{`SELECT geometry_type_name || ' ' || srs_id FROM gpkg_geometry_columns WHERE table_name = 'zone_versions' AND column_name = 'geometry'`, "GEOMETRY 4326"},
		{`SELECT data_type FROM gpkg_contents WHERE table_name = 'zone_versions'`, "features"},
		{`SELECT organization || ':' || organization_coordsys_id FROM gpkg_spatial_ref_sys WHERE srs_id = 4326`, "EPSG:4326"},
		{`SELECT hex(substr(geometry, 1, 8)) FROM zone_versions LIMIT 1`, "47500003E6100000"},
		{`SELECT minx || ' ' || miny || ' ' || maxx || ' ' || maxy FROM zone_versions LIMIT 1`, "111.0 36.0 112.0 37.0"},
		{`SELECT valid_from IS NULL AND length(updated_at) = 30 FROM zone_versions LIMIT 1`, int64(1)},
	}
	for _, c := range checks {
		var got any
		if err := db.QueryRow(c.query).Scan(&got); err != nil {
			t.Errorf("%s: %v", c.query, err)
			continue
		}
		if b, ok := got.([]byte); ok {
			got = string(b)
		}
		if got != c.want {
			t.Errorf("%s = %#v, want %#v", c.query, got, c.want)
		}
	}
}

func TestNanosecondTimes(t *testing.T) {
	now := time.Date(2020, 11, 1, 8, 0, 0, 123_456_789, time.FixedZone("CST", 8*3600))
	s, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "z.db"), sqlite.Options{Now: func() time.Time { return now }, Logger: quiet})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer s.Close()
	l, err := s.PutLayer(t.Context(), geo.Layer{ID: "p", Kind: geo.KindCheckpoint})
	if err != nil || !l.UpdatedAt.Equal(now) {
		t.Fatalf("PutLayer = %+v, %v; want UpdatedAt %v", l, err, now)
	}
	from := time.Date(2020, 8, 1, 0, 0, 0, 1, time.UTC)
	z := &geo.Zone{Layer: "p", ID: "a", Kind: geo.KindCheckpoint, Geometry: orb.Point{1, 2}, Status: geo.StatusDraft,
		Validity: geo.Validity{From: from, To: from.Add(1)}}
	if err := s.Commit(t.Context(), data.Batch{Append: []*geo.Zone{z}}); err != nil {
		t.Fatalf("Commit: %v", err)
	}
	got, err := s.Zone(t.Context(), "p", "a")
	if err != nil {
		t.Fatalf("Zone: %v", err)
	}
	if !got.Validity.From.Equal(from) || !got.Validity.To.Equal(from.Add(1)) || !got.UpdatedAt.Equal(now) {
		t.Errorf("times = %v %v %v; want %v %v %v exactly", got.Validity.From, got.Validity.To, got.UpdatedAt, from, from.Add(1), now)
	}
}

func TestOutOfRangeYearRejected(t *testing.T) {
	s := openAt(t, filepath.Join(t.TempDir(), "z.db"))
	defer s.Close()
	if _, err := s.PutLayer(t.Context(), geo.Layer{ID: "p", Kind: geo.KindCheckpoint}); err != nil {
		t.Fatal(err)
	}
	z := &geo.Zone{Layer: "p", ID: "a", Kind: geo.KindCheckpoint, Geometry: orb.Point{1, 2}, Status: geo.StatusDraft,
		Validity: geo.Validity{To: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}}
	if err := s.Commit(t.Context(), data.Batch{Append: []*geo.Zone{z}}); !errors.Is(err, geo.ErrInvalid) {
		t.Errorf("Commit with year 10000: err = %v, want geo.ErrInvalid", err)
	}
}

func TestClosedStore(t *testing.T) {
	s := openAt(t, filepath.Join(t.TempDir(), "z.db"))
	ch := s.Subscribe(t.Context())
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if _, ok := <-ch; ok {
		t.Errorf("subscription open after Close")
	}
	if _, err := s.Layers(t.Context()); err == nil {
		t.Errorf("Layers after Close succeeded")
	}
	if _, ok := <-s.Subscribe(t.Context()); ok {
		t.Errorf("Subscribe after Close returned an open channel")
	}
}
