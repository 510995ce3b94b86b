package postgis_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/postgis"
	"github.com/zonegate/zonegate/data/postgis/postgistest"
	"github.com/zonegate/zonegate/data/storetest"
	"github.com/zonegate/zonegate/geo"
)

// quiet drops the store's log lines in tests.
var quiet = slog.New(slog.DiscardHandler)

// openDSN opens a store on dsn and closes it when tb ends.
func openDSN(tb testing.TB, dsn string, o postgis.Options) *postgis.Store {
	tb.Helper()
	if o.Logger == nil {
		o.Logger = quiet
	}
	s, err := postgis.Open(tb.Context(), dsn, o)
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// fresh opens a store in a new, empty schema.
func fresh(tb testing.TB) (*postgis.Store, string) {
	tb.Helper()
	dsn, _ := postgistest.Schema(tb)
	return openDSN(tb, dsn, postgis.Options{}), dsn
}

func TestConformance(t *testing.T) {
	postgistest.DSN(t) // skip once, not per subtest
	storetest.Run(t, func(t *testing.T) data.Store {
		s, _ := fresh(t)
		return s
	})
}

// TestConformanceBulk runs the suite with every multi-zone append going
// through COPY.
func TestConformanceBulk(t *testing.T) {
	postgistest.DSN(t)
	storetest.Run(t, func(t *testing.T) data.Store {
		dsn, _ := postgistest.Schema(t)
		return openDSN(t, dsn, postgis.Options{BulkThreshold: 1})
	})
}

func square(x, y, d float64) orb.Polygon {
	return orb.Polygon{{{x, y}, {x + d, y}, {x + d, y + d}, {x, y + d}, {x, y}}}
}

func setupLayer(t *testing.T, s data.Store) {
	t.Helper()
	if _, err := s.PutLayer(t.Context(), geo.Layer{ID: "coal", Kind: geo.KindCoalBan, Title: "禁煤区"}); err != nil {
		t.Fatalf("PutLayer: %v", err)
	}
}

func coal(id string, x float64) *geo.Zone {
	return &geo.Zone{Layer: "coal", ID: id, Kind: geo.KindCoalBan, Name: id, Geometry: square(x, 36, 0.01), Status: geo.StatusPublished}
}

func TestBulkCopyAssignsVersionsInOrder(t *testing.T) {
	s, _ := fresh(t)
	setupLayer(t, s)
	if err := s.Commit(t.Context(), data.Batch{Append: []*geo.Zone{coal("z0", 111)}}); err != nil {
		t.Fatalf("Commit: %v", err)
	}
	const n = 1200 // above the default bulk threshold of 500
	zs := make([]*geo.Zone, n)
	for i := range zs {
		zs[i] = coal(fmt.Sprintf("z%d", i%1000), 111+float64(i)*1e-4)
		zs[i].Properties = map[string]any{"i": float64(i)}
	}
	if err := s.Commit(t.Context(), data.Batch{Append: zs}); err != nil {
		t.Fatalf("bulk Commit: %v", err)
	}
	cases := []struct {
		name string
		idx  int
		want int64
	}{
		{"existing feature gets version 2", 0, 2},
		{"second append of it in the batch gets 3", 1000, 3},
		{"new feature gets 1", 1, 1},
		{"its second append gets 2", 1001, 2},
		{"new feature appended once", 999, 1},
	}
	for _, tc := range cases {
		if got := zs[tc.idx].Version; got != tc.want {
			t.Errorf("%s: zone %d version %d, want %d", tc.name, tc.idx, got, tc.want)
		}
	}
	got, err := s.Zone(t.Context(), "coal", "z1")
	if err != nil || got.Version != 2 || got.Properties["i"] != float64(1001) || !slices.Equal(got.Geometry.(orb.Polygon)[0], zs[1001].Geometry.(orb.Polygon)[0]) {
		t.Errorf("Zone(z1) = %+v, %v; want version 2 from batch index 1001", got, err)
	}
	var rows int
	if _, err := s.Changes(t.Context(), 0, func(*geo.Zone) error { rows++; return nil }); err != nil || rows != n+1 {
		t.Errorf("Changes: %d rows, %v; want %d", rows, err, n+1)
	}
}

func TestMigrationsIdempotentAndConcurrent(t *testing.T) {
	dsn, _ := postgistest.Schema(t)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() {
			s, err := postgis.Open(t.Context(), dsn, postgis.Options{Logger: quiet})
			if err == nil {
				s.Close()
			}
			errs[i] = err
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("concurrent Open %d: %v", i, err)
		}
	}
	s := openDSN(t, dsn, postgis.Options{})
	setupLayer(t, s)
	if rev, err := s.Changes(t.Context(), 0, func(*geo.Zone) error { return nil }); err != nil || rev != 1 {
		t.Errorf("revision after migrations and one PutLayer = %d, %v; want 1", rev, err)
	}
	postgistest.Exec(t, dsn, fmt.Sprintf(`DO $$ BEGIN
		IF (SELECT count(*) FROM schema_migrations) <> %d THEN RAISE 'schema_migrations has the wrong row count'; END IF;
		END $$`, postgis.SchemaVersion()))
}

func TestNewerSchemaRefused(t *testing.T) {
	_, dsn := fresh(t)
	postgistest.Exec(t, dsn, `INSERT INTO schema_migrations (version, name) VALUES (99, '0099_future.sql')`)
	_, err := postgis.Open(t.Context(), dsn, postgis.Options{Logger: quiet})
	if !errors.Is(err, postgis.ErrSchemaTooNew) {
		t.Errorf("Open of newer schema: err = %v, want ErrSchemaTooNew", err)
	}
}

func TestBadDSNHidesPassword(t *testing.T) {
	_, err := postgis.Open(t.Context(), "postgres://u:s3cret@127.0.0.1:5432/db?sslmode=bogus", postgis.Options{})
	if err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("Open with bad DSN: err = %v; want an error without the password", err)
	}
}

// await receives from ch until a revision ≥ want arrives (the timeout is a
// deadlock guard, not a timing assertion).
func await(t *testing.T, ch <-chan int64, want int64) {
	t.Helper()
	timeout := time.After(20 * time.Second)
	for {
		select {
		case got, ok := <-ch:
			if !ok {
				t.Fatalf("channel closed before revision %d", want)
			}
			if got >= want {
				return
			}
		case <-timeout:
			t.Fatalf("no revision ≥ %d", want)
		}
	}
}

func TestSubscribeAcrossStoresAndReconnect(t *testing.T) {
	dsn, _ := postgistest.Schema(t)
	a := openDSN(t, dsn, postgis.Options{})
	bDSN := postgistest.WithParam(dsn, "application_name", "zonegate-test-b")
	b := openDSN(t, bDSN, postgis.Options{})
	setupLayer(t, a)
	ch := b.Subscribe(t.Context())
	z := coal("z1", 111)
	if err := a.Commit(t.Context(), data.Batch{Append: []*geo.Zone{z}}); err != nil {
		t.Fatalf("Commit: %v", err)
	}
	await(t, ch, z.Revision)

	// Drop B's connections, listener included: B must announce its
	// revision again once it has reconnected, then keep receiving.
	postgistest.Exec(t, dsn, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'zonegate-test-b'`)
	timeout := time.After(20 * time.Second)
	select {
	case got := <-ch:
		if got != z.Revision {
			t.Errorf("after reconnect: revision %d, want %d", got, z.Revision)
		}
	case <-timeout:
		t.Fatal("no announcement after the listener reconnected")
	}
	z2 := coal("z1", 112)
	if err := a.Commit(t.Context(), data.Batch{Append: []*geo.Zone{z2}}); err != nil {
		t.Fatalf("Commit: %v", err)
	}
	await(t, ch, z2.Revision)
	got, err := b.Zone(t.Context(), "coal", "z1")
	if err != nil || got.Version != 2 {
		t.Errorf("B reads %+v, %v after its connections were terminated; want version 2", got, err)
	}
}

// TestConcurrentWritersRevisionsInCommitOrder checks the change-feed
// invariant across two stores: a reader that has seen revision n never
// later finds a row with revision ≤ n it had not seen.
func TestConcurrentWritersRevisionsInCommitOrder(t *testing.T) {
	dsn, _ := postgistest.Schema(t)
	a, b := openDSN(t, dsn, postgis.Options{}), openDSN(t, dsn, postgis.Options{})
	setupLayer(t, a)
	ctx, cancel := context.WithCancel(t.Context())
	var wg sync.WaitGroup
	for w, s := range []*postgis.Store{a, b, a, b} {
		wg.Go(func() {
			for i := 0; ctx.Err() == nil && i < 50; i++ {
				if err := s.Commit(ctx, data.Batch{Append: []*geo.Zone{coal(fmt.Sprintf("w%d-%d", w, i), 111)}}); err != nil && ctx.Err() == nil {
					t.Errorf("writer %d: %v", w, err)
					return
				}
			}
		})
	}
	seen := map[string]bool{}
	var since int64
	for round := 0; round < 400 && len(seen) < 200; round++ {
		rev, err := b.Changes(t.Context(), since, func(z *geo.Zone) error {
			if z.Revision <= since || seen[z.ID] {
				t.Errorf("row %s revision %d after reading up to %d", z.ID, z.Revision, since)
			}
			seen[z.ID] = true
			return nil
		})
		if err != nil {
			t.Fatalf("Changes: %v", err)
		}
		since = rev
	}
	wg.Wait()
	cancel()
	if _, err := b.Changes(t.Context(), since, func(z *geo.Zone) error { seen[z.ID] = true; return nil }); err != nil {
		t.Fatalf("Changes: %v", err)
	}
	if len(seen) != 200 {
		t.Errorf("saw %d zones, want 200", len(seen))
	}
}

// TestOgrinfoReadsTables checks that GDAL's PostgreSQL driver lists
// zone_versions with its geometry column and reads every version.
func TestOgrinfoReadsTables(t *testing.T) {
	ogrinfo, err := exec.LookPath("ogrinfo")
	if err != nil {
		t.Skip("ogrinfo (GDAL) not installed; apt-get install gdal-bin to run this test")
	}
	dsn, schema := postgistest.Schema(t)
	s := openDSN(t, dsn, postgis.Options{})
	if _, err := s.PutLayer(t.Context(), geo.Layer{ID: "any", Kind: geo.KindCustom}); err != nil {
		t.Fatalf("PutLayer: %v", err)
	}
	zs := []*geo.Zone{
		{ID: "a", Geometry: orb.Polygon{{{111, 36}, {112, 36}, {112, 37}, {111, 37}, {111, 36}}}},
		{ID: "b", Geometry: orb.Point{111.5, 36.5}},
		{ID: "c", Geometry: orb.LineString{{111, 36}, {113, 38}}},
	}
	for _, z := range zs {
		z.Layer, z.Kind, z.Status = "any", geo.KindCustom, geo.StatusPublished
	}
	if err := s.Commit(t.Context(), data.Batch{Append: zs}); err != nil {
		t.Fatalf("Commit: %v", err)
	}
	pg := pgConnString(t, postgistest.DSN(t)) + " schemas=" + schema
	out, err := exec.CommandContext(t.Context(), ogrinfo, "-ro", "-so", "PG:"+pg, "zone_versions").CombinedOutput()
	if err != nil {
		t.Fatalf("ogrinfo -so: %v\n%s", err, out)
	}
	for _, want := range []string{
		"Layer name: zone_versions",
		"Geometry: Unknown (any)",
		"Feature Count: 3",
		"Extent: (111.000000, 36.000000) - (113.000000, 38.000000)",
		`ID["EPSG",4326]`,
		"Geometry Column NOT NULL = geom",
		"FID Column = fid",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("ogrinfo -so output lacks %q:\n%s", want, out)
		}
	}
	out, err = exec.CommandContext(t.Context(), ogrinfo, "-ro", "-q", "PG:"+pg, "zone_versions").CombinedOutput()
	if err != nil {
		t.Fatalf("ogrinfo: %v\n%s", err, out)
	}
	for _, want := range []string{"POLYGON ((111 36,112 36,112 37,111 37,111 36))", "POINT (111.5 36.5)", "LINESTRING (111 36,113 38)"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("ogrinfo output lacks %q:\n%s", want, out)
		}
	}
}

// pgConnString turns a connection URL into the key=value form GDAL's
// PG: prefix takes.
func pgConnString(t *testing.T, dsn string) string {
	t.Helper()
	c, err := pgconn.ParseConfig(dsn)
	if err != nil {
		t.Fatalf("parse %s: %v", postgistest.EnvDSN, err)
	}
	return fmt.Sprintf("host=%s port=%d dbname=%s user=%s password=%s", c.Host, c.Port, c.Database, c.User, c.Password)
}
