package api_test

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zonegate/zonegate/api"
	"github.com/zonegate/zonegate/api/internal/apitest"
	"github.com/zonegate/zonegate/data"
)

// postTrack posts positions and returns the stored events.
func postTrack(t *testing.T, ts *apitest.Server, ps ...trackPos) []data.Event {
	t.Helper()
	var ans tracksAnswer
	ts.PostJSON(t, "/v1/tracks", tracksBody(ps), &ans)
	return ans.Events
}

func eventIDs(evs []data.Event) []int64 {
	var out []int64
	for _, e := range evs {
		out = append(out, e.ID)
	}
	return out
}

func TestEventsQuery(t *testing.T) {
	ts := apitest.New(t)
	a := postTrack(t, ts, trackPos{"A", 30, centre}, trackPos{"A", 20, outside}) // 2 enters, 2 exits, off_route at 20
	b := postTrack(t, ts, trackPos{"B", 10, burnBanOnly})                        // enter burn_ban, off_route
	all := append(slices.Clone(a), b...)
	if len(a) != 5 || len(b) != 2 {
		t.Fatalf("events %q / %q, want 5 and 2", eventStrings(a), eventStrings(b))
	}
	pick := func(keep func(e data.Event) bool) []int64 {
		var out []int64
		for _, e := range all {
			if keep(e) {
				out = append(out, e.ID)
			}
		}
		return out
	}
	at20 := apitest.CheckTime.Add(-20 * time.Minute)
	cases := []struct {
		name  string
		query string
		want  []int64
	}{
		{"all", "", eventIDs(all)},
		{"plate", "?plate=B", eventIDs(b)},
		{"type", "?type=enter", pick(func(e data.Event) bool { return e.Type == data.EventEnter })},
		{"from inclusive", "?from=" + at20.Format(time.RFC3339), pick(func(e data.Event) bool { return !e.Time.Before(at20) })},
		{"to exclusive", "?to=" + at20.Format(time.RFC3339), pick(func(e data.Event) bool { return e.Time.Before(at20) })},
		{"after_id and limit", "?after_id=" + strconv.FormatInt(all[1].ID, 10) + "&limit=2", eventIDs(all[2:4])},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got struct{ Events []data.Event }
			ts.GetJSON(t, "/v1/events"+strings.ReplaceAll(tc.query, "+", "%2B"), &got)
			if ids := eventIDs(got.Events); !slices.Equal(ids, tc.want) {
				t.Errorf("ids %v, want %v", ids, tc.want)
			}
		})
	}
	for _, q := range []string{"?type=arrive", "?limit=0", "?limit=10001", "?after_id=-1", "?from=yesterday"} {
		if status, _, body := ts.Do(t, http.MethodGet, "/v1/events"+q, "", ""); status != http.StatusBadRequest {
			t.Errorf("GET /v1/events%s = %d %s, want 400", q, status, body)
		}
	}
}

// sseMessage is one parsed Server-Sent Events message.
type sseMessage struct {
	id, event string
	data      data.Event
}

// readSSE reads messages from an event stream into a channel until the
// stream ends.
func readSSE(t *testing.T, body io.Reader) <-chan sseMessage {
	out := make(chan sseMessage, 100)
	go func() {
		defer close(out)
		sc := bufio.NewScanner(body)
		var m sseMessage
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if m.id != "" {
					out <- m
				}
				m = sseMessage{}
			case strings.HasPrefix(line, "id: "):
				m.id = strings.TrimPrefix(line, "id: ")
			case strings.HasPrefix(line, "event: "):
				m.event = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &m.data); err != nil {
					t.Errorf("bad data line %q: %v", line, err)
				}
			}
		}
	}()
	return out
}

// next returns the next message or fails after the test's patience.
func next(t *testing.T, ch <-chan sseMessage) sseMessage {
	t.Helper()
	select {
	case m, ok := <-ch:
		if !ok {
			t.Fatal("stream ended")
		}
		return m
	case <-time.After(10 * time.Second):
		t.Fatal("timed out waiting for an event")
	}
	return sseMessage{}
}

func TestEventsStreamResume(t *testing.T) {
	ts := apitest.New(t)
	first := postTrack(t, ts, trackPos{"S", 30, centre}, trackPos{"S", 20, outside})
	if len(first) != 5 {
		t.Fatalf("events %q, want 5", eventStrings(first))
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, ts.URL+"/v1/events?plate=S", nil)
	req.Header.Set("Accept", "text/event-stream")
	req.Header.Set("Last-Event-ID", strconv.FormatInt(first[1].ID, 10))
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); resp.StatusCode != http.StatusOK || !strings.HasPrefix(ct, "text/event-stream") {
		t.Fatalf("status %d, content type %q", resp.StatusCode, ct)
	}
	ch := readSSE(t, resp.Body)
	// Replay: the stored events after Last-Event-ID.
	for _, want := range first[2:] {
		m := next(t, ch)
		if m.id != strconv.FormatInt(want.ID, 10) || m.event != want.Type || m.data.Key != want.Key {
			t.Errorf("replayed %s %s %s, want %d %s %s", m.id, m.event, m.data.Key, want.ID, want.Type, want.Key)
		}
	}
	// Live: a new event of plate S arrives; plate T's is filtered out.
	postTrack(t, ts, trackPos{"T", 15, centre})
	live := postTrack(t, ts, trackPos{"S", 10, burnBanOnly})
	if len(live) != 1 {
		t.Fatalf("live events %q, want the burn-ban enter", eventStrings(live))
	}
	if m := next(t, ch); m.id != strconv.FormatInt(live[0].ID, 10) || m.data.Type != data.EventEnter || m.data.Zone != "bb-141002" {
		t.Errorf("live message %s %+v, want %d enter bb-141002", m.id, m.data, live[0].ID)
	}
	// Closing the server ends the stream.
	ts.API.CloseStreams()
	select {
	case _, ok := <-ch:
		if ok {
			t.Error("a message after CloseStreams")
		}
	case <-time.After(10 * time.Second):
		t.Error("the stream did not end on CloseStreams")
	}
	if status, _, _ := ts.Do(t, http.MethodGet, "/v1/events", "", "", "Accept", "text/event-stream", "Last-Event-ID", "x"); status != http.StatusBadRequest {
		t.Errorf("bad Last-Event-ID: status %d, want 400", status)
	}
}

func TestEventsWebhookDelivery(t *testing.T) {
	var mu sync.Mutex
	var keys []string
	fails := 1
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		keys = append(keys, r.Header.Get("Idempotency-Key"))
		if fails > 0 {
			fails--
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer recv.Close()
	ts := apitest.New(t, func(o *api.Options) { o.Live.Webhooks, o.Auth.AnonymousRole = []string{recv.URL}, data.RoleAdmin })
	evs := postTrack(t, ts, trackPos{"W", 30, centre})
	if len(evs) != 2 {
		t.Fatalf("events %q, want 2", eventStrings(evs))
	}
	type hook struct {
		URL        string `json:"url"`
		Delivered  int64  `json:"delivered"`
		Attempts   int    `json:"attempts"`
		LastStatus int    `json:"last_status"`
		Pending    int    `json:"pending"`
	}
	var got struct{ Webhooks []hook }
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		ts.GetJSON(t, "/v1/webhooks", &got)
		if len(got.Webhooks) == 1 && got.Webhooks[0].Delivered == evs[1].ID || time.Now().After(deadline) {
			break
		}
	}
	if want := (hook{URL: recv.URL, Delivered: evs[1].ID, LastStatus: 200}); len(got.Webhooks) != 1 || got.Webhooks[0] != want {
		t.Fatalf("webhooks %+v, want %+v", got.Webhooks, want)
	}
	mu.Lock()
	defer mu.Unlock()
	if want := []string{evs[0].Key, evs[0].Key, evs[1].Key}; !slices.Equal(keys, want) {
		t.Errorf("keys received %q, want %q", keys, want)
	}
}
