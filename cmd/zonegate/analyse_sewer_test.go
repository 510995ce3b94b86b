package main

import (
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

func TestAnalyseSewerCoverageOnDemo(t *testing.T) {
	store := demoStore(t)
	stdout, stderr, err := runCmd(t, "analyse", "sewer-coverage", "--store", store, "--out", "sewer_cover")
	if err != nil {
		t.Fatalf("analyse sewer-coverage: %v\n%s\n%s", err, stdout, stderr)
	}
	t.Logf("stdout:\n%s\nstderr:\n%s", stdout, stderr)
	for _, want := range []string{"141002", "尧都区", "141028", "吉县", "TOTAL",
		"published 17 zones to layer sewer_cover (service distance 500 m, 25 m cells)"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q", want)
		}
	}
	if !strings.Contains(stderr, "162 sewer lines, 17 counties") {
		t.Errorf("stderr lacks the input summary:\n%s", stderr)
	}
	// The Linfen centre is served; a point in 尧都区's unserved north-east
	// quarter (1.27 km from any sewer) is not.
	if got, want := zonesAt(t, store, orb.Point{111.5186, 36.0880}, "sewer_cover"), []string{"sewer_cover/141002"}; !slices.Equal(got, want) {
		t.Errorf("zones at the centre: %v, want %v", got, want)
	}
	if got := zonesAt(t, store, orb.Point{111.5336, 36.108}, "sewer_cover"); len(got) != 0 {
		t.Errorf("unserved point is in %v", got)
	}
	// A second run replaces the zones and still reads only the lines.
	if stdout, stderr, err := runCmd(t, "analyse", "sewer-coverage", "--store", store, "--out", "sewer_cover", "--service-m", "800"); err != nil ||
		!strings.Contains(stderr, "162 sewer lines") {
		t.Fatalf("second run: %v\n%s\n%s", err, stdout, stderr)
	}
	if got := zonesAt(t, store, orb.Point{111.5336, 36.108}, "sewer_cover"); len(got) != 0 {
		t.Errorf("point 1.27 km from any sewer is in %v at 800 m", got)
	}
}

func TestAnalyseSewerUsage(t *testing.T) {
	store := demoStore(t)
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"NoOut", []string{"--store", store}, "needs --out"},
		{"BadService", []string{"--store", store, "--out", "x", "--service-m", "-3"}, "--service-m -3 must be a positive"},
		{"BadLayer", []string{"--store", store, "--out", "bad layer"}, "layer id"},
		{"WrongKind", []string{"--store", store, "--out", "coal_ban"}, "exists with kind coal_ban"},
		{"NoCounties", []string{"--store", store, "--out", "x", "--counties", "nothing"}, "layer nothing has no published county polygons"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			stdout, stderr, err := runCmd(t, append([]string{"analyse", "sewer-coverage"}, tc.args...)...)
			if err == nil {
				t.Fatalf("no error; stdout:\n%s", stdout)
			}
			if !strings.Contains(err.Error()+stderr, tc.want) {
				t.Errorf("error %v / stderr %q lacks %q", err, stderr, tc.want)
			}
		})
	}
}
