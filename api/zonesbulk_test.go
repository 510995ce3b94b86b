package api_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/paulmach/orb"

	"github.com/zonegate/zonegate/api"
	"github.com/zonegate/zonegate/api/internal/apitest"
	"github.com/zonegate/zonegate/geo/index"
)

// largeIndexServer serves the demo region plus 200 stars of 1,100
// vertices, enough prepared memory that the index looks large batches up
// out of input order (SortsBatch), and returns points over the stars,
// their first vertices among them.
func largeIndexServer(t *testing.T) (*apitest.Server, []orb.Point) {
	t.Helper()
	stars := heavyStars(200, 1100)
	var ix *index.Index
	ts := apitest.New(t, func(o *api.Options) { ix = o.Index; ix.Apply(stars...) })
	snap := ix.Snapshot()
	snap.WaitReady()
	if !snap.SortsBatch(65536) {
		t.Fatalf("prepared polygons use %d bytes: the test needs an index that sorts batches", snap.Stats().Bytes)
	}
	pts := heavyPoints(stars, 20_000)
	for i, z := range stars {
		ring := z.Geometry.(orb.Polygon)[0]
		pts[i*97%len(pts)] = ring[i%len(ring)]
	}
	return ts, pts
}

// TestZonesAtStreamMatchesBatchLargeIndex: on an index that sorts large
// batches, where the stream looks up chunks of up to 65,536 lines and
// answers them in rounds, every stream line equals the batch answer of
// its point, vertices included.
func TestZonesAtStreamMatchesBatchLargeIndex(t *testing.T) {
	t.Parallel()
	ts, pts := largeIndexServer(t)
	want := batchResults(t, ts, pts, "")
	got := streamLines(t, ts, "", ndjson(pts))
	if len(got) != len(want) {
		t.Fatalf("%d stream lines for %d points", len(got), len(want))
	}
	hits := 0
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("line %d (%v): %s, batch answers %s", i+1, pts[i], got[i], want[i])
		}
		hits += strings.Count(want[i], `"id"`)
	}
	if hits < len(pts)/4 {
		t.Fatalf("only %d hits over %d points: the sample does not exercise the stars", hits, len(pts))
	}
}

// TestZonesAtStreamMemoryFlatLargeIndex streams 1,000,000 lines through
// the real handler on an index that sorts batches, where chunks are 65,536
// lines: the live heap, sampled every 50,000 lines, stays within a few
// megabytes of where it started, and the stream allocates far less than
// once per line.
func TestZonesAtStreamMemoryFlatLargeIndex(t *testing.T) {
	if testing.Short() {
		t.Skip("streams 1 M lines")
	}
	ts, pts := largeIndexServer(t)
	const lines = 1_000_000
	src := &lineSource{pts: pts, n: lines, sampleAt: 50_000, live: true}
	streamWithinMemory(t, ts.API, src)
}

// TestZonesAtBatchPooledPiecesConcurrent: answers are built in pooled
// pieces handed back after each write; concurrent batches of different
// points each come back whole and equal to their answer asked alone.
func TestZonesAtBatchPooledPiecesConcurrent(t *testing.T) {
	t.Parallel()
	ts, pts := largeIndexServer(t)
	sets := [][]orb.Point{pts[:10_000], pts[10_000:], pts[5_000:15_000]}
	bodies := make([]string, len(sets))
	want := make([]string, len(sets))
	for i, set := range sets {
		b, err := json.Marshal(map[string]any{"points": set})
		if err != nil {
			t.Fatal(err)
		}
		bodies[i] = string(b)
		status, _, ans := ts.Do(t, http.MethodPost, "/v1/zones/at", "application/json", bodies[i])
		if status != http.StatusOK {
			t.Fatalf("status %d: %s", status, ans)
		}
		want[i] = string(ans)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 4*3*len(sets))
	for g := range 4 {
		wg.Go(func() {
			for k := range 3 * len(sets) {
				i := (g + k) % len(sets)
				resp, err := ts.Client().Post(ts.URL+"/v1/zones/at", "application/json", strings.NewReader(bodies[i]))
				if err != nil {
					errs <- err
					return
				}
				got, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				if err != nil || resp.StatusCode != http.StatusOK || string(got) != want[i] {
					errs <- fmt.Errorf("goroutine %d, set %d: status %d, %d bytes (want %d), %v", g, i, resp.StatusCode, len(got), len(want[i]), err)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
