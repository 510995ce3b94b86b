package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
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
	"github.com/zonegate/zonegate/geo/track"
)

// TestReplicaKilledLiveTracking runs two `zonegate serve` processes with a
// webhook on one PostGIS schema and posts vehicles' positions alternately
// to them (out → in → out → in → out of a coal-ban zone, a round at a
// time). After the second round replica A is killed (SIGKILL) and the
// rest goes to B: the stored events are still exactly one server's, and
// every event reaches the webhook receiver (B takes the delivery over
// within seconds; at least once, a repeat only for an event in flight).
func TestReplicaKilledLiveTracking(t *testing.T) {
	dsn, _ := postgistest.Schema(t)
	bin := buildZonegate(t)
	ctx := t.Context()
	writer, err := postgis.Open(ctx, dsn, postgis.Options{})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer writer.Close()
	if _, err := writer.PutLayer(ctx, geo.Layer{ID: "cb", Kind: geo.KindCoalBan, Title: "禁煤区"}); err != nil {
		t.Fatal(err)
	}
	if err := data.Publish(ctx, writer, []*geo.Zone{{Layer: "cb", ID: "z0", Kind: geo.KindCoalBan, Name: "区0", Geometry: cell(0, 0)}}); err != nil {
		t.Fatal(err)
	}

	var mu sync.Mutex
	delivered := map[string]int{}
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		delivered[r.Header.Get("Idempotency-Key")]++
		mu.Unlock()
	}))
	defer hook.Close()
	flags := []string{"--webhook", hook.URL, "--anonymous-role", "inspector"}
	a := startReplica(t, bin, "A", dsn, flags...)
	for end := time.Now().Add(10 * time.Second); !strings.Contains(a.log(), "delivering webhook events from this replica"); {
		if time.Now().After(end) {
			t.Fatalf("A did not take the webhook lease:\n%s", a.log())
		}
		time.Sleep(20 * time.Millisecond)
	}
	b := startReplica(t, bin, "B", dsn, flags...) // A holds the lease: B waits

	const vehicles = 40
	path := []bool{false, true, false, true, false}
	start := time.Now().UTC().Add(-time.Hour).Truncate(time.Second)
	var want []string
	for v := range vehicles {
		for k := 1; k < len(path); k++ {
			if path[k] != path[k-1] {
				c := track.Change{Type: track.Exit, Zone: "cb/z0"}
				if path[k] {
					c.Type = track.Enter
				}
				want = append(want, track.Key(fmt.Sprintf("晋K%03d", v), start.Add(time.Duration(k)*time.Minute), c))
			}
		}
	}
	post := func(base string, k int) error {
		var ps []string
		for v := range vehicles {
			p := orb.Point{111.04, 36.001 + float64(v)*0.001} // inside cell 0
			if !path[k] {
				p[0] -= 0.1
			}
			ps = append(ps, fmt.Sprintf(`{"plate":"晋K%03d","time":%q,"lon":%g,"lat":%g}`, v,
				start.Add(time.Duration(k)*time.Minute).Format(time.RFC3339), p[0], p[1]))
		}
		resp, err := http.Post(base+"/v1/tracks", "application/json", strings.NewReader(`{"positions":[`+strings.Join(ps, ",")+`]}`))
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("status %d", resp.StatusCode)
		}
		return nil
	}
	var killed time.Time
	for k := range path {
		target := []*replica{a, b}[k%2]
		if k == 2 {
			a.cmd.Process.Kill() //nolint:errcheck // the kill is the test
			a.cmd.Wait()         //nolint:errcheck // killed
			killed = time.Now()
		}
		if k >= 2 {
			target = b
		}
		if err := post(target.base, k); err != nil {
			t.Fatalf("round %d to %s: %v", k, target.name, err)
		}
	}

	evs, err := writer.Events(ctx, data.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	byPlate := map[string][]string{}
	for _, e := range evs {
		byPlate[e.Plate] = append(byPlate[e.Plate], e.Key)
	}
	var got []string
	for v := range vehicles {
		got = append(got, byPlate[fmt.Sprintf("晋K%03d", v)]...)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("stored events per vehicle:\n%q\nwant (one server):\n%q", got, want)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		mu.Lock()
		n := 0
		for _, k := range want {
			if delivered[k] > 0 {
				n++
			}
		}
		mu.Unlock()
		if n == len(want) {
			t.Logf("all %d events delivered %v after A was killed", n, time.Since(killed).Round(10*time.Millisecond))
			if !strings.Contains(b.log(), "delivering webhook events from this replica") {
				t.Errorf("B did not take the webhook lease over:\n%s", b.log())
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d events delivered 20 s after A was killed\nB's log:\n%s", n, len(want), b.log())
		}
		time.Sleep(100 * time.Millisecond)
	}
}
