package sqlite_test

import (
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/sqlite"
	"github.com/zonegate/zonegate/geo"
)

// square is a closed one-degree square ring with its south-west corner at
// (x, y).
func square(x, y float64) orb.Ring {
	return orb.Ring{{x, y}, {x + 1, y}, {x + 1, y + 1}, {x, y + 1}, {x, y}}
}

// seedLayerViews writes layers of every geometry class with zones that a
// layer view must show (published, valid now) and must not (drafts,
// retired, not yet valid, no longer valid), plus a token and audit entries.
// It returns the committed coal_ban zone "a" for later updates.
func seedLayerViews(t *testing.T, s *sqlite.Store) *geo.Zone {
	t.Helper()
	ctx := t.Context()
	for _, l := range []geo.Layer{
		{ID: "coal_ban", Kind: geo.KindCoalBan, Title: "禁煤区"},
		{ID: "coal_route", Kind: geo.KindCoalRoute, Title: "运煤路线"},
		{ID: "checkpoint", Kind: geo.KindCheckpoint, Title: "检查站"},
		{ID: "burn_ban", Kind: geo.KindBurnBan, Title: "empty"},
		{ID: "tokens", Kind: geo.KindCustom, Title: "a layer named like a store table"},
	} {
		if _, err := s.PutLayer(ctx, l); err != nil {
			t.Fatalf("PutLayer %s: %v", l.ID, err)
		}
	}
	now := time.Now()
	past, future := geo.Validity{From: now.Add(-48 * time.Hour)}, geo.Validity{From: now.Add(48 * time.Hour)}
	ended := geo.Validity{From: now.Add(-48 * time.Hour), To: now.Add(-time.Hour)}
	z := func(layer, id, name string, st geo.Status, v geo.Validity, g orb.Geometry) *geo.Zone {
		return &geo.Zone{Layer: layer, ID: id, Name: name, Kind: kindOf(layer), Status: st, Validity: v, Geometry: g}
	}
	a := z("coal_ban", "a", "太原市禁煤区", geo.StatusPublished, past, orb.Polygon{square(111, 36)})
	zs := []*geo.Zone{
		a,
		z("coal_ban", "b", "晋中市禁煤区", geo.StatusPublished, geo.Validity{}, orb.MultiPolygon{{square(113, 36)}, {square(115, 36)}}),
		z("coal_ban", "c", "draft", geo.StatusDraft, past, orb.Polygon{square(111.5, 36.5)}),
		z("coal_ban", "d", "retired", geo.StatusRetired, past, orb.Polygon{square(111.5, 36.5)}),
		z("coal_ban", "e", "future", geo.StatusPublished, future, orb.Polygon{square(111.5, 36.5)}),
		z("coal_ban", "f", "ended", geo.StatusPublished, ended, orb.Polygon{square(111.5, 36.5)}),
		z("coal_route", "r1", "太焦线", geo.StatusPublished, past, orb.LineString{{111, 36}, {112, 37}}),
		z("coal_route", "r2", "multi", geo.StatusPublished, past, orb.MultiLineString{{{113, 36}, {114, 37}}, {{114, 37}, {115, 37}}}),
		z("checkpoint", "p1", "小店检查站", geo.StatusPublished, past, orb.Point{112.5, 37.8}),
		z("checkpoint", "p2", "draft", geo.StatusDraft, past, orb.Point{112.6, 37.9}),
		z("tokens", "x", "custom", geo.StatusPublished, past, orb.Point{111, 36}),
	}
	audit := []*data.AuditEntry{{Actor: "test", Action: "import", Layer: "coal_ban", ZoneID: "a"}}
	if err := s.Commit(ctx, data.Batch{Append: zs, Audit: audit}); err != nil {
		t.Fatalf("Commit: %v", err)
	}
	tok := &data.Token{ID: "0123abcd", Name: "ops", Role: data.RoleEditor, Hash: strings.Repeat("ab", 32), CreatedBy: "test"}
	if err := s.CreateToken(ctx, tok); err != nil {
		t.Fatalf("CreateToken: %v", err)
	}
	return a
}

func kindOf(layer string) geo.Kind {
	switch layer {
	case "coal_ban":
		return geo.KindCoalBan
	case "coal_route":
		return geo.KindCoalRoute
	case "checkpoint":
		return geo.KindCheckpoint
	case "burn_ban":
		return geo.KindBurnBan
	}
	return geo.KindCustom
}

// ogrinfo runs GDAL's ogrinfo read-only with args and returns its output;
// anything on stderr (a GDAL warning or error) fails the test.
func ogrinfo(t *testing.T, args ...string) string {
	t.Helper()
	bin, err := exec.LookPath("ogrinfo")
	if err != nil {
		t.Skip("ogrinfo (GDAL) not installed; apt-get install gdal-bin to run this test")
	}
	var stdout, stderr strings.Builder
	cmd := exec.CommandContext(t.Context(), bin, append([]string{"-ro"}, args...)...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	// The store file is named .db, not .gpkg: GDAL says so, and that is all
	// it may say.
	warnings := strings.ReplaceAll(stderr.String(), "has GPKG application_id, but non conformant file extension", "")
	if err := cmd.Run(); err != nil || strings.Contains(warnings, "Warning") || strings.Contains(warnings, "ERROR") {
		t.Fatalf("ogrinfo %v: %v\nstderr: %s\nstdout: %s", args, err, stderr.String(), stdout.String())
	}
	return stdout.String()
}

// TestLayerViewsAsGDALSeesThem opens the store with GDAL: one typed layer
// per zone layer holding exactly its published, currently valid zones,
// answered through the R-tree, and no table with credentials listed.
func TestLayerViewsAsGDALSeesThem(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "zonegate.db")
	s := openAt(t, path)
	defer s.Close()
	a := seedLayerViews(t, s)

	list := ogrinfo(t, "-q", path)
	const wantList = `1: zone_versions
2: coal_ban (Multi Polygon)
3: coal_route (Multi Line String)
4: checkpoint (Multi Point)
5: burn_ban (Multi Polygon)
6: layer_tokens
7: layers (None)
`
	if list != wantList {
		t.Errorf("ogrinfo lists\n%s\nwant\n%s", list, wantList)
	}

	for _, c := range []struct {
		layer string
		count int
		want  []string
	}{
		{"coal_ban", 2, []string{"Geometry: Multi Polygon", "Extent: (111.000000, 36.000000) - (116.000000, 37.500000)" /* every published version, e and f too */, "FID Column = OGC_FID", "Geometry Column = geometry", "name: String"}},
		{"coal_route", 2, []string{"Geometry: Multi Line String"}},
		{"checkpoint", 1, []string{"Geometry: Multi Point"}},
		{"burn_ban", 0, []string{"Geometry: Multi Polygon"}},
		{"layer_tokens", 1, []string{"Geometry: Unknown (any)"}},
	} {
		out := ogrinfo(t, "-so", path, c.layer)
		for _, w := range append(c.want, "Feature Count: "+itoa(c.count)+"\n", `ID["EPSG",4326]`) {
			if !strings.Contains(out, w) {
				t.Errorf("ogrinfo -so %s lacks %q:\n%s", c.layer, w, out)
			}
		}
	}

	out := ogrinfo(t, "-q", path, "coal_ban")
	for _, w := range []string{"name (String) = 太原市禁煤区", "name (String) = 晋中市禁煤区", "zone_id (String) = a", "zone_id (String) = b",
		"POLYGON ((111 36,112 36,112 37,111 37,111 36))", "MULTIPOLYGON (((113 36,114 36,114 37,113 37,113 36)),((115 36,116 36,116 37,115 37,115 36)))"} {
		if !strings.Contains(out, w) {
			t.Errorf("ogrinfo coal_ban lacks %q:\n%s", w, out)
		}
	}
	for _, no := range []string{"draft", "retired", "future", "ended"} {
		if strings.Contains(out, no) {
			t.Errorf("ogrinfo coal_ban shows the %s zone:\n%s", no, out)
		}
	}

	// A spatial filter around the first square only: GDAL answers it from
	// the R-tree (its debug output names the index table), and "b" is out.
	spat := spatialQuery(t, path, "coal_ban", "110.5", "35.5", "112.5", "37.5")
	if !strings.Contains(spat, "Feature Count: 1\n") || !strings.Contains(spat, `"rtree_zone_versions_geometry"`) {
		t.Errorf("ogrinfo -spat coal_ban: want 1 feature through rtree_zone_versions_geometry:\n%s", spat)
	}
	if spat := spatialQuery(t, path, "coal_ban", "116.5", "36", "118", "38"); !strings.Contains(spat, "Feature Count: 0\n") {
		t.Errorf("ogrinfo -spat east of every zone: want 0 features:\n%s", spat)
	}

	// Time passes: a's validity ends a second ago, and the view drops it
	// without any other write.
	a.Validity.To = time.Now().Add(-time.Second)
	if err := s.Commit(t.Context(), data.Batch{Update: []*geo.Zone{a}}); err != nil {
		t.Fatalf("Commit update: %v", err)
	}
	if out := ogrinfo(t, "-so", path, "coal_ban"); !strings.Contains(out, "Feature Count: 1\n") {
		t.Errorf("after a's validity ended, ogrinfo -so coal_ban:\n%s", out)
	}
}

// spatialQuery runs ogrinfo -spat with GDAL's debug output on and returns
// stdout and stderr together.
func spatialQuery(t *testing.T, path, layer string, bbox ...string) string {
	t.Helper()
	args := append([]string{"-ro", "-so", "--config", "CPL_DEBUG", "GPKG", "-spat"}, bbox...)
	out, err := exec.CommandContext(t.Context(), "ogrinfo", append(args, path, layer)...).CombinedOutput()
	if err != nil {
		t.Fatalf("ogrinfo -spat: %v\n%s", err, out)
	}
	return string(out)
}

func itoa(n int) string { return strconv.Itoa(n) }
