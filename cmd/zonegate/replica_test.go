package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/postgis"
	"github.com/zonegate/zonegate/data/postgis/postgistest"
	"github.com/zonegate/zonegate/geo"
)

// replica is one `zonegate serve` process.
type replica struct {
	name string
	base string // http://host:port
	cmd  *exec.Cmd
	mu   sync.Mutex
	logs strings.Builder
}

// startReplica runs the built binary as `serve` on dsn, with more flags,
// and waits until it listens; the process is stopped when t ends.
func startReplica(t *testing.T, bin, name, dsn string, flags ...string) *replica {
	t.Helper()
	r := &replica{name: name}
	r.cmd = exec.Command(bin, append([]string{"serve", "--store", dsn, "--addr", "127.0.0.1:0", "--log-level", "info", "--rate", "anonymous=off"}, flags...)...)
	stdout, err := r.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr, err := r.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := r.cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	t.Cleanup(func() {
		r.cmd.Process.Signal(os.Interrupt) //nolint:errcheck // it may have exited
		done := make(chan struct{})
		go func() { r.cmd.Wait(); close(done) }() //nolint:errcheck // exit status is irrelevant here
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			r.cmd.Process.Kill() //nolint:errcheck // last resort
			<-done
		}
		if t.Failed() {
			t.Logf("replica %s log:\n%s", name, r.log())
		}
	})
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			r.mu.Lock()
			r.logs.WriteString(sc.Text() + "\n")
			r.mu.Unlock()
		}
	}()
	select {
	case r.base = <-listeningOn(stdout):
	case <-time.After(60 * time.Second):
		t.Fatalf("replica %s did not start:\n%s", name, r.log())
	}
	return r
}

// buildZonegate builds this command into a temporary directory and
// returns the binary's path.
func buildZonegate(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "zonegate")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// listeningOn reads a serve process's stdout and sends the base URL
// (http://host:port) of its "listening on" line; it reads on until EOF, so
// the pipe never fills.
func listeningOn(stdout io.Reader) <-chan string {
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if _, rest, ok := strings.Cut(sc.Text(), "listening on "); ok {
				base, _, _ := strings.Cut(rest, " ")
				addr <- base
			}
		}
	}()
	return addr
}

func (r *replica) log() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.logs.String()
}

// get decodes a JSON answer of GET path.
func (r *replica) get(t *testing.T, path string, out any) int {
	t.Helper()
	resp, err := http.Get(r.base + path)
	if err != nil {
		t.Fatalf("%s GET %s: %v", r.name, path, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode == http.StatusOK {
		if err := json.Unmarshal(body, out); err != nil {
			t.Fatalf("%s GET %s: %v: %s", r.name, path, err, body)
		}
	}
	return resp.StatusCode
}

// zonesAt returns "id/version" of every zone at p, sorted.
func (r *replica) zonesAt(t *testing.T, p orb.Point) []string {
	t.Helper()
	var ans struct {
		Zones []struct {
			ID      string `json:"id"`
			Version int64  `json:"version"`
		} `json:"zones"`
	}
	q := url.Values{"lon": {fmt.Sprint(p[0])}, "lat": {fmt.Sprint(p[1])}}
	if code := r.get(t, "/v1/zones/at?"+q.Encode(), &ans); code != http.StatusOK {
		t.Fatalf("%s zones at %v: status %d", r.name, p, code)
	}
	out := make([]string, 0, len(ans.Zones))
	for _, z := range ans.Zones {
		out = append(out, fmt.Sprintf("%s/%d", z.ID, z.Version))
	}
	slices.Sort(out)
	return out
}

// revision returns the revision /readyz reports, -1 while not ready.
func (r *replica) revision(t *testing.T) int64 {
	t.Helper()
	var ans struct {
		Revision int64 `json:"revision"`
	}
	if r.get(t, "/readyz", &ans) != http.StatusOK {
		return -1
	}
	return ans.Revision
}

// cell is the square of grid cell i (10 per row, side 0.08°, 0.1° apart);
// shift moves it by a fraction of its side.
func cell(i int, shift float64) orb.Polygon {
	x, y := 111+0.1*float64(i%10)+0.08*shift, 36+0.1*float64(i/10)
	return orb.Polygon{{{x, y}, {x + 0.08, y}, {x + 0.08, y + 0.08}, {x, y + 0.08}, {x, y}}}
}

// probes are points at the cell centres and between cells.
func probes() []orb.Point {
	var ps []orb.Point
	for i := range 30 {
		x, y := 111+0.1*float64(i%10), 36+0.1*float64(i/10)
		ps = append(ps, orb.Point{x + 0.04, y + 0.04}, orb.Point{x + 0.09, y + 0.04}, orb.Point{x + 0.01, y + 0.07})
	}
	return ps
}

// TestReplicasStayInSync runs two `zonegate serve` processes on one PostGIS
// schema. An edit committed through a third connection reaches replica B
// within a second (LISTEN/NOTIFY); then B's database connections are
// terminated while edits continue, and B must end with exactly the zones A
// has.
func TestReplicasStayInSync(t *testing.T) {
	dsn, _ := postgistest.Schema(t)
	bin := buildZonegate(t)
	ctx := t.Context()
	writer, err := postgis.Open(ctx, postgistest.WithParam(dsn, "application_name", "zonegate-writer"), postgis.Options{})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer writer.Close()
	if _, err := writer.PutLayer(ctx, geo.Layer{ID: "cb", Kind: geo.KindCoalBan, Title: "禁煤区"}); err != nil {
		t.Fatalf("PutLayer: %v", err)
	}
	publish := func(i int, shift float64) int64 {
		t.Helper()
		z := &geo.Zone{Layer: "cb", ID: fmt.Sprintf("z%d", i), Kind: geo.KindCoalBan, Name: fmt.Sprintf("区%d", i), Geometry: cell(i, shift)}
		if err := data.Publish(ctx, writer, []*geo.Zone{z}); err != nil {
			t.Fatalf("Publish z%d: %v", i, err)
		}
		return z.Revision
	}

	a := startReplica(t, bin, "A", postgistest.WithParam(dsn, "application_name", "zonegate-A"))
	b := startReplica(t, bin, "B", postgistest.WithParam(dsn, "application_name", "zonegate-B"))

	// 1. Visible on B within one second of the commit.
	publish(0, 0)
	committed := time.Now()
	centre := orb.Point{111.04, 36.04}
	for !slices.Equal(b.zonesAt(t, centre), []string{"z0/1"}) {
		if time.Since(committed) > time.Second {
			t.Fatalf("zone z0 not visible on replica B one second after commit; B answers %v", b.zonesAt(t, centre))
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Logf("edit visible on replica B %v after commit", time.Since(committed).Round(time.Millisecond))

	// 2. Edits continue while B's connections are terminated.
	var last int64
	for step := range 60 {
		if step == 20 {
			postgistest.Exec(t, dsn, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'zonegate-B'`)
		}
		last = publish(step%30, float64(step/30)*0.5)
		time.Sleep(10 * time.Millisecond)
	}
	deadline := time.Now().Add(30 * time.Second) // > the 5 s poll; a deadlock guard
	for a.revision(t) != last || b.revision(t) != last {
		if time.Now().After(deadline) {
			t.Fatalf("replicas at revisions A %d, B %d; want both at %d", a.revision(t), b.revision(t), last)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.Contains(b.log(), "change feed reconnected") {
		t.Errorf("replica B did not log a change-feed reconnect; were its connections terminated?\n%s", b.log())
	}

	// 3. Same answers on both, and the expected ones: every zone at
	// version 2 (published twice), shifted by half a cell the second time.
	for _, p := range probes() {
		ga, gb := a.zonesAt(t, p), b.zonesAt(t, p)
		if !slices.Equal(ga, gb) {
			t.Errorf("zones at %v: A %v, B %v", p, ga, gb)
		}
	}
	for i := range 30 {
		x, y := 111+0.1*float64(i%10)+0.04+0.04, 36+0.1*float64(i/10)+0.04 // centre of the shifted square
		want := []string{fmt.Sprintf("z%d/2", i)}
		if i == 0 {
			want = []string{"z0/3"} // published once more in step 1
		}
		if got := b.zonesAt(t, orb.Point{x, y}); !slices.Equal(got, want) {
			t.Errorf("B: zones at centre of z%d = %v, want %v", i, got, want)
		}
	}
}
