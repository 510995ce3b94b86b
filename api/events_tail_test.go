package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/api/internal/apitest"
	"github.com/zonegate/zonegate/data"
)

// commitEvents stores n events straight into the track store: plates P0,
// P1, P2 in turn, types enter, exit, off_route, on_route in turn, one
// minute apart. It returns them with their IDs.
func commitEvents(t *testing.T, ts *apitest.Server, n int) []*data.Event {
	t.Helper()
	tk, ok := ts.Store.(data.TrackStore)
	if !ok {
		t.Fatal("the test store is not a TrackStore")
	}
	types := []string{data.EventEnter, data.EventExit, data.EventOffRoute, data.EventOnRoute}
	evs := make([]*data.Event, n)
	for i := range evs {
		evs[i] = &data.Event{Key: fmt.Sprintf("tail-%d", i), Plate: fmt.Sprintf("P%d", i%3), Type: types[i%4],
			Time: apitest.CheckTime.Add(time.Duration(i) * time.Minute).UTC(), Position: orb.Point{111.5, 36.1}}
	}
	if err := tk.CommitTrack(context.Background(), data.TrackBatch{Events: evs}); err != nil {
		t.Fatal(err)
	}
	return evs
}

// lastIDs is the brute-force tail: the IDs of the last n events that keep
// accepts, then at most limit of them (limit 0: all).
func lastIDs(evs []*data.Event, n, limit int, keep func(*data.Event) bool) []int64 {
	var ids []int64
	for _, e := range evs {
		if keep(e) {
			ids = append(ids, e.ID)
		}
	}
	ids = ids[max(0, len(ids)-n):]
	if limit > 0 && len(ids) > limit {
		ids = ids[:limit]
	}
	return ids
}

// TestEventsTailJSON checks tail against a brute-force tail over 2,500
// stored events (enough for the search to double past 1,024 and bisect).
func TestEventsTailJSON(t *testing.T) {
	ts := apitest.New(t)
	evs := commitEvents(t, ts, 2500)
	all := func(*data.Event) bool { return true }
	after := evs[2000].ID
	cases := []struct {
		name  string
		query string
		want  []int64
	}{
		{"tail 3", "?tail=3", lastIDs(evs, 3, 0, all)},
		{"tail 1", "?tail=1", lastIDs(evs, 1, 0, all)},
		{"tail of a plate", "?tail=4&plate=P1", lastIDs(evs, 4, 0, func(e *data.Event) bool { return e.Plate == "P1" })},
		{"tail of a type", "?tail=700&type=enter", lastIDs(evs, 700, 0, func(e *data.Event) bool { return e.Type == data.EventEnter })},
		{"tail within times", "?tail=5&to=" + evs[100].Time.Format(time.RFC3339), lastIDs(evs, 5, 0, func(e *data.Event) bool { return e.Time.Before(evs[100].Time) })},
		{"tail above the count", "?tail=10000", lastIDs(evs, 10000, 0, all)},
		{"tail with a limit", "?tail=5&limit=2", lastIDs(evs, 5, 2, all)},
		{"after_id wins over tail", "?tail=5&after_id=" + strconv.FormatInt(after, 10), lastIDs(evs, 499, 0, all)},
		{"no match", "?tail=5&plate=nobody", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got struct{ Events []data.Event }
			ts.GetJSON(t, "/v1/events"+tc.query, &got)
			if ids := eventIDs(got.Events); !slices.Equal(ids, tc.want) {
				t.Errorf("%d ids %v…, want %d %v…", len(ids), ids[:min(len(ids), 5)], len(tc.want), tc.want[:min(len(tc.want), 5)])
			}
		})
	}
	for _, q := range []string{"?tail=0", "?tail=10001", "?tail=-1", "?tail=x", "?tail=1.5"} {
		for _, accept := range []string{"application/json", "text/event-stream"} {
			status, _, body := ts.Do(t, http.MethodGet, "/v1/events"+q, "", "", "Accept", accept)
			var e struct{ Error struct{ Code, Field string } }
			_ = json.Unmarshal(body, &e)
			if status != http.StatusBadRequest || e.Error.Field != "tail" || e.Error.Code != "invalid_tail" {
				t.Errorf("GET /v1/events%s (%s) = %d %s, want 400 invalid_tail on field tail", q, accept, status, body)
			}
		}
	}
}

// TestEventsTailStream checks that an event stream with tail replays the
// newest stored events of its filter, then goes live, and that
// Last-Event-ID wins over tail.
func TestEventsTailStream(t *testing.T) {
	ts := apitest.New(t)
	first := postTrack(t, ts, trackPos{"S", 30, centre}, trackPos{"S", 20, outside})
	postTrack(t, ts, trackPos{"T", 15, centre})
	if len(first) != 5 {
		t.Fatalf("events %q, want 5", eventStrings(first))
	}
	open := func(query string, header ...string) <-chan sseMessage {
		ctx, cancel := context.WithCancel(context.Background())
		t.Cleanup(cancel)
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, ts.URL+"/v1/events"+query, nil)
		req.Header.Set("Accept", "text/event-stream")
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		resp, err := ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { resp.Body.Close() })
		if ct := resp.Header.Get("Content-Type"); resp.StatusCode != http.StatusOK || !strings.HasPrefix(ct, "text/event-stream") {
			t.Fatalf("status %d, content type %q", resp.StatusCode, ct)
		}
		return readSSE(t, resp.Body)
	}
	tail := open("?plate=S&tail=2")
	resumed := open("?plate=S&tail=2", "Last-Event-ID", strconv.FormatInt(first[1].ID, 10))
	expect := func(name string, ch <-chan sseMessage, want []data.Event) {
		t.Helper()
		for _, w := range want {
			if m := next(t, ch); m.id != strconv.FormatInt(w.ID, 10) || m.event != w.Type || m.data.Key != w.Key {
				t.Errorf("%s: message %s %s %s, want %d %s %s", name, m.id, m.event, m.data.Key, w.ID, w.Type, w.Key)
			}
		}
	}
	expect("tail", tail, first[3:])
	expect("Last-Event-ID", resumed, first[2:])
	live := postTrack(t, ts, trackPos{"S", 10, burnBanOnly})
	if len(live) != 1 {
		t.Fatalf("live events %q, want the burn-ban enter", eventStrings(live))
	}
	expect("tail, live", tail, live)
	expect("Last-Event-ID, live", resumed, live)
}
