package main

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/data/demo"
	"github.com/zonegate/zonegate/data/follow"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/index"
	"github.com/zonegate/zonegate/geo/raster"
)

// demoStore returns a temp SQLite store loaded with the demo region.
func demoStore(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "demo.db")
	s, err := openStore(context.Background(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if ok, err := demo.Load(context.Background(), s); err != nil || !ok {
		t.Fatalf("demo.Load: %v, %v", ok, err)
	}
	return path
}

// zonesAt returns "layer/id" of the published zones at p now.
func zonesAt(t *testing.T, store string, p orb.Point, layers ...string) []string {
	t.Helper()
	s, err := openStore(context.Background(), store, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ix := index.New()
	if err := follow.New(s, ix, nil).CatchUp(context.Background()); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, z := range ix.Snapshot().ZonesAt(nil, p, index.Query{At: time.Now(), Layers: layers}) {
		out = append(out, z.Layer+"/"+z.ID)
	}
	slices.Sort(out)
	return out
}

func TestAnalyseBelowOnDemo(t *testing.T) {
	store := demoStore(t)
	demDir := filepath.Join(t.TempDir(), "dem")
	stdout, _, err := runCmd(t, "demo", "dem", "--out", demDir)
	if err != nil || strings.Count(stdout, ".hgt\n") != 6 {
		t.Fatalf("demo dem: %v\n%s", err, stdout)
	}
	tiles, err := filepath.Glob(filepath.Join(demDir, "*.hgt"))
	if err != nil || len(tiles) != 6 {
		t.Fatalf("glob: %v %v", tiles, err)
	}
	// As a shell passes "--dem dem/*.hgt"; no --clip: the demo default.
	args := append([]string{"analyse", "below", "--store", store, "--level", "600", "--out", "heating600", "--dem"}, tiles...)
	stdout, stderr, err := runCmd(t, args...)
	if err != nil {
		t.Fatalf("analyse below: %v\n%s\n%s", err, stdout, stderr)
	}
	t.Logf("stdout:\n%s\nstderr:\n%s", stdout, stderr)
	for _, want := range []string{"counties/141002", "尧都区", "counties/141024", "洪洞县", "counties/141023", "襄汾县", "TOTAL",
		"published 3 zones to layer heating600 and 3 lines to layer heating600_line"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q", want)
		}
	}
	if !strings.Contains(stderr, "no --clip: using the demo's 一城三区 counties:141002,141024,141023") {
		t.Errorf("stderr does not say which default clip was used:\n%s", stderr)
	}

	centre := orb.Point{111.5186, 36.0880}
	if got, want := zonesAt(t, store, centre, "heating600", "counties"), []string{"counties/141002", "heating600/141002"}; !slices.Equal(got, want) {
		t.Errorf("zones at the Linfen centre: %v, want %v", got, want)
	}
	// A point in 尧都区 that the DEM puts above 600 m.
	high := orb.Point{111.25, 36.10}
	b, err := os.ReadFile(filepath.Join(demDir, "N36E111.hgt"))
	if err != nil {
		t.Fatal(err)
	}
	tile, err := raster.ReadHGT("N36E111.hgt", b)
	if err != nil {
		t.Fatal(err)
	}
	if z, ok := tile.Sample(high[0], high[1]); !ok || z <= 650 {
		t.Fatalf("test point %v is at %.0f m, want well above 600 m", high, z)
	}
	if got, want := zonesAt(t, store, high, "heating600", "counties"), []string{"counties/141002"}; !slices.Equal(got, want) {
		t.Errorf("zones at %v (above 600 m): %v, want %v", high, got, want)
	}

	// The layers list shows the new layers with their kinds.
	stdout, _, err = runCmd(t, "layers", "--store", store)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"heating600", "clean_heating_600m", "heating600_line", "custom"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("layers output lacks %q:\n%s", want, stdout)
		}
	}

	// A second run with an explicit clip publishes version 2 of 尧都区 only.
	stdout, stderr, err = runCmd(t, "analyse", "below", "--store", store, "--dem", demDir, "--clip", "counties:141002",
		"--out", "heating600", "--valid-from", "2020-10-15")
	if err != nil || !strings.Contains(stdout, "published 1 zones") {
		t.Fatalf("second run: %v\n%s\n%s", err, stdout, stderr)
	}
	checkBelowZone(t, store, "heating600", "141002", 2)
	// The counties the second run left out end where it begins.
	s, err := openStore(context.Background(), store, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, id := range []string{"141024", "141023"} {
		z, err := s.Zone(context.Background(), "heating600", id)
		if want := time.Date(2020, 10, 14, 16, 0, 0, 0, time.UTC); err != nil || z.Version != 1 ||
			z.Status != geo.StatusPublished || !z.Validity.To.Equal(want) {
			t.Errorf("heating600/%s after the second run: %+v, %v; want version 1 valid until %v", id, z, err, want)
		}
	}
}

// checkBelowZone asserts the stored version, kind, validity and provenance
// of one result zone.
func checkBelowZone(t *testing.T, store, layer, id string, version int64) {
	t.Helper()
	s, err := openStore(context.Background(), store, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	z, err := s.Zone(context.Background(), layer, id)
	if err != nil {
		t.Fatal(err)
	}
	if z.Version != version || z.Kind != geo.KindCleanHeating600m || z.Status != geo.StatusPublished {
		t.Errorf("%s/%s: version %d kind %s status %s, want version %d clean_heating_600m published", layer, id, z.Version, z.Kind, z.Status, version)
	}
	if want := time.Date(2020, 10, 14, 16, 0, 0, 0, time.UTC); !z.Validity.From.Equal(want) {
		t.Errorf("valid_from %v, want %v", z.Validity.From, want)
	}
	p := z.Properties
	if p["clip_layer"] != "counties" || p["clip_id"] != id || p["clip_name"] != "尧都区" || p["level_m"] != 600.0 ||
		p["dem"] != "N35E110.hgt, N35E111.hgt, N35E112.hgt, N36E110.hgt, N36E111.hgt, N36E112.hgt" {
		t.Errorf("properties %v", p)
	}
	if a, ok := p["area_km2"].(float64); !ok || a < 100 || a > 1200 {
		t.Errorf("area_km2 %v", p["area_km2"])
	}
	if _, err := time.Parse(time.RFC3339, p["computed_at"].(string)); err != nil {
		t.Errorf("computed_at: %v", err)
	}
	if err := z.Validate(); err != nil {
		t.Errorf("stored zone invalid: %v", err)
	}
}

func TestAnalyseBelowUsage(t *testing.T) {
	empty := filepath.Join(t.TempDir(), "empty.db")
	demDir := t.TempDir()
	if err := os.WriteFile(filepath.Join(demDir, "N36E111.hgt"), make([]byte, 2*1201*1201), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"no subcommand", []string{"analyse"}, "analyse below"},
		{"no out", []string{"analyse", "below", "--store", empty, "--dem", demDir}, "needs --out"},
		{"files and a stored name", []string{"analyse", "below", "--store", empty, "--dem", demDir, "--dem-name", "x", "--out", "x"}, "not both"},
		{"no clip and no demo counties", []string{"analyse", "below", "--store", empty, "--dem", demDir, "--out", "x"}, "needs --clip"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, stderr, err := runCmd(t, tc.args...)
			if err != errUsage || !strings.Contains(stderr, tc.stderr) {
				t.Errorf("err %v, stderr %q; want errUsage and %q", err, stderr, tc.stderr)
			}
		})
	}
}

func TestExpandRepeated(t *testing.T) {
	tests := []struct {
		name string
		in   []string
		want []string
	}{
		{"glob after flag", []string{"--dem", "a", "b", "c", "--out", "x"}, []string{"--dem", "a", "--dem", "b", "--dem", "c", "--out", "x"}},
		{"equals form", []string{"-dem=a", "b"}, []string{"-dem=a", "--dem", "b"}},
		{"single", []string{"--out", "x", "--dem", "a"}, []string{"--out", "x", "--dem", "a"}},
		{"other flags untouched", []string{"--clip", "a", "b"}, []string{"--clip", "a", "b"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := expandRepeated(tc.in, "dem"); !slices.Equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
