package replay

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/zonegate/zonegate/data/demo/trucks"
)

// TestReplayPostsChecks replays a fleet to a fake server and checks that
// every generated check is posted once, after the positions up to its
// time and before any later ones, with the check's fields; a denied
// answer is counted.
func TestReplayPostsChecks(t *testing.T) {
	fleet, err := trucks.Generate(trucks.Config{})
	if err != nil {
		t.Fatal(err)
	}
	want := trucks.Checks(fleet)
	var mu sync.Mutex
	var lastTick time.Time // time of the latest positions tick received
	var got []checkBody
	var tickAt []time.Time
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		switch r.URL.Path {
		case "/v1/tracks":
			var b struct{ Positions []trackPosition }
			if err := json.NewDecoder(r.Body).Decode(&b); err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			lastTick, _ = time.Parse(time.RFC3339, b.Positions[0].Time)
			fmt.Fprintf(w, `{"accepted":%d,"events":[]}`, len(b.Positions))
		case "/v1/checks/coal-truck":
			var c checkBody
			if err := json.NewDecoder(r.Body).Decode(&c); err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			got, tickAt = append(got, c), append(tickAt, lastTick)
			if c.Cargo.SulfurPct > 0.5 {
				fmt.Fprint(w, `{"decision":"deny","action":"turn_back"}`)
				return
			}
			fmt.Fprint(w, `{"decision":"allow","action":"pass"}`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	rp := &Replayer{Client: srv.Client(), URL: srv.URL}
	st, err := rp.Run(context.Background(), fleet)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) || st.Checks != len(want) {
		t.Fatalf("%d checks posted, %d counted, want %d", len(got), st.Checks, len(want))
	}
	denied := 0
	for i, c := range want {
		g := got[i]
		if c.Cargo.SulfurPct > 0.5 {
			denied++
		}
		at, err := time.Parse(time.RFC3339, g.At)
		if err != nil || !at.Equal(c.Time) || g.Station != c.Station || g.Plate != c.Plate ||
			g.Position != [2]float64{c.At[0], c.At[1]} || g.Cargo != c.Cargo || g.Documents != c.Documents || g.CRS != "wgs84" {
			t.Errorf("check %d posted as %+v, want %+v", i, g, c)
		}
		switch {
		case len(c.Route) == 0 && g.Route != nil:
			t.Errorf("check %d route %+v, want none", i, g.Route)
		case len(c.Route) > 0 && (g.Route == nil || g.Route.Type != "LineString" || len(g.Route.Coordinates) != len(c.Route)):
			t.Errorf("check %d route %+v, want a LineString of %d points", i, g.Route, len(c.Route))
		}
		// Posted after the first tick at or past its time.
		if tk := tickAt[i]; tk.Before(c.Time) || !tk.Before(c.Time.Add(trucks.Interval)) {
			t.Errorf("check %d at %v posted after the tick of %v", i, c.Time, tk)
		}
	}
	if st.Denied != denied || st.TurnedBack != denied || denied == 0 {
		t.Errorf("counted %d denied and %d turned back, want %d (and some)", st.Denied, st.TurnedBack, denied)
	}
}
