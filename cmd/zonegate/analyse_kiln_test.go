package main

import (
	"strings"
	"testing"

	"github.com/paulmach/orb"
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
		{"elevation without DEM", []string{"--out", "k", "--min-elevation", "600"}, "need --dem"},
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
