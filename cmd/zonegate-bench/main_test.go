package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMain lets the test binary stand in for the children the harness
// starts: "serve-floor" (the harness runs itself) and, with
// fakeTile38Env set, a fake tile38-server.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == "serve-floor" {
		if err := serveFloor(os.Args[2:]); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	if os.Getenv(fakeTile38Env) == "1" {
		os.Exit(fakeTile38Main(os.Args[1:]))
	}
	os.Exit(m.Run())
}

// TestHarnessSmoke runs the whole harness briefly on the demo counties
// with child processes: the floor (this test binary as serve-floor), the
// real zonegate built from this module, and the fake Tile38 (this test
// binary again). The hit totals must agree (run fails otherwise) and every
// mode prints its rows. With ZONEGATE_TEST_POSTGRES set, the PostGIS tile
// timing runs too.
func TestHarnessSmoke(t *testing.T) {
	t.Setenv("ZONEGATE_LINFEN", "")
	t.Setenv(fakeTile38Env, "1")
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	err = run(context.Background(), []string{"--duration", "30ms", "--points", "1000", "--batch", "400", "--rounds", "2", "--tile38", self}, &out)
	if err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	s := out.String()
	want := []string{
		"hit totals agree (floor, zonegate, tile38): ",
		"coal-truck checks deny ",
		"1 conn, 1 lookup/request       floor     ",
		"32 conns, 1 lookup/request     zonegate",
		"32 conns, 1 lookup/request     tile38",
		"32 conns, coal-truck check     zonegate",
		"1 conn, coal-truck check       floor",
		"checks per fdatasync",
		"bulk: batch of 400, 1 conn     tile38 pipelined ×64",
		"end to end per batch (p50), server CPU ",
		"bulk: NDJSON stream, 1 conn    zonegate",
		"zonegate ÷ Tile38 (q/s):",
		"paced 10000/s, 32 conns, lookup tile38",
		"paced 10000/s, 32 conns, check zonegate",
		"--rate anonymous=off --rate inspector=off",
		"First tile after a restart (3 restarts; tile cache off): z8/",
	}
	if os.Getenv("ZONEGATE_TEST_POSTGRES") != "" {
		want = append(want, "z15 ")
	} else {
		want = append(want, "PostGIS ST_AsMVT timing skipped")
	}
	for _, w := range want {
		if !strings.Contains(s, w) {
			t.Errorf("output lacks %q", w)
		}
	}
	if t.Failed() {
		t.Log(s)
	}
	if testing.Verbose() {
		t.Log(s)
	}
}

// TestHarnessUsage refuses a run with nothing to measure before starting
// anything.
func TestHarnessUsage(t *testing.T) {
	var out strings.Builder
	err := run(context.Background(), []string{"--points", "0"}, &out)
	if err == nil || !strings.Contains(err.Error(), "must be positive") {
		t.Fatalf("--points 0: err %v, want a 'must be positive' error", err)
	}
	err = run(context.Background(), []string{"--modes", "get,checks"}, &out)
	if err == nil || !strings.Contains(err.Error(), `unknown mode "checks"`) {
		t.Fatalf("--modes get,checks: err %v, want an unknown mode error", err)
	}
}

// TestHarnessMakeValid: a set with a self-intersecting ring (a bowtie)
// beside a polygon with a hole and a MultiPolygon stops the run with the
// import's refusal naming --make-valid; with --make-valid every server,
// the fake Tile38 included, gets zonegate's repair and the hit totals
// agree. repairPolygons' report names the repaired feature.
func TestHarnessMakeValid(t *testing.T) {
	t.Setenv(fakeTile38Env, "1")
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	set := filepath.Join(t.TempDir(), "set.geojson")
	if err := os.WriteFile(set, []byte(`{"type":"FeatureCollection","features":[
{"type":"Feature","id":"holed","properties":{},"geometry":{"type":"Polygon","coordinates":[[[111,36],[111.5,36],[111.5,36.5],[111,36.5],[111,36]],[[111.1,36.1],[111.1,36.4],[111.4,36.4],[111.4,36.1],[111.1,36.1]]]}},
{"type":"Feature","id":"multi","properties":{},"geometry":{"type":"MultiPolygon","coordinates":[[[[111.6,36],[111.8,36],[111.8,36.2],[111.6,36.2],[111.6,36]]],[[[111.6,36.3],[111.8,36.3],[111.8,36.5],[111.6,36.5],[111.6,36.3]]]]}},
{"type":"Feature","id":"bowtie","properties":{},"geometry":{"type":"Polygon","coordinates":[[[110.5,35.5],[110.9,35.9],[110.9,35.5],[110.5,35.9],[110.5,35.5]]]}}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"--polygons", set, "--modes", "get", "--duration", "30ms", "--points", "1000", "--batch", "400", "--tile38", self}
	var out strings.Builder
	err = run(context.Background(), args, &out)
	if err == nil || !strings.Contains(err.Error(), "feature 2 (id bowtie): zone bowtie: polygon 0 ring 0 vertex 1: self_intersection") ||
		!strings.Contains(err.Error(), "--make-valid") {
		t.Fatalf("run on a bowtie without --make-valid: err %v, want the import's refusal naming --make-valid\n%s", err, out.String())
	}
	out.Reset()
	if err := run(context.Background(), append(args, "--make-valid"), &out); err != nil {
		t.Fatalf("--make-valid: %v\n%s", err, out.String())
	}
	for _, w := range []string{
		"--make-valid (zonegate import --make-valid; every server gets the repaired set): repaired 1 feature:\n  feature 2 (id bowtie): split_self_intersection; area 0 → 803.3 km²\n",
		"hit totals agree (floor, zonegate, tile38): ",
	} {
		if !strings.Contains(out.String(), w) {
			t.Errorf("output lacks %q:\n%s", w, out.String())
		}
	}
}
