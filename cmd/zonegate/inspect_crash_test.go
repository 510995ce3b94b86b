package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zonegate/zonegate/data/postgis/postgistest"
)

// serveChildEnv carries the `zonegate serve` arguments (separated by U+001F) to
// TestServeChild in a child test process.
const serveChildEnv = "ZONEGATE_SERVE_CHILD_ARGS"

// crashRoundsEnv raises the kill rounds of the crash tests (default 3).
const crashRoundsEnv = "ZONEGATE_CRASH_ROUNDS"

// Each round streams checks from crashClients clients and kills the server
// with SIGKILL after crashAcks checks were answered 200, while the clients
// keep sending.
const (
	crashClients = 16
	crashAcks    = 300
)

// TestCheckLogSurvivesKill streams coal-truck checks to a `zonegate serve`
// process on a SQLite store, kills it with SIGKILL mid-stream, restarts it
// on the same store and requires every check that was answered 200 to be
// in the inspection log, exactly once. Each check has its own station id.
func TestCheckLogSurvivesKill(t *testing.T) {
	t.Parallel()
	testCheckLogSurvivesKill(t, filepath.Join(t.TempDir(), "zonegate.db"))
}

// TestCheckLogSurvivesKillPostGIS is TestCheckLogSurvivesKill on PostGIS
// (with synchronous_commit on, as in production).
func TestCheckLogSurvivesKillPostGIS(t *testing.T) {
	t.Parallel()
	dsn, _ := postgistest.Schema(t)
	testCheckLogSurvivesKill(t, postgistest.WithParam(dsn, "synchronous_commit", "on"))
}

func testCheckLogSurvivesKill(t *testing.T, store string) {
	rounds := 3
	if v := os.Getenv(crashRoundsEnv); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			t.Fatalf("%s=%q: want a positive integer", crashRoundsEnv, v)
		}
		rounds = n
	}
	var acked []string // station ids of checks answered 200, all rounds
	total := 0
	for round := range rounds {
		srv := startServeChild(t, store)
		// The checks acknowledged before the previous kill are all there.
		srv.requireLogged(t, acked)
		got := srv.streamChecksAndKill(t, fmt.Sprintf("r%d", round))
		t.Logf("round %d: %d checks acknowledged before the kill", round, len(got))
		total += len(got)
		acked = got // earlier rounds were verified by this round's start
	}
	srv := startServeChild(t, store)
	srv.requireLogged(t, acked)
	srv.stop()
	t.Logf("%d rounds, %d acknowledged checks, none lost", rounds, total)
}

// serveChild is a `zonegate serve` process: this test binary re-executed
// to run TestServeChild.
type serveChild struct {
	base   string
	cmd    *exec.Cmd
	client *http.Client
	exited chan struct{}
	mu     sync.Mutex
	logs   strings.Builder
}

// startServeChild starts the server on store and waits until it listens.
func startServeChild(t *testing.T, store string) *serveChild {
	t.Helper()
	args := []string{"serve", "--store", store, "--addr", "127.0.0.1:0", "--anonymous-role", "inspector", "--log-level", "warn",
		"--rate", "anonymous=off"} // the test streams checks as fast as it can
	s := &serveChild{exited: make(chan struct{}),
		client: &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: crashClients}}}
	s.cmd = exec.Command(os.Args[0], "-test.run=^TestServeChild$", "-test.count=1")
	s.cmd.Env = append(os.Environ(), serveChildEnv+"="+strings.Join(args, "\x1f"))
	stdout, err := s.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	s.cmd.Stderr = &lockedWriter{mu: &s.mu, w: &s.logs}
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("start server: %v", err)
	}
	go func() { s.cmd.Wait(); close(s.exited) }() //nolint:errcheck // killed on purpose
	t.Cleanup(func() {
		s.stop()
		if t.Failed() {
			s.mu.Lock()
			t.Logf("server log:\n%s", s.logs.String())
			s.mu.Unlock()
		}
	})
	select {
	case s.base = <-listeningOn(stdout):
	case <-s.exited:
		t.Fatalf("server exited before listening")
	case <-time.After(60 * time.Second):
		t.Fatalf("server did not start")
	}
	return s
}

// stop kills the server (if it still runs) and waits for it.
func (s *serveChild) stop() {
	s.cmd.Process.Kill() //nolint:errcheck // it may have exited
	<-s.exited
	s.client.CloseIdleConnections()
}

// streamChecksAndKill sends checks with station ids prefix-client-n from
// crashClients clients until the server is gone, kills it with SIGKILL
// after crashAcks answers, and returns the station ids answered 200.
func (s *serveChild) streamChecksAndKill(t *testing.T, prefix string) []string {
	t.Helper()
	var (
		mu     sync.Mutex
		acked  []string
		n      atomic.Int64
		killed sync.Once
		wrong  atomic.Value
		wg     sync.WaitGroup
	)
	kill := func() { killed.Do(func() { s.cmd.Process.Kill() }) } //nolint:errcheck // checked by exited
	for c := range crashClients {
		wg.Go(func() {
			for i := 0; ; i++ {
				station := fmt.Sprintf("%s-%d-%d", prefix, c, i)
				code, err := s.check(station)
				if err != nil { // the server is gone
					return
				}
				if code != http.StatusOK {
					wrong.CompareAndSwap(nil, fmt.Sprintf("check %s: status %d", station, code))
					kill()
					return
				}
				mu.Lock()
				acked = append(acked, station)
				mu.Unlock()
				if n.Add(1) == crashAcks {
					kill()
				}
			}
		})
	}
	select {
	case <-s.exited:
	case <-time.After(60 * time.Second):
		kill()
		t.Fatalf("fewer than %d checks answered in 60 s", crashAcks)
	}
	wg.Wait()
	if msg := wrong.Load(); msg != nil {
		t.Fatal(msg)
	}
	return acked
}

// check sends one coal-truck check from station and returns its status; an
// error means no answer was received.
func (s *serveChild) check(station string) (int, error) {
	body := `{"position":[111.5186,36.088],"cargo":{"fuel":"coal","sulfur_pct":0.4,"ash_pct":9.5,"volatile_pct":20},` +
		`"documents":{"supply_contract":true,"quality_report":true},"destination":{"category":"residential"},"station":"` + station + `"}`
	resp, err := s.client.Post(s.base+"/v1/checks/coal-truck", "application/json", strings.NewReader(body))
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	var ans struct {
		Decision string `json:"decision"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&ans); err != nil {
		return 0, err // cut off by the kill: not an acknowledgement
	}
	if resp.StatusCode == http.StatusOK && ans.Decision == "" {
		return 0, fmt.Errorf("check %s: 200 without a decision", station)
	}
	return resp.StatusCode, nil
}

// requireLogged fails t unless each station has exactly one record in the
// inspection log (GET /v1/inspections?station=).
func (s *serveChild) requireLogged(t *testing.T, stations []string) {
	t.Helper()
	var (
		next    atomic.Int64
		mu      sync.Mutex
		missing []string
		wg      sync.WaitGroup
	)
	for range 8 {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < len(stations); i = int(next.Add(1)) - 1 {
				n, err := s.logged(t.Context(), stations[i])
				if err != nil || n != 1 {
					mu.Lock()
					missing = append(missing, fmt.Sprintf("%s: %d records (%v)", stations[i], n, err))
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	if len(missing) > 0 {
		t.Fatalf("%d of %d acknowledged checks not logged exactly once, e.g. %s", len(missing), len(stations), missing[0])
	}
}

// logged returns the number of inspection records of station.
func (s *serveChild) logged(ctx context.Context, station string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.base+"/v1/inspections?station="+url.QueryEscape(station), nil)
	if err != nil {
		return 0, err
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("status %d: %s", resp.StatusCode, body)
	}
	var ans struct {
		Inspections []struct {
			Station string `json:"station"`
		} `json:"inspections"`
	}
	if err := json.Unmarshal(body, &ans); err != nil {
		return 0, err
	}
	return len(ans.Inspections), nil
}

// lockedWriter serialises writes to w (the child's stderr).
type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// TestServeChild is the server process of the crash tests; it does nothing
// unless serveChildEnv is set. It runs `zonegate serve` until killed.
func TestServeChild(t *testing.T) {
	args := os.Getenv(serveChildEnv)
	if args == "" {
		t.Skip("server process of TestCheckLogSurvivesKill")
	}
	if err := run(context.Background(), strings.Split(args, "\x1f"), os.Stdout, os.Stderr); err != nil {
		t.Fatal(err)
	}
}
