package sqlite_test

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/geo"
)

// crashEnv names the store file a child process of TestCrashSafety writes.
const crashEnv = "ZONEGATE_CRASH_CHILD_DB"

// crashSeed returns the seed of the crash test: SEED from the environment or 1.
func crashSeed(t *testing.T) uint64 {
	seed := uint64(1)
	if v := os.Getenv("SEED"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			t.Fatalf("SEED=%q: %v", v, err)
		}
		seed = n
	}
	t.Logf("seed %d (override with SEED=n)", seed)
	return seed
}

// TestCrashSafety kills a committing child process with SIGKILL at random
// moments and checks that every version the child saw acknowledged is on
// disk after reopening: zero acknowledged edits lost.
func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns child processes")
	}
	rng := rand.New(rand.NewPCG(crashSeed(t), 0))
	path := filepath.Join(t.TempDir(), "zonegate.db")
	var acked int64
	for round := range 4 {
		killAfter := 10 + rng.IntN(150)
		delay := time.Duration(rng.IntN(3000)) * time.Microsecond
		last := runAndKill(t, path, killAfter, delay)
		if last < acked {
			t.Fatalf("round %d: child acknowledged %d after %d", round, last, acked)
		}
		acked = last

		s := openAt(t, path)
		zs, err := s.ZoneVersions(t.Context(), "coal", "hot")
		if err != nil {
			t.Fatalf("round %d: ZoneVersions: %v", round, err)
		}
		for i, z := range zs {
			if z.Version != int64(i+1) {
				t.Fatalf("round %d: version %d at position %d", round, z.Version, i)
			}
		}
		if int64(len(zs)) < acked {
			t.Fatalf("round %d: %d versions on disk, %d acknowledged: acknowledged edits lost", round, len(zs), acked)
		}
		t.Logf("round %d: killed after %d acks (+%v): %d acknowledged, %d on disk", round, killAfter, delay, acked, len(zs))
		if err := s.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}
	}
}

// runAndKill starts the child, kills it with SIGKILL delay after its
// killAfter-th acknowledgement, and returns the highest version it
// acknowledged in full lines.
func runAndKill(t *testing.T, path string, killAfter int, delay time.Duration) int64 {
	t.Helper()
	return runAndKillEnv(t, crashEnv, "^TestCrashChild$", path, killAfter, delay)
}

// runAndKillEnv is runAndKill for the child test run names, given the
// store path in the environment variable env.
func runAndKillEnv(t *testing.T, env, run, path string, killAfter int, delay time.Duration) int64 {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run="+run, "-test.count=1")
	cmd.Env = append(os.Environ(), env+"="+path)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatalf("pipe: %v", err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start child: %v", err)
	}
	var last int64
	n := 0
	killed := false
	sc := bufio.NewScanner(stdout)
	for sc.Scan() { // a line without its newline (cut by the kill) is not an ack
		v, ok := strings.CutPrefix(sc.Text(), "ack ")
		if !ok {
			continue
		}
		last, err = strconv.ParseInt(v, 10, 64)
		if err != nil {
			t.Fatalf("child printed %q", sc.Text())
		}
		if n++; n == killAfter && !killed {
			time.Sleep(delay)
			if err := cmd.Process.Kill(); err != nil {
				t.Fatalf("kill: %v", err)
			}
			killed = true
		}
	}
	err = cmd.Wait()
	if !killed {
		t.Fatalf("child exited after %d acks, before the kill: %v", n, err)
	}
	return last
}

// TestCrashChild is the child process of TestCrashSafety; it does nothing
// unless crashEnv is set. It appends versions of one zone (with a second
// zone in each batch) and prints "ack N" after each acknowledged commit.
func TestCrashChild(t *testing.T) {
	path := os.Getenv(crashEnv)
	if path == "" {
		t.Skip("child process of TestCrashSafety")
	}
	s := openAt(t, path)
	if _, err := s.PutLayer(t.Context(), geo.Layer{ID: "coal", Kind: geo.KindCoalBan}); err != nil {
		t.Fatalf("PutLayer: %v", err)
	}
	for i := range 100_000 {
		hot := &geo.Zone{Layer: "coal", ID: "hot", Kind: geo.KindCoalBan, Status: geo.StatusPublished,
			Geometry: orb.Polygon{{{111, 36}, {112, 36}, {112, 37}, {111, 36}}}}
		other := *hot
		other.ID = fmt.Sprintf("z%d", i%50)
		if err := s.Commit(t.Context(), data.Batch{Append: []*geo.Zone{hot, &other}}); err != nil {
			t.Fatalf("Commit: %v", err)
		}
		if _, err := fmt.Fprintf(os.Stdout, "ack %d\n", hot.Version); err != nil {
			t.Fatalf("print: %v", err)
		}
	}
}

// inspectionCrashEnv names the store file a child process of
// TestInspectionCrashSafety writes.
const inspectionCrashEnv = "ZONEGATE_CRASH_CHILD_INSPECTIONS_DB"

// TestInspectionCrashSafety kills a child logging inspections through the
// check journal with SIGKILL at random moments. After each reopen (which
// replays the journal) the records are stations 0, 1, 2, … in id order,
// once each, ids increasing, and every acknowledged one is there.
func TestInspectionCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns child processes")
	}
	rng := rand.New(rand.NewPCG(crashSeed(t), 1))
	path := filepath.Join(t.TempDir(), "zonegate.db")
	for round := range 4 {
		killAfter := 10 + rng.IntN(600)
		delay := time.Duration(rng.IntN(3000)) * time.Microsecond
		acked := runAndKillEnv(t, inspectionCrashEnv, "^TestInspectionCrashChild$", path, killAfter, delay)

		s := openAt(t, path)
		got, err := s.Inspections(t.Context(), data.InspectionFilter{})
		if err != nil {
			t.Fatalf("round %d: Inspections: %v", round, err)
		}
		for i, r := range got {
			if r.Station != strconv.Itoa(i) {
				t.Fatalf("round %d: record %d (id %d) is station %q, want %d: lost or duplicated", round, i, r.ID, r.Station, i)
			}
			if i > 0 && r.ID <= got[i-1].ID {
				t.Fatalf("round %d: id %d after %d", round, r.ID, got[i-1].ID)
			}
		}
		if int64(len(got)) <= acked {
			t.Fatalf("round %d: %d records on disk, station %d acknowledged: acknowledged checks lost", round, len(got), acked)
		}
		t.Logf("round %d: killed after %d acks (+%v): station %d acknowledged, %d records on disk", round, killAfter, delay, acked, len(got))
		if err := s.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}
	}
}

// TestInspectionCrashChild is the child process of
// TestInspectionCrashSafety; it does nothing unless inspectionCrashEnv is
// set. It logs calls of 1 to 4 records with stations numbered on from the
// records already there (in the time order their ids give), and prints
// "ack N" for the last station of each acknowledged call.
func TestInspectionCrashChild(t *testing.T) {
	path := os.Getenv(inspectionCrashEnv)
	if path == "" {
		t.Skip("child process of TestInspectionCrashSafety")
	}
	s := openAt(t, path)
	have, err := s.Inspections(t.Context(), data.InspectionFilter{})
	if err != nil {
		t.Fatalf("Inspections: %v", err)
	}
	next := len(have)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 1_000_000 {
		recs := make([]*data.Inspection, 1+i%4)
		for k := range recs {
			recs[k] = &data.Inspection{Time: t0.Add(time.Duration(next) * time.Second), Station: strconv.Itoa(next),
				Decision: "deny", Action: "turn_back", Reasons: []string{"COAL_BAN_ZONE"},
				Request: []byte(`{"position":[111.5186,36.088],"cargo":{"fuel":"coal"}}`), Response: []byte(`{"decision":"deny"}`)}
			next++
		}
		if err := s.LogInspections(t.Context(), recs); err != nil {
			t.Fatalf("LogInspections: %v", err)
		}
		if _, err := fmt.Fprintf(os.Stdout, "ack %d\n", next-1); err != nil {
			t.Fatalf("print: %v", err)
		}
	}
}
