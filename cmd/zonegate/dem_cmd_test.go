package main

import (
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zonegate/zonegate/geo/analysis/terrain"
)

// areaRows returns the per-clip and total lines of an 'analyse below'
// table, which hold the areas.
func areaRows(stdout string) []string {
	var rows []string
	for _, l := range strings.Split(stdout, "\n") {
		if strings.Contains(l, "counties/") || strings.HasPrefix(strings.TrimSpace(l), "TOTAL") {
			rows = append(rows, strings.Join(strings.Fields(l), " "))
		}
	}
	return rows
}

// TestDEMImportRoundTrip imports the demo DEM's .hgt tiles into the store
// and checks that 'analyse below' without --dem, on the stored DEM, gives
// exactly the areas it gives with --dem on the files.
func TestDEMImportRoundTrip(t *testing.T) {
	store := demoStore(t)
	demDir := filepath.Join(t.TempDir(), "dem")
	if _, _, err := runCmd(t, "demo", "dem", "--out", demDir); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runCmd(t, "analyse", "below", "--store", store, "--out", "nodem"); err == nil ||
		!strings.Contains(err.Error(), "holds no DEM") {
		t.Fatalf("analyse below without any DEM: %v, want a 'holds no DEM' error", err)
	}
	fromFiles, stderr, err := runCmd(t, "analyse", "below", "--store", store, "--dem", demDir, "--out", "below_files")
	if err != nil {
		t.Fatalf("with --dem: %v\n%s", err, stderr)
	}

	stdout, stderr, err := runCmd(t, "dem", "import", "--store", store, "--name", "linfen3s", demDir)
	if err != nil {
		t.Fatalf("dem import: %v\n%s", err, stderr)
	}
	if !strings.Contains(stdout, "stored DEM linfen3s: 3601×2401 samples, [110, 113]×[35, 37]") {
		t.Errorf("import output: %s", stdout)
	}
	for _, want := range []string{"read 1/6 N35E110.hgt: 1201×1201 samples", "read 6/6 N36E112.hgt", "mosaic: 3601×2401 samples", "storing DEM linfen3s"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("import progress lacks %q:\n%s", want, stderr)
		}
	}
	stdout, _, err = runCmd(t, "dem", "list", "--store", store)
	if err != nil || !strings.Contains(stdout, "linfen3s") || !strings.Contains(stdout, "3601×2401") ||
		!strings.Contains(stdout, "N35E110.hgt,N35E111.hgt") || !strings.Contains(stdout, " cli ") {
		t.Errorf("dem list: %v\n%s", err, stdout)
	}

	fromStore, stderr, err := runCmd(t, "analyse", "below", "--store", store, "--out", "below_store")
	if err != nil {
		t.Fatalf("without --dem: %v\n%s", err, stderr)
	}
	if !strings.Contains(stderr, "DEM: stored linfen3s, 3601×2401 samples") {
		t.Errorf("stderr does not name the stored DEM:\n%s", stderr)
	}
	a, b := areaRows(fromFiles), areaRows(fromStore)
	if len(a) != 4 || strings.Join(a, "\n") != strings.Join(b, "\n") {
		t.Errorf("areas differ:\nwith --dem:\n%s\nstored:\n%s", strings.Join(a, "\n"), strings.Join(b, "\n"))
	}
	if _, _, err := runCmd(t, "analyse", "below", "--store", store, "--dem-name", "nope", "--out", "x"); err == nil ||
		!strings.Contains(err.Error(), `no stored DEM "nope"`) {
		t.Errorf("unknown --dem-name: %v", err)
	}

	// serve loads it: the same loader, with a point of the demo valley.
	s, err := openStore(context.Background(), store, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	set, err := loadDEMs(context.Background(), s, slog.New(slog.DiscardHandler))
	if err != nil || len(set) != 1 || set[0].Name != "linfen3s" {
		t.Fatalf("loadDEMs: %v, %v", set, err)
	}
	checkValley(t, set)
}

func checkValley(t *testing.T, set terrain.DEMSet) {
	t.Helper()
	if z, name, ok := set.Sample(111.5186, 36.0880); !ok || name != "linfen3s" || z < 400 || z > 550 {
		t.Errorf("Linfen centre at %.1f m from %q (%v), want the valley floor (400–550 m)", z, name, ok)
	}
}

func TestDefaultDEMName(t *testing.T) {
	tests := []struct {
		paths []string
		want  string
	}{
		{[]string{"/x/N36E111.hgt"}, "n36e111"},
		{[]string{"a/N35E110.hgt", "a/N36E112.hgt"}, "n35e110-n36e112"},
		{[]string{"dem (copy).tif"}, "dem_copy"},
		{[]string{"__.tif"}, "dem"},
	}
	for _, tc := range tests {
		if got := defaultDEMName(tc.paths); got != tc.want {
			t.Errorf("defaultDEMName(%q) = %q, want %q", tc.paths, got, tc.want)
		}
	}
}

func TestDEMImportNeedsFiles(t *testing.T) {
	store := filepath.Join(t.TempDir(), "x.db")
	if _, _, err := runCmd(t, "dem", "import", "--store", store); err != errUsage {
		t.Errorf("no files: %v, want usage error", err)
	}
	if _, _, err := runCmd(t, "dem", "import", "--store", store, "--name", "bad name!", "x.hgt"); err == nil {
		t.Error("a missing file or bad name was accepted")
	}
	if _, _, err := runCmd(t, "migrate", "--store", store); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, err := runCmd(t, "dem", "list", "--store", store)
	if err != nil || stdout != "" || !strings.Contains(stderr, "no DEMs stored") {
		t.Errorf("empty list: %v %q %q", err, stdout, stderr)
	}
}
