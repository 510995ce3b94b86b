package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/sqlite"
)

// runCmd runs one zonegate command in process and returns its output.
func runCmd(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err = run(context.Background(), args, &out, &errOut)
	return out.String(), errOut.String(), err
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

const goodCollection = `{"type":"FeatureCollection","features":[
 {"type":"Feature","id":"a","properties":{"name":"甲区","valid_from":"2020-05-15","district":"尧都区"},
  "geometry":{"type":"Polygon","coordinates":[[[111.0,36.0],[111.2,36.0],[111.2,36.2],[111.0,36.2],[111.0,36.0]]]}},
 {"type":"Feature","properties":{"id":"b","name":"乙区"},
  "geometry":{"type":"MultiPolygon","coordinates":[[[[112.0,36.0],[112.1,36.0],[112.1,36.1],[112.0,36.1],[112.0,36.0]]]]}}
]}`

const badCollection = `{"type":"FeatureCollection","features":[
 {"type":"Feature","id":"ok","properties":{},"geometry":{"type":"Polygon","coordinates":[[[111.0,36.0],[111.2,36.0],[111.2,36.2],[111.0,36.0]]]}},
 {"type":"Feature","id":"bowtie","properties":{},"geometry":{"type":"Polygon","coordinates":[[[111.0,36.0],[111.2,36.2],[111.2,36.0],[111.0,36.2],[111.0,36.0]]]}},
 {"type":"Feature","id":"line","properties":{},"geometry":{"type":"LineString","coordinates":[[111.0,36.0],[111.2,36.2]]}},
 {"type":"Feature","id":"late","properties":{"valid_from":"not a date"},"geometry":{"type":"Polygon","coordinates":[[[111.0,36.0],[111.2,36.0],[111.2,36.2],[111.0,36.0]]]}}
]}`

func TestImportIsAtomicAndListsEveryBadFeature(t *testing.T) {
	store := filepath.Join(t.TempDir(), "z.db")
	_, stderr, err := runCmd(t, "import", "--store", store, "--layer", "coal_ban", "--kind", "coal_ban", writeFile(t, "bad.geojson", badCollection))
	if err == nil {
		t.Fatal("import of invalid features succeeded")
	}
	for _, want := range []string{"3 of 4 features are invalid", "feature 1 (id bowtie)", "self_intersection", "feature 2 (id line)", "wrong_type", "feature 3 (id late)", "valid_from",
		"\n1 of them have a shape --make-valid may repair (self-intersections, overlapping parts, holes outside): fix them, or import again with --make-valid, which prints every change it makes\n"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	stdout, _, err := runCmd(t, "layers", "--store", store)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(stdout, "coal_ban") {
		t.Fatalf("a refused import left a layer behind:\n%s", stdout)
	}
}

func TestImportThenCheck(t *testing.T) {
	store := filepath.Join(t.TempDir(), "z.db")
	file := writeFile(t, "good.geojson", goodCollection)
	stdout, _, err := runCmd(t, "import", "--store", store, "--layer", "coal_ban", "--kind", "coal_ban", "--title", "禁煤区", file)
	if err != nil || !strings.Contains(stdout, "imported 2 zones into layer coal_ban") {
		t.Fatalf("import: %v\n%s", err, stdout)
	}
	stdout, _, err = runCmd(t, "check", "--store", store, "--lon", "111.1", "--lat", "36.1", "--at", "2020-06-01", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Zones []struct {
			ID      string `json:"id"`
			Name    string `json:"name"`
			Version int64  `json:"version"`
		} `json:"zones"`
	}
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("%v: %s", err, stdout)
	}
	if len(got.Zones) != 1 || got.Zones[0].ID != "a" || got.Zones[0].Name != "甲区" || got.Zones[0].Version != 1 {
		t.Fatalf("check after import: %+v", got.Zones)
	}
	// Before valid_from the zone does not apply.
	stdout, _, _ = runCmd(t, "check", "--store", store, "--lon", "111.1", "--lat", "36.1", "--at", "2020-05-14")
	if !strings.Contains(stdout, "no zone") {
		t.Fatalf("check before valid_from: %s", stdout)
	}
	// A second import publishes version 2, which supersedes version 1.
	if _, _, err := runCmd(t, "import", "--store", store, "--layer", "coal_ban", file); err != nil {
		t.Fatal(err)
	}
	stdout, _, _ = runCmd(t, "check", "--store", store, "--lon", "111.1", "--lat", "36.1", "--at", "2020-06-01", "--json")
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Zones) != 1 || got.Zones[0].Version != 2 {
		t.Fatalf("after re-import want only version 2: %+v", got.Zones)
	}
	// Kind mismatch with the existing layer is refused.
	if _, _, err := runCmd(t, "import", "--store", store, "--layer", "coal_ban", "--kind", "burn_ban", file); err == nil {
		t.Fatal("import with another kind succeeded")
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{{}, {"frobnicate"}, {"check", "--lon", "1"}, {"import", "--store", "x.db"}, {"serve", "--nope"}} {
		if _, _, err := runCmd(t, args...); !errors.Is(err, errUsage) {
			t.Errorf("%v: err = %v, want usage error", args, err)
		}
	}
	if _, stderr, err := runCmd(t, "serve", "--help"); !errors.Is(err, flag.ErrHelp) || !strings.Contains(stderr, "--demo") ||
		strings.Contains(stderr, ".go") {
		t.Errorf("serve --help (must explain --demo and name no source file): %v\n%s", err, stderr)
	}
}

func TestServeDemoEndToEnd(t *testing.T) {
	store := filepath.Join(t.TempDir(), "z.db")
	base, stop := serveInProcess(t, "serve", "--demo", "--store", store, "--addr", "127.0.0.1:0", "--log-level", "warn")
	resp, err := http.Get(base + "/readyz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("readyz: %v %v", err, resp)
	}
	resp.Body.Close()
	body := `{"position":[111.5186,36.0880],"cargo":{"fuel":"coal","sulfur_pct":0.4,"ash_pct":9.5},"documents":{"supply_contract":true,"quality_report":true},"destination":{"category":"residential"},"plate":"晋L·12345","station":"G108-yaodu-01"}`
	resp, err = http.Post(base+"/v1/checks/coal-truck", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var decision struct {
		Decision string `json:"decision"`
		Action   string `json:"action"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&decision); err != nil || decision.Decision != "deny" || decision.Action != "turn_back" {
		t.Fatalf("check in the Yaodu coal-ban zone: %+v %v", decision, err)
	}
	resp.Body.Close()

	stop()
	// The check was flushed to the inspection log before exit.
	s, err := sqlite.Open(context.Background(), store, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	recs, err := s.Inspections(context.Background(), data.InspectionFilter{})
	if err != nil || len(recs) != 1 || recs[0].Plate != "晋L·12345" || recs[0].Decision != "deny" {
		t.Fatalf("inspection log after shutdown: %v %+v", err, recs)
	}
}

// serveInProcess runs the serve command args in process, returns its base
// URL once it listens, and a stop that shuts it down as SIGTERM would and
// fails the test unless it ends cleanly.
func serveInProcess(t *testing.T, args ...string) (base string, stop func()) {
	t.Helper()
	pr, pw := io.Pipe()
	addrCh := listeningOn(pr)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, args, pw, io.Discard) }()
	select {
	case base = <-addrCh:
	case err := <-done:
		cancel()
		t.Fatalf("serve ended early: %v", err)
	case <-time.After(60 * time.Second):
		cancel()
		t.Fatal("serve did not start")
	}
	return base, func() {
		t.Helper()
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("serve returned %v on shutdown", err)
			}
		case <-time.After(30 * time.Second):
			t.Fatal("serve did not shut down")
		}
		pw.Close()
	}
}
