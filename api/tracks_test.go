package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/zonegate/zonegate/api"
	"github.com/zonegate/zonegate/api/internal/apitest"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/follow"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/crs"
	"github.com/zonegate/zonegate/geo/index"
	"github.com/zonegate/zonegate/geo/route"
)

// trackPos is one position of a test track: minutes before apitest.CheckTime.
type trackPos struct {
	plate string
	min   int
	p     orb.Point
}

func (tp trackPos) at() time.Time {
	return apitest.CheckTime.Add(-time.Duration(tp.min) * time.Minute).UTC()
}

// tracksBody encodes positions as a POST /v1/tracks body.
func tracksBody(ps []trackPos) string {
	var b strings.Builder
	b.WriteString(`{"positions":[`)
	for i, tp := range ps {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"plate":%q,"time":%q,"lon":%v,"lat":%v}`, tp.plate, tp.at().Format(time.RFC3339Nano), tp.p[0], tp.p[1])
	}
	b.WriteString(`]}`)
	return b.String()
}

type tracksAnswer struct {
	Accepted   int `json:"accepted"`
	Duplicates int `json:"duplicates"`
	Late       int `json:"late"`
	Rejected   int `json:"rejected"`
	Errors     []struct {
		Index int    `json:"index"`
		Field string `json:"field"`
		Code  string `json:"code"`
	} `json:"errors"`
	Events []data.Event `json:"events"`
}

// demoRoutes is the corridor network of the demo's designated routes at
// apitest.CheckTime, built straight from the generated zones.
func demoRoutes() *route.Network {
	var zs []*geo.Zone
	for _, z := range demoZones() {
		if z.Kind == geo.KindCoalRoute && z.Validity.Contains(apitest.CheckTime) {
			zs = append(zs, z)
		}
	}
	return route.NewNetwork(zs, route.DefaultCorridorM)
}

// expectedEvents is the brute-force oracle of a set of positions: per
// plate in time order (the first position at each time wins), the
// differences between consecutive ban-zone sets (planar containment over
// the demo zones) and route states, as "plate type zone" strings.
func expectedEvents(ps []trackPos) []string {
	net := demoRoutes()
	byPlate := map[string][]trackPos{}
	for _, tp := range ps {
		byPlate[tp.plate] = append(byPlate[tp.plate], tp)
	}
	var plates []string
	for p := range byPlate {
		plates = append(plates, p)
	}
	slices.Sort(plates)
	var out []string
	for _, plate := range plates {
		fs := byPlate[plate]
		slices.SortStableFunc(fs, func(a, b trackPos) int { return b.min - a.min })
		var prev []string
		prevOff := false
		for i, f := range fs {
			if i > 0 && f.min == fs[i-1].min {
				continue
			}
			cur := oracle(f.p, "coal_ban", "burn_ban")
			for _, z := range prev {
				if !slices.Contains(cur, z) {
					out = append(out, plate+" exit "+z)
				}
			}
			for _, z := range cur {
				if !slices.Contains(prev, z) {
					out = append(out, plate+" enter "+z)
				}
			}
			off := !net.Contains(f.p)
			switch {
			case off && !prevOff:
				out = append(out, plate+" off_route ")
			case !off && prevOff:
				out = append(out, plate+" on_route ")
			}
			prev, prevOff = cur, off
		}
	}
	return out
}

// eventStrings renders events as the oracle does, stably sorted by plate.
func eventStrings(evs []data.Event) []string {
	var out []string
	for _, e := range evs {
		z := ""
		if e.Zone != "" {
			z = e.Layer + "/" + e.Zone
		}
		out = append(out, e.Plate+" "+e.Type+" "+z)
	}
	slices.SortStableFunc(out, func(a, b string) int {
		pa, _, _ := strings.Cut(a, " ")
		pb, _, _ := strings.Cut(b, " ")
		return strings.Compare(pa, pb)
	})
	return out
}

func TestTracksEventSequences(t *testing.T) {
	// The oracle needs to see routes: on the road through the centre, off
	// it at the others.
	if net := demoRoutes(); !net.Contains(centre) || net.Contains(outside) {
		t.Fatalf("demo changed: centre on route %v, outside on route %v", net.Contains(centre), net.Contains(outside))
	}
	cases := []struct {
		name    string
		batches [][]trackPos
		counts  [3]int // accepted, duplicates, late
		want    []string
	}{
		{
			name:    "in order: enter both zones, leave the coal-ban zone, leave everything",
			batches: [][]trackPos{{{"A", 40, outside}, {"A", 30, centre}, {"A", 20, burnBanOnly}, {"A", 10, outside}}},
			counts:  [3]int{4, 0, 0},
			want: []string{"A off_route ", "A enter burn_ban/bb-141002", "A enter coal_ban/cb-141002", "A on_route ",
				"A exit coal_ban/cb-141002", "A off_route ", "A exit burn_ban/bb-141002"},
		},
		{
			name:    "out of order in one batch gives the in-order events",
			batches: [][]trackPos{{{"A", 10, outside}, {"A", 30, centre}, {"A", 40, outside}, {"A", 20, burnBanOnly}}},
			counts:  [3]int{4, 0, 0},
			want: []string{"A off_route ", "A enter burn_ban/bb-141002", "A enter coal_ban/cb-141002", "A on_route ",
				"A exit coal_ban/cb-141002", "A off_route ", "A exit burn_ban/bb-141002"},
		},
		{
			name:    "first position inside enters its zones",
			batches: [][]trackPos{{{"B", 5, centre}}},
			counts:  [3]int{1, 0, 0},
			want:    []string{"B enter burn_ban/bb-141002", "B enter coal_ban/cb-141002"},
		},
		{
			name:    "duplicates and a late position give no event",
			batches: [][]trackPos{{{"C", 30, outside}, {"C", 10, outside}}, {{"C", 10, outside}, {"C", 20, centre}, {"C", 30, outside}}},
			counts:  [3]int{2, 1, 2},
			want:    []string{"C off_route "},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ts := apitest.New(t)
			var all []trackPos
			var got []data.Event
			var counts [3]int
			for i, b := range tc.batches {
				var ans tracksAnswer
				ts.PostJSON(t, "/v1/tracks", tracksBody(b), &ans)
				counts[0] += ans.Accepted
				counts[1] += ans.Duplicates
				counts[2] += ans.Late
				got = append(got, ans.Events...)
				if i == 0 {
					all = append(all, b...)
				}
			}
			if counts != tc.counts {
				t.Errorf("accepted/duplicates/late = %v, want %v", counts, tc.counts)
			}
			if gs := eventStrings(got); !slices.Equal(gs, tc.want) {
				t.Errorf("events = %q, want %q", gs, tc.want)
			}
			// The stored events are the answered ones.
			var stored struct{ Events []data.Event }
			ts.GetJSON(t, "/v1/events", &stored)
			if gs, ws := eventStrings(stored.Events), eventStrings(got); !slices.Equal(gs, ws) {
				t.Errorf("stored events = %q, want %q", gs, ws)
			}
		})
	}
}

// TestTracksAgainstOracle posts random tracks of several trucks around the
// centre, each batch shuffled, batches in time order, and compares the
// events with the brute-force oracle.
func TestTracksAgainstOracle(t *testing.T) {
	sd := apitest.Seed(t)
	rng := rand.New(rand.NewPCG(sd, 11))
	ts := apitest.New(t)
	var ps []trackPos
	for truck := range 6 {
		p := orb.Point{111.45 + rng.Float64()*0.3, 36.0 + rng.Float64()*0.2}
		for step := range 60 {
			p = orb.Point{p[0] + (rng.Float64()-0.5)*0.02, p[1] + (rng.Float64()-0.5)*0.02}
			ps = append(ps, trackPos{fmt.Sprintf("T%d", truck), 600 - step*5, p})
		}
	}
	want := expectedEvents(ps)
	var got []data.Event
	for lo := 0; lo < 60; lo += 20 {
		var batch []trackPos
		for _, tp := range ps {
			if step := (600 - tp.min) / 5; step >= lo && step < lo+20 {
				batch = append(batch, tp)
			}
		}
		rng.Shuffle(len(batch), func(i, j int) { batch[i], batch[j] = batch[j], batch[i] })
		var ans tracksAnswer
		ts.PostJSON(t, "/v1/tracks", tracksBody(batch), &ans)
		got = append(got, ans.Events...)
	}
	if gs := eventStrings(got); !slices.Equal(gs, want) {
		t.Errorf("seed %d: events\n got %q\nwant %q", sd, gs, want)
	}
	if len(want) < 10 {
		t.Errorf("seed %d: only %d events; the tracks do not exercise the zones", sd, len(want))
	}
}

func TestTracksValidation(t *testing.T) {
	ts := apitest.New(t)
	good := `{"plate":"晋L·1","time":"2020-11-01T07:00:00+08:00","lon":111.68,"lat":36.088}`
	cases := []struct {
		name   string
		body   string
		status int
		code   string   // error code for 4xx
		fields []string // rejected fields for 200
	}{
		{"malformed JSON", `{"positions":[`, 400, "invalid_json", nil},
		{"wrong type", `{"positions":[{"plate":"A","time":"2020-11-01","lon":"x","lat":1}]}`, 400, "invalid_type", nil},
		{"unknown member", `{"positions":[],"speed":3}`, 400, "unknown_field", nil},
		{"every position bad", `{"positions":[{"plate":"A","time":"2020-11-01T07:00:00Z","lon":111,"lat":91}]}`, 400, "invalid_point", nil},
		{"partial acceptance", `{"positions":[` + good + `,
			{"plate":"","time":"2020-11-01T07:00:00Z","lon":111,"lat":36},
			{"plate":"A|B","time":"2020-11-01T07:00:00Z","lon":111,"lat":36},
			{"plate":"A","time":"yesterday","lon":111,"lat":36},
			{"plate":"A","time":"2020-11-01T07:00:00Z","lat":36},
			{"plate":"A","time":"2020-11-01T07:00:00Z","lon":111,"lat":36,"crs":"utm"},
			{"plate":"A","time":"2030-01-01T00:00:00Z","lon":111,"lat":36},
			{"plate":"A","time":"2020-11-01T07:00:00Z","lon":181,"lat":36}]}`, 200, "",
			[]string{"positions[1].plate", "positions[2].plate", "positions[3].time", "positions[4].lon",
				"positions[5].crs", "positions[6].time", "positions[7].lon"}},
		{"empty batch", `{"positions":[]}`, 200, "", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, _, body := ts.Do(t, http.MethodPost, "/v1/tracks", "application/json", tc.body)
			if status != tc.status {
				t.Fatalf("status %d, want %d: %s", status, tc.status, body)
			}
			if status != http.StatusOK {
				var e struct{ Error struct{ Code string } }
				if err := json.Unmarshal(body, &e); err != nil || e.Error.Code != tc.code {
					t.Errorf("error code %q, want %q: %s", e.Error.Code, tc.code, body)
				}
				return
			}
			var ans tracksAnswer
			if err := json.Unmarshal(body, &ans); err != nil {
				t.Fatal(err)
			}
			var fields []string
			for _, e := range ans.Errors {
				fields = append(fields, e.Field)
			}
			if !slices.Equal(fields, tc.fields) || ans.Rejected != len(tc.fields) {
				t.Errorf("rejected %d %q, want %q", ans.Rejected, fields, tc.fields)
			}
		})
	}
	t.Run("too many positions", func(t *testing.T) {
		small := apitest.New(t, func(o *api.Options) { o.Live.MaxPositions = 1 })
		status, _, body := small.Do(t, http.MethodPost, "/v1/tracks", "application/json", `{"positions":[`+good+","+good+`]}`)
		if status != http.StatusRequestEntityTooLarge || !strings.Contains(string(body), "too_many_positions") {
			t.Errorf("status %d %s, want 413 too_many_positions", status, body)
		}
	})
}

func TestTracksConvertCRS(t *testing.T) {
	ts := apitest.New(t)
	g := crs.FromWGS84(centre, crs.GCJ02)
	body := fmt.Sprintf(`{"positions":[{"plate":"G","time":"2020-11-01T07:00:00+08:00","lon":%v,"lat":%v,"crs":"gcj02","cargo":{"fuel":"coal"}}]}`, g[0], g[1])
	var ans tracksAnswer
	ts.PostJSON(t, "/v1/tracks", body, &ans)
	if len(ans.Events) != 2 {
		t.Fatalf("events %+v, want the two enters at the centre", ans.Events)
	}
	for _, e := range ans.Events {
		if dx, dy := e.Position[0]-centre[0], e.Position[1]-centre[1]; dx*dx+dy*dy > 1e-14 || e.Cargo != "coal" {
			t.Errorf("event at %v cargo %q, want %v (WGS84) and coal", e.Position, e.Cargo, centre)
		}
	}
}

// TestTracksReplayAfterRestart resends a batch to a new server over the
// same store: the vehicles' states are loaded, every position is a
// duplicate, and nothing is stored twice.
func TestTracksReplayAfterRestart(t *testing.T) {
	ts := apitest.New(t)
	batch := []trackPos{{"R", 30, outside}, {"R", 20, centre}, {"R", 10, burnBanOnly}}
	var first tracksAnswer
	ts.PostJSON(t, "/v1/tracks", tracksBody(batch), &first)
	if first.Accepted != 3 || len(first.Events) == 0 {
		t.Fatalf("first post: %+v", first)
	}
	ctx := context.Background()
	ix := index.New()
	f := follow.New(ts.Store, ix, nil)
	if err := f.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	srv2 := api.New(api.Options{Store: ts.Store, Index: ix, Follower: f,
		Now: func() time.Time { return apitest.CheckTime }, Auth: api.AuthOptions{AnonymousRole: data.RoleInspector}})
	defer srv2.Close(ctx)
	ts2 := &apitest.Server{Server: httptest.NewServer(srv2), Store: ts.Store, Follower: f, API: srv2}
	defer ts2.Close()
	var again tracksAnswer
	ts2.PostJSON(t, "/v1/tracks", tracksBody(batch), &again)
	if again.Accepted != 0 || again.Duplicates != 1 || again.Late != 2 || len(again.Events) != 0 {
		t.Errorf("replay: %+v, want 1 duplicate, 2 late, no events", again)
	}
	var stored struct{ Events []data.Event }
	ts2.GetJSON(t, "/v1/events", &stored)
	if len(stored.Events) != len(first.Events) {
		t.Errorf("%d events stored after the replay, want %d", len(stored.Events), len(first.Events))
	}
}
