package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// TestFloorCheck sends the harness's coal-truck checks to the floor from
// 16 connections at once: it must deny exactly the points inside a zone
// (by orb's point-in-polygon test, not the floor's own), and when a check
// is answered its line must already be in the log file: one line per
// check, holding its request and answer, in at most as many fdatasyncs as
// checks (fewer once concurrent checks share them).
func TestFloorCheck(t *testing.T) {
	t.Parallel()
	polys, ts, cl, logPath := startFloorCheck(t)

	pts := seededPoints(polys, 400)
	inside := 0
	for _, p := range pts {
		if insideAny(polys, p) {
			inside++
		}
	}
	if inside == 0 || inside == len(pts) {
		t.Fatalf("%d of %d points inside: the test needs both", inside, len(pts))
	}
	const conns = 16
	var (
		mu       sync.Mutex
		denied   int
		unlogged []string
		wg       sync.WaitGroup
	)
	for c := range conns {
		wg.Go(func() {
			h, err := dialHTTP(strings.TrimPrefix(ts.URL, "http://"), "")
			if err != nil {
				t.Error(err)
				return
			}
			defer h.Close()
			var buf []byte
			for i := c; i < len(pts); i += conns {
				var deny bool
				if buf, deny, err = h.check(buf, pts[i]); err != nil {
					t.Error(err)
					return
				}
				// Answered: the check's line is in the file already.
				b, err := os.ReadFile(logPath)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				if deny {
					denied++
				}
				if !bytes.Contains(b, fmt.Appendf(nil, `"request":%s,`, buf)) {
					unlogged = append(unlogged, string(buf))
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	if denied != inside {
		t.Errorf("floor denied %d checks, want %d (the points inside a zone)", denied, inside)
	}
	if len(unlogged) > 0 {
		t.Errorf("%d answered checks not in the log when answered, e.g. %s", len(unlogged), unlogged[0])
	}
	lines, denies := readCheckLog(t, logPath)
	if lines != len(pts) || denies != inside {
		t.Errorf("log holds %d lines, %d of them denials; want %d and %d", lines, denies, len(pts), inside)
	}
	recs, syncs := cl.stats()
	if recs != len(pts) || syncs < 1 || syncs > recs {
		t.Errorf("log stats: %d records in %d fdatasyncs; want %d records in 1 to %[3]d", recs, syncs, len(pts))
	}
	t.Logf("%d checks in %d fdatasyncs from %d connections", recs, syncs, conns)

	resp, err := http.Get(ts.URL + checkLogStatsPath)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var st checkLogStats
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil || st != (checkLogStats{recs, syncs}) {
		t.Errorf("GET %s: %+v, %v; want %d records, %d syncs", checkLogStatsPath, st, err, recs, syncs)
	}
}

// TestFloorCheckRefusesBadBodies: a body without a position, or of more
// than one line, is answered 400 and not logged.
func TestFloorCheckRefusesBadBodies(t *testing.T) {
	t.Parallel()
	_, ts, cl, _ := startFloorCheck(t)
	for _, body := range []string{`{}`, `{"position":[1]}`, `{"position":[1,2,3]}`, `{"position":"x"}`, "{\"position\":[111.5,36.1],\n\"at\":\"2020-11-01\"}"} {
		resp, err := http.Post(ts.URL+"/v1/checks/coal-truck", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%q: status %d, want 400", body, resp.StatusCode)
		}
	}
	if recs, syncs := cl.stats(); recs != 0 || syncs != 0 {
		t.Errorf("bad bodies logged: %d records, %d syncs", recs, syncs)
	}
}

// startFloorCheck serves the floor on the demo counties with its check log
// in a temporary file; the test's cleanup stops both.
func startFloorCheck(t *testing.T) ([]polygon, *httptest.Server, *groupLog, string) {
	t.Helper()
	polys, _, err := loadPolygons("", false)
	if err != nil {
		t.Fatal(err)
	}
	logPath := filepath.Join(t.TempDir(), "checks.log")
	cl, err := openGroupLog(logPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cl.Close() })
	ts := httptest.NewServer(newFloor(polys, cl))
	t.Cleanup(ts.Close)
	return polys, ts, cl, logPath
}

// insideAny reports whether p is inside one of polys.
func insideAny(polys []polygon, p orb.Point) bool {
	for _, pg := range polys {
		switch g := pg.geom.(type) {
		case orb.Polygon:
			if planar.PolygonContains(g, p) {
				return true
			}
		case orb.MultiPolygon:
			if planar.MultiPolygonContains(g, p) {
				return true
			}
		}
	}
	return false
}

// readCheckLog counts the log's lines, each a JSON object with the
// request and the answer, and the denials among them.
func readCheckLog(t *testing.T, path string) (lines, denies int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var rec struct {
			Time     string          `json:"time"`
			Request  json.RawMessage `json:"request"`
			Response struct {
				Decision string `json:"decision"`
			} `json:"response"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil || rec.Time == "" || len(rec.Request) == 0 {
			t.Fatalf("log line %d: %v: %.200s", lines+1, err, sc.Bytes())
		}
		lines++
		if rec.Response.Decision == "deny" {
			denies++
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return lines, denies
}
