package main

import (
	"context"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/geo/raster"
)

func TestAnalyseKilnAreasOnDemo(t *testing.T) {
	store := demoStore(t)
	stdout, stderr, err := runCmd(t, "analyse", "kiln-areas", "--store", store, "--out", "kiln_areas")
	if err != nil {
		t.Fatalf("%v\n%s\n%s", err, stdout, stderr)
	}
	for _, want := range []string{"141023", "襄汾县", "141024", "洪洞县", "TOTAL", "published 2 zones to layer kiln_areas", "zone 37"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
	// A site inside the 洪洞 relocation area is now in the published layer.
	got := zonesAt(t, store, orb.Point{111.7910, 36.1630}, "kiln_areas")
	if len(got) != 1 || got[0] != "kiln_areas/kt-hongtong-zhaocheng-141024" {
		t.Errorf("zones at the site: %v", got)
	}
	// With the sector off, the western townships count too.
	stdout, _, err = runCmd(t, "analyse", "kiln-areas", "--store", store, "--out", "kiln_all", "--sector", "180")
	if err != nil || !strings.Contains(stdout, "141002") || !strings.Contains(stdout, "published 5 zones") {
		t.Errorf("--sector 180: %v\n%s", err, stdout)
	}
}

func TestAnalyseKilnAreasRejects(t *testing.T) {
	store := demoStore(t)
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"no out", []string{}, "usage"},
		{"bad distance", []string{"--out", "k", "--min-distance-km", "-1"}, "minimum distance"},
		{"bad wind", []string{"--out", "k", "--wind-from", "400"}, "wind direction"},
		{"elevation without any DEM", []string{"--out", "k", "--min-elevation", "600"}, "holds no DEM"},
		{"files and a stored name", []string{"--out", "k", "--min-slope", "5", "--dem", "x.hgt", "--dem-name", "d"}, "not both"},
		{"small cell", []string{"--out", "k", "--cell-m", "0.5"}, "--cell-m"},
		{"missing layer", []string{"--out", "k", "--townships", "nope"}, "--townships"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"analyse", "kiln-areas", "--store", store}, tc.args...)
			_, _, err := runCmd(t, args...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

// TestAnalyseKilnAreasStoredDEM: the elevation criterion reads the DEM
// stored in the store when no --dem is given. A plane rising eastwards
// (100 m per 0.1°) over the demo region puts the 600 m contour at 111.5°E,
// so of the candidate areas only those east of it remain.
func TestAnalyseKilnAreasStoredDEM(t *testing.T) {
	store := demoStore(t)
	ctx := context.Background()
	s, err := openStore(ctx, store, nil)
	if err != nil {
		t.Fatal(err)
	}
	g, err := raster.NewGrid(301, 201, 110, 37, 0.01, 0.01)
	if err != nil {
		t.Fatal(err)
	}
	for r := range g.Height {
		for c := range g.Width {
			g.Data[r*g.Width+c] = float32(1000 * (g.X0 + float64(c)*g.DX - 110.9)) // 600 m at 111.5°E
		}
	}
	if err := s.PutDEM(ctx, &data.DEMInfo{Name: "ramp", EPSG: raster.EPSGWGS84, CreatedBy: "test"}, g); err != nil {
		t.Fatal(err)
	}
	s.Close()

	stdout, stderr, err := runCmd(t, "analyse", "kiln-areas", "--store", store, "--out", "kiln_high", "--sector", "180", "--min-elevation", "600")
	if err != nil {
		t.Fatalf("%v\n%s\n%s", err, stdout, stderr)
	}
	if !strings.Contains(stderr, "DEM: stored ramp") {
		t.Errorf("stderr does not name the stored DEM:\n%s", stderr)
	}
	// 洪洞's township (around 111.79°E) is east of 600 m, 襄汾's western
	// ones (around 111.2°E) are not; 尧都's lies west too.
	if !strings.Contains(stdout, "141024") || strings.Contains(stdout, "141002") {
		t.Errorf("areas above 600 m:\n%s", stdout)
	}
	got := zonesAt(t, store, orb.Point{111.7910, 36.1630}, "kiln_high")
	if len(got) != 1 {
		t.Errorf("zones at the 洪洞 site: %v", got)
	}
}
