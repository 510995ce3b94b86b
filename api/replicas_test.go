package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/zonegate/zonegate/api"
	"github.com/zonegate/zonegate/api/live"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/follow"
	"github.com/zonegate/zonegate/data/postgis"
	"github.com/zonegate/zonegate/data/postgis/postgistest"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/index"
	"github.com/zonegate/zonegate/geo/track"
)

// The drive of the replica tests: every vehicle goes out → in → in → out
// → out → in → out → in → out of one coal-ban zone, one position a minute.
var (
	driveStart = time.Date(2020, 11, 1, 0, 0, 0, 0, time.UTC)
	drivePath  = []bool{false, true, true, false, false, true, false, true, false} // in the zone?
)

const (
	driveZone     = "z1"
	driveZoneName = "禁煤区一"
	driveLon      = 111.05 // inside; outside is driveLon - 0.1
)

// replica is one in-process zonegate server on a PostGIS store shared with
// the others.
type replica struct {
	store *postgis.Store
	api   *api.Server
	http  *httptest.Server
	once  sync.Once
}

// kill closes the replica's server and store, as when its process ends:
// its streams and webhook loop stop, its lease and connections go.
func (r *replica) kill() {
	r.once.Do(func() {
		_ = r.api.Close(context.Background())
		r.store.Close()
	})
}

// startReplicas opens n stores on one fresh schema holding the coal-ban
// zone and serves each through its own api.Server, with webhooks posting
// to hook ("" for none).
func startReplicas(t testing.TB, n int, hook string) []*replica {
	t.Helper()
	dsn, _ := postgistest.Schema(t)
	ctx := context.Background()
	var rs []*replica
	for i := range n {
		store, err := postgis.Open(ctx, dsn, postgis.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			if _, err := store.PutLayer(ctx, geo.Layer{ID: "coal", Kind: geo.KindCoalBan, Title: "禁煤区"}); err != nil {
				t.Fatal(err)
			}
			z := &geo.Zone{Layer: "coal", ID: driveZone, Kind: geo.KindCoalBan, Name: driveZoneName, Status: geo.StatusPublished,
				Geometry: orb.Polygon{{{111, 36}, {111.1, 36}, {111.1, 36.1}, {111, 36.1}, {111, 36}}}}
			if err := store.Commit(ctx, data.Batch{Append: []*geo.Zone{z}}); err != nil {
				t.Fatal(err)
			}
		}
		ix := index.New()
		f := follow.New(store, ix, nil)
		if err := f.CatchUp(ctx); err != nil {
			t.Fatal(err)
		}
		o := api.Options{Store: store, Index: ix, Follower: f, Now: func() time.Time { return driveStart.Add(24 * time.Hour) },
			Auth: api.AuthOptions{AnonymousRole: data.RoleInspector}}
		if hook != "" {
			o.Live = live.Options{Webhooks: []string{hook}}
		}
		srv := api.New(o)
		r := &replica{store: store, api: srv, http: httptest.NewServer(srv)}
		t.Cleanup(func() {
			r.http.CloseClientConnections()
			r.kill()
			r.http.Close()
		})
		rs = append(rs, r)
	}
	return rs
}

func plate(v int) string { return fmt.Sprintf("晋K·%04d", v) }

// position is the JSON of vehicle v's k-th position.
func position(v, k int) string {
	lon := driveLon
	if !drivePath[k] {
		lon -= 0.1
	}
	return fmt.Sprintf(`{"plate":%q,"time":%q,"lon":%.4f,"lat":%.4f}`, plate(v),
		driveStart.Add(time.Duration(k)*time.Minute).Format(time.RFC3339), lon, 36.0005+float64(v)*1e-4)
}

// wantKeys returns the keys of the events one server stores for vehicle
// v's drive, in order.
func wantKeys(v int) []string {
	var keys []string
	for k := 1; k < len(drivePath); k++ {
		if drivePath[k] == drivePath[k-1] {
			continue
		}
		c := track.Change{Type: track.Exit, Zone: track.ZoneRef("coal", driveZone)}
		if drivePath[k] {
			c.Type = track.Enter
		}
		keys = append(keys, track.Key(plate(v), driveStart.Add(time.Duration(k)*time.Minute), c))
	}
	if drivePath[0] {
		panic("the drive starts outside")
	}
	return keys
}

// postTracks posts positions to base and reports whether it answered 200.
func postTracks(base string, positions []string) bool {
	resp, err := http.Post(base+"/v1/tracks", "application/json",
		strings.NewReader(`{"positions":[`+strings.Join(positions, ",")+`]}`))
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode == http.StatusOK
}

// drive sends the drive of vehicles 0..n-1 as a load balancer would: each
// round (one position per vehicle) is split into groups posted at once by
// their own goroutines, group g of round r to replica (g+r) mod len(rs), so
// each vehicle's positions alternate between replicas. Every group also
// re-sends the previous round's positions (late by then), and every other
// group is posted to the next replica too at the same time (the same
// positions racing on two replicas). A post that fails is sent to the
// next live replica. before runs before each round.
func drive(t *testing.T, rs []*replica, n int, before func(round int)) {
	t.Helper()
	const groups = 4
	dead := make([]bool, len(rs))
	var mu sync.Mutex
	for r := range drivePath {
		if before != nil {
			before(r)
		}
		var wg sync.WaitGroup
		for g := range groups {
			var ps []string
			for v := g; v < n; v += groups {
				ps = append(ps, position(v, r))
				if r > 0 && v%3 == 0 {
					ps = append(ps, position(v, r-1))
				}
			}
			send := func(target int) {
				for try := 0; try < 2*len(rs); try++ {
					i := (target + try) % len(rs)
					mu.Lock()
					skip := dead[i]
					mu.Unlock()
					if skip {
						continue
					}
					if postTracks(rs[i].http.URL, ps) {
						return
					}
					mu.Lock()
					dead[i] = true // a load balancer takes a failing replica out
					mu.Unlock()
				}
				t.Errorf("round %d group %d: no replica took the positions", r, g)
			}
			wg.Go(func() { send(g + r) })
			if g%2 == 0 {
				wg.Go(func() { send(g + r + 1) })
			}
		}
		wg.Wait()
	}
}

// checkEvents compares the stored events of every vehicle with one
// server's: the same keys in the same order, with the zone's name.
func checkEvents(t *testing.T, s data.TrackStore, n int) {
	t.Helper()
	evs, err := s.Events(t.Context(), data.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, e := range evs {
		got[e.Plate] = append(got[e.Plate], e.Key)
		if e.ZoneName != driveZoneName {
			t.Errorf("event %s: zone name %q, want %q", e.Key, e.ZoneName, driveZoneName)
		}
	}
	for v := range n {
		if want := wantKeys(v); !slices.Equal(got[plate(v)], want) {
			t.Errorf("vehicle %s: stored events\n%q\nwant (one server)\n%q", plate(v), got[plate(v)], want)
		}
	}
	if want := n * len(wantKeys(0)); len(evs) != want {
		t.Errorf("%d events stored, want %d", len(evs), want)
	}
}

// receiver counts webhook deliveries per Idempotency-Key.
type receiver struct {
	mu     sync.Mutex
	counts map[string]int
}

func newReceiver(t *testing.T) (*receiver, string) {
	rc := &receiver{counts: map[string]int{}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc.mu.Lock()
		rc.counts[r.Header.Get("Idempotency-Key")]++
		rc.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(srv.Close)
	return rc, srv.URL
}

// waitFor waits until want distinct keys arrived (or the deadline passed)
// and returns a copy of the counts.
func (rc *receiver) waitFor(want int, deadline time.Duration) map[string]int {
	end := time.Now().Add(deadline)
	for {
		rc.mu.Lock()
		n := len(rc.counts)
		out := make(map[string]int, n)
		for k, c := range rc.counts {
			out[k] = c
		}
		rc.mu.Unlock()
		if n >= want || time.Now().After(end) {
			return out
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestReplicasOneStatePerVehicle drives many vehicles with positions
// alternating and racing between two and three replicas: every vehicle's
// stored events are one server's, and the webhook receiver gets each event
// exactly once.
func TestReplicasOneStatePerVehicle(t *testing.T) {
	postgistest.DSN(t)
	for _, n := range []int{2, 3} {
		t.Run(fmt.Sprintf("replicas=%d", n), func(t *testing.T) {
			rc, hook := newReceiver(t)
			rs := startReplicas(t, n, hook)
			const vehicles = 120
			drive(t, rs, vehicles, nil)
			checkEvents(t, rs[0].store, vehicles)
			want := vehicles * len(wantKeys(0))
			counts := rc.waitFor(want, 15*time.Second)
			time.Sleep(300 * time.Millisecond) // room for a second delivery, should there be one
			counts = rc.waitFor(want, 0)
			if len(counts) != want {
				t.Fatalf("%d distinct events delivered, want %d", len(counts), want)
			}
			for k, c := range counts {
				if c != 1 {
					t.Errorf("event %s delivered %d times, want 1", k, c)
				}
			}
		})
	}
}

// TestReplicaKilledMidStream closes one of two replicas in the middle of
// the drive (its in-flight posts fail and go to the other, as behind a
// load balancer): the stored events are still one server's, and webhook
// delivery carries on from the other replica (every event at least once).
func TestReplicaKilledMidStream(t *testing.T) {
	rc, hook := newReceiver(t)
	rs := startReplicas(t, 2, hook)
	const vehicles = 80
	drive(t, rs, vehicles, func(round int) {
		if round == 4 {
			go rs[0].kill() // while round 4 is being posted
		}
	})
	checkEvents(t, rs[1].store, vehicles)
	want := vehicles * len(wantKeys(0))
	counts := rc.waitFor(want, 15*time.Second)
	if len(counts) != want {
		t.Fatalf("%d distinct events delivered, want %d", len(counts), want)
	}
	again := 0
	for _, c := range counts {
		again += c - 1
	}
	t.Logf("%d events delivered, %d of them again after the failover", want, again)
}

// TestReplicaStreamSeesOtherReplica reads GET /v1/events on replica B
// while positions are posted to replica A: each event arrives within a
// second, and a stream on A resumed with B's Last-Event-ID continues
// after it.
func TestReplicaStreamSeesOtherReplica(t *testing.T) {
	rs := startReplicas(t, 2, "")
	a, b := rs[0].http.URL, rs[1].http.URL
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	evs := openStream(t, ctx, b, "")
	for k := range 3 {
		if !postTracks(a, []string{position(0, k)}) {
			t.Fatalf("POST position %d to A failed", k)
		}
		if k == 0 {
			continue // outside: no event
		}
		select {
		case e := <-evs:
			if want := wantKeys(0)[0]; k == 1 && e.Key != want {
				t.Fatalf("B streamed %s, want %s", e.Key, want)
			}
			if k == 2 {
				t.Fatalf("B streamed %s, but position 2 makes no event", e.Key)
			}
			// Resume on A after the event B showed: the next event only.
			resumed := openStream(t, ctx, a, fmt.Sprint(e.ID))
			if !postTracks(a, []string{position(0, 3)}) {
				t.Fatal("POST position 3 to A failed")
			}
			select {
			case next := <-resumed:
				if want := wantKeys(0)[1]; next.Key != want {
					t.Fatalf("A resumed with %s, want %s", next.Key, want)
				}
			case <-time.After(time.Second):
				t.Fatal("A's resumed stream showed nothing within 1 s")
			}
			return
		case <-time.After(time.Second):
			if k == 1 {
				t.Fatal("B showed the event stored through A not within 1 s")
			}
		}
	}
}

// openStream opens GET /v1/events as SSE on base and sends the events it
// reads to the returned channel until ctx ends.
func openStream(t *testing.T, ctx context.Context, base, lastID string) <-chan data.Event {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/v1/events", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", "text/event-stream")
	if lastID != "" {
		req.Header.Set("Last-Event-ID", lastID)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /v1/events: status %d", resp.StatusCode)
	}
	out := make(chan data.Event, 16)
	go func() {
		defer resp.Body.Close()
		dec := newSSEReader(resp.Body)
		for {
			line, err := dec()
			if err != nil {
				return
			}
			if js, ok := strings.CutPrefix(line, "data: "); ok {
				var e data.Event
				if json.Unmarshal([]byte(js), &e) == nil {
					out <- e
				}
			}
		}
	}()
	return out
}

// newSSEReader returns a function reading one line of r at a time.
func newSSEReader(r io.Reader) func() (string, error) {
	var buf []byte
	chunk := make([]byte, 4096)
	return func() (string, error) {
		for {
			if i := slices.Index(buf, '\n'); i >= 0 {
				line := string(buf[:i])
				buf = buf[i+1:]
				return line, nil
			}
			n, err := r.Read(chunk)
			buf = append(buf, chunk[:n]...)
			if err != nil && n == 0 {
				return "", err
			}
		}
	}
}
