package postgis_test

import (
	"bytes"
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/postgis"
	"github.com/zonegate/zonegate/data/postgis/postgistest"
	"github.com/zonegate/zonegate/geo"
)

// TestLayerViews checks the per-layer views: typed geometry, exactly the
// published zones valid now, spatial filters through an index, the view
// following the clock, and GDAL listing them with their types.
func TestLayerViews(t *testing.T) {
	t.Parallel()
	dsn, schema := postgistest.Schema(t)
	s := openDSN(t, dsn, postgis.Options{})
	ctx := t.Context()
	for _, l := range []geo.Layer{
		{ID: "coal_ban", Kind: geo.KindCoalBan, Title: "禁煤区"},
		{ID: "coal_route", Kind: geo.KindCoalRoute, Title: "运煤路线"},
		{ID: "checkpoint", Kind: geo.KindCheckpoint, Title: "检查站"},
		{ID: "any", Kind: geo.KindCustom, Title: "custom"},
	} {
		if _, err := s.PutLayer(ctx, l); err != nil {
			t.Fatalf("PutLayer %s: %v", l.ID, err)
		}
	}
	sq := func(x, y float64) orb.Ring { return orb.Ring{{x, y}, {x + 1, y}, {x + 1, y + 1}, {x, y + 1}, {x, y}} }
	now := time.Now()
	past := geo.Validity{From: now.Add(-48 * time.Hour)}
	z := func(layer string, k geo.Kind, id, name string, st geo.Status, v geo.Validity, g orb.Geometry) *geo.Zone {
		return &geo.Zone{Layer: layer, Kind: k, ID: id, Name: name, Status: st, Validity: v, Geometry: g}
	}
	a := z("coal_ban", geo.KindCoalBan, "a", "太原市禁煤区", geo.StatusPublished, past, orb.Polygon{sq(111, 36)})
	zs := []*geo.Zone{
		a,
		z("coal_ban", geo.KindCoalBan, "b", "晋中市禁煤区", geo.StatusPublished, geo.Validity{}, orb.MultiPolygon{{sq(113, 36)}, {sq(115, 36)}}),
		z("coal_ban", geo.KindCoalBan, "c", "draft", geo.StatusDraft, past, orb.Polygon{sq(111.5, 36.5)}),
		z("coal_ban", geo.KindCoalBan, "d", "retired", geo.StatusRetired, past, orb.Polygon{sq(111.5, 36.5)}),
		z("coal_ban", geo.KindCoalBan, "e", "future", geo.StatusPublished, geo.Validity{From: now.Add(48 * time.Hour)}, orb.Polygon{sq(111.5, 36.5)}),
		z("coal_ban", geo.KindCoalBan, "f", "ended", geo.StatusPublished, geo.Validity{From: now.Add(-48 * time.Hour), To: now.Add(-time.Hour)}, orb.Polygon{sq(111.5, 36.5)}),
		z("coal_route", geo.KindCoalRoute, "r1", "太焦线", geo.StatusPublished, past, orb.LineString{{111, 36}, {112, 37}}),
		z("coal_route", geo.KindCoalRoute, "r2", "multi", geo.StatusPublished, past, orb.MultiLineString{{{113, 36}, {114, 37}}, {{114, 37}, {115, 37}}}),
		z("checkpoint", geo.KindCheckpoint, "p1", "小店检查站", geo.StatusPublished, past, orb.Point{112.5, 37.8}),
		z("checkpoint", geo.KindCheckpoint, "p2", "draft", geo.StatusDraft, past, orb.Point{112.6, 37.9}),
		z("any", geo.KindCustom, "x", "custom", geo.StatusPublished, past, orb.Point{111, 36}),
	}
	if err := s.Commit(ctx, data.Batch{Append: zs}); err != nil {
		t.Fatalf("Commit: %v", err)
	}

	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	type summary struct {
		count int
		types string
		names string
	}
	query := func(view string) summary {
		t.Helper()
		var s summary
		q := `SELECT count(*), COALESCE(string_agg(DISTINCT GeometryType(geom), ','), ''), COALESCE(string_agg(name, ',' ORDER BY zone_id), '') FROM ` + view
		if err := conn.QueryRow(ctx, q).Scan(&s.count, &s.types, &s.names); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return s
	}
	for view, want := range map[string]summary{
		"layer_coal_ban":   {2, "MULTIPOLYGON", "太原市禁煤区,晋中市禁煤区"},
		"layer_coal_route": {2, "MULTILINESTRING", "太焦线,multi"},
		"layer_checkpoint": {1, "MULTIPOINT", "小店检查站"},
		"layer_any":        {1, "POINT", "custom"},
	} {
		if got := query(view); got != want {
			t.Errorf("%s: %+v, want %+v", view, got, want)
		}
	}
	var typ string
	if err := conn.QueryRow(ctx, `SELECT type FROM geometry_columns WHERE f_table_schema = $1 AND f_table_name = 'layer_coal_ban'`, schema).Scan(&typ); err != nil || typ != "MULTIPOLYGON" {
		t.Errorf("geometry_columns type of layer_coal_ban = %q (%v), want MULTIPOLYGON", typ, err)
	}

	// A bounding-box filter on the typed column uses the partial
	// expression index, not a scan of zone_versions.
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `SET LOCAL enable_seqscan = off`); err != nil {
		t.Fatal(err)
	}
	var plan strings.Builder
	rows, err := tx.Query(ctx, `EXPLAIN SELECT zone_id FROM layer_coal_ban WHERE geom && ST_MakeEnvelope(110.5, 35.5, 112.5, 37.5, 4326)`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		plan.WriteString(line + "\n")
	}
	rows.Close()
	tx.Rollback(ctx) //nolint:errcheck // read-only
	if !strings.Contains(plan.String(), "zone_versions_published_multipolygon") {
		t.Errorf("spatial filter on layer_coal_ban does not use zone_versions_published_multipolygon:\n%s", plan.String())
	}

	// Time passes: a's validity ends, and the view drops it.
	a.Validity.To = time.Now().Add(-time.Second)
	if err := s.Commit(ctx, data.Batch{Update: []*geo.Zone{a}}); err != nil {
		t.Fatalf("Commit update: %v", err)
	}
	if got := query("layer_coal_ban"); got.count != 1 || got.names != "晋中市禁煤区" {
		t.Errorf("after a's validity ended: %+v, want only 晋中市禁煤区", got)
	}

	ogrinfo, err := exec.LookPath("ogrinfo")
	if err != nil {
		t.Skip("ogrinfo (GDAL) not installed; apt-get install gdal-bin to run the GDAL part")
	}
	pg := pgConnString(t, postgistest.DSN(t)) + " schemas=" + schema
	out, err := runOgrinfo(ctx, ogrinfo, "-ro", "-q", "PG:"+pg)
	if err != nil {
		t.Fatalf("ogrinfo: %v\n%s", err, out)
	}
	for _, want := range []string{"layer_coal_ban (Multi Polygon)", "layer_coal_route (Multi Line String)", "layer_checkpoint (Multi Point)", "layer_any"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("ogrinfo PG: lacks %q:\n%s", want, out)
		}
	}
	out, err = runOgrinfo(ctx, ogrinfo, "-ro", "-q", "-spat", "110.5", "35.5", "112.5", "37.5", "PG:"+pg, "layer_coal_ban")
	if err != nil || strings.Count(string(out), "OGRFeature(layer_coal_ban)") != 0 {
		t.Errorf("ogrinfo -spat after a ended: want no feature (%v):\n%s", err, out)
	}
}

// TestMigrationCreatesLayerViews takes a store back to schema 4 (no layer
// views or their indexes) with a layer and a zone in it, reopens it, and
// checks that migration 0005 creates the view of the stored layer.
func TestMigrationCreatesLayerViews(t *testing.T) {
	t.Parallel()
	dsn, _ := postgistest.Schema(t)
	s := openDSN(t, dsn, postgis.Options{})
	if _, err := s.PutLayer(t.Context(), geo.Layer{ID: "coal_ban", Kind: geo.KindCoalBan, Title: "禁煤区"}); err != nil {
		t.Fatalf("PutLayer: %v", err)
	}
	zone := &geo.Zone{Layer: "coal_ban", Kind: geo.KindCoalBan, ID: "a", Name: "太原", Status: geo.StatusPublished,
		Geometry: orb.Polygon{{{111, 36}, {112, 36}, {112, 37}, {111, 36}}}}
	if err := s.Commit(t.Context(), data.Batch{Append: []*geo.Zone{zone}}); err != nil {
		t.Fatalf("Commit: %v", err)
	}
	s.Close()
	postgistest.Exec(t, dsn, `DROP VIEW layer_coal_ban;
		DROP INDEX zone_versions_published_multipolygon, zone_versions_published_multilinestring, zone_versions_published_multipoint;
		DELETE FROM schema_migrations WHERE version = 5`)
	openDSN(t, dsn, postgis.Options{})
	postgistest.Exec(t, dsn, `DO $$ BEGIN
		IF (SELECT count(*) FROM layer_coal_ban WHERE GeometryType(geom) = 'MULTIPOLYGON') <> 1 THEN RAISE 'layer_coal_ban not recreated'; END IF;
		END $$`)
}

// runOgrinfo runs ogrinfo, again when it met a table that a parallel test
// dropped while GDAL read the catalog ("could not open relation with
// OID", seen once under -race): GDAL's catalog query touches relations of
// every schema, so the other tests' schema churn can reach it.
func runOgrinfo(ctx context.Context, ogrinfo string, args ...string) ([]byte, error) {
	for try := 1; ; try++ {
		out, err := exec.CommandContext(ctx, ogrinfo, args...).CombinedOutput()
		if try == 5 || !bytes.Contains(out, []byte("could not open relation with OID")) {
			return out, err
		}
	}
}
