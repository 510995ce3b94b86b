package main

import (
	"bytes"
	"encoding/hex"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestExportGeoJSONRoundTrip exports a layer, imports the file into a new
// store and exports again: the two files are identical (same ids, names,
// validity, properties and every coordinate).
func TestExportGeoJSONRoundTrip(t *testing.T) {
	t.Parallel()
	src := demoStore(t)
	dir := t.TempDir()
	first, second := filepath.Join(dir, "first.geojson"), filepath.Join(dir, "second.geojson")
	for _, layer := range []string{"coal_ban", "counties", "coal_routes", "checkpoints"} {
		if _, stderr, err := runCmd(t, "export", "--store", src, "--layer", layer, "--at", "2020-11-01", "--out", first); err != nil {
			t.Fatalf("export %s: %v\n%s", layer, err, stderr)
		}
		dst := filepath.Join(dir, layer+".db")
		kind := map[string]string{"coal_ban": "coal_ban", "counties": "admin", "coal_routes": "coal_route", "checkpoints": "checkpoint"}[layer]
		if _, stderr, err := runCmd(t, "import", "--store", dst, "--layer", layer, "--kind", kind, first); err != nil {
			t.Fatalf("import %s: %v\n%s", layer, err, stderr)
		}
		if _, stderr, err := runCmd(t, "export", "--store", dst, "--layer", layer, "--at", "2020-11-01", "--out", second); err != nil {
			t.Fatalf("export again %s: %v\n%s", layer, err, stderr)
		}
		a, _ := os.ReadFile(first)
		b, _ := os.ReadFile(second)
		if len(a) < 100 || !bytes.Equal(a, b) {
			t.Errorf("%s: the round trip changed the export (%d and %d bytes)", layer, len(a), len(b))
		}
	}
}

var reportLine = regexp.MustCompile(`^# zone (\S+) part (\d+)/(\d+): area id (\d+), (\d+) → (\d+) vertices, tolerance ([0-9.]+) m`)

// TestExportJT808 writes the demo coal-ban zones for a terminal that takes
// 12 vertices: one framed message per zone, each with at most 12 vertices
// and a stated tolerance.
func TestExportJT808(t *testing.T) {
	t.Parallel()
	src := demoStore(t)
	out := filepath.Join(t.TempDir(), "coal_ban.hex")
	_, stderr, err := runCmd(t, "export", "--store", src, "--layer", "coal_ban", "--at", "2020-11-01",
		"--format", "jt808", "--terminal", "13800138000", "--max-vertices", "12", "--out", out)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	b, _ := os.ReadFile(out)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 2*17 {
		t.Fatalf("%d lines, want a comment and a message for each of the 17 coal-ban zones", len(lines))
	}
	for i := 0; i < len(lines); i += 2 {
		m := reportLine.FindStringSubmatch(lines[i])
		if m == nil {
			t.Fatalf("line %d is not a report: %q", i+1, lines[i])
		}
		msg, err := hex.DecodeString(lines[i+1])
		if err != nil || msg[0] != 0x7e || msg[len(msg)-1] != 0x7e || bytes.Count(msg, []byte{0x7e}) != 2 {
			t.Fatalf("line %d is not one framed message: %v %q", i+2, err, lines[i+1])
		}
		if msg[1] != 0x86 || msg[2] != 0x04 {
			t.Errorf("message id %X", msg[1:3])
		}
		in, _ := strconv.Atoi(m[5])
		sent, _ := strconv.Atoi(m[6])
		tol, _ := strconv.ParseFloat(m[7], 64)
		if sent > 12 || sent < 3 || (in > 12 && tol <= 0) {
			t.Errorf("zone %s: %d → %d vertices, tolerance %g m", m[1], in, sent, tol)
		}
	}
	if !strings.Contains(stderr, "wrote 17 messages 0x8604") {
		t.Errorf("stderr: %s", stderr)
	}
}

func TestExportRefusesBadFlags(t *testing.T) {
	t.Parallel()
	src := demoStore(t)
	out := filepath.Join(t.TempDir(), "x")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--format", "jt808"}, "--terminal"},
		{[]string{"--format", "jt808", "--terminal", "1380013800x"}, "digits"},
		{[]string{"--crs", "EPSG:2385"}, "not supported"},
		{[]string{"--format", "kml", "--crs", "EPSG:4546"}, "KML is always longitude/latitude"},
		{[]string{"--format", "xls"}, "want one of"},
		{[]string{"--encoding", "big5"}, "utf-8 or gbk"},
		{[]string{"--format", "jt808", "--terminal", "1", "--layer", "coal_routes"}, "polygons only"},
	} {
		args := append([]string{"export", "--store", src, "--layer", "coal_ban", "--out", out}, c.args...)
		_, stderr, err := runCmd(t, args...)
		if err == nil || !strings.Contains(err.Error()+stderr, c.want) {
			t.Errorf("%v: err %v, stderr %q; want %q", c.args, err, stderr, c.want)
		}
	}
}
