package webhook_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/zonegate/zonegate/api/webhook"
	"github.com/zonegate/zonegate/data"
)

// memStore is an in-memory data.TrackStore holding events and cursors.
type memStore struct {
	mu     sync.Mutex
	events []*data.Event
	states map[string]data.WebhookState
	puts   []data.WebhookState // every PutWebhookState, in order
}

func (m *memStore) CommitTrack(_ context.Context, b data.TrackBatch) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, e := range b.Events {
		c := *e
		c.ID = int64(len(m.events) + 1)
		e.ID = c.ID
		m.events = append(m.events, &c)
	}
	return nil
}

func (m *memStore) UpdateTrack(ctx context.Context, _ []string, apply func(map[string]*data.Vehicle) (data.TrackBatch, error)) error {
	b, err := apply(map[string]*data.Vehicle{})
	if err != nil {
		return err
	}
	return m.CommitTrack(ctx, b)
}

func (m *memStore) Vehicles(context.Context) ([]*data.Vehicle, error) { return nil, nil }

func (m *memStore) Events(_ context.Context, f data.EventFilter) ([]*data.Event, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []*data.Event
	for _, e := range m.events {
		if e.ID > f.AfterID && (f.Limit == 0 || len(out) < f.Limit) {
			c := *e
			out = append(out, &c)
		}
	}
	return out, nil
}

func (m *memStore) WebhookStates(context.Context) ([]data.WebhookState, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []data.WebhookState
	for _, s := range m.states {
		out = append(out, s)
	}
	return out, nil
}

func (m *memStore) PutWebhookState(_ context.Context, s data.WebhookState) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.states == nil {
		m.states = map[string]data.WebhookState{}
	}
	m.states[s.URL] = s
	m.puts = append(m.puts, s)
	return nil
}

func (m *memStore) delivered(url string) int64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.states[url].Delivered
}

// receiver is a webhook endpoint that fails its first fails requests with
// 500 and records every request.
type receiver struct {
	mu     sync.Mutex
	fails  int
	keys   []string
	ids    []int64
	sigs   []string
	bodies [][]byte
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	var msg struct {
		Events []data.Event `json:"events"`
	}
	_ = json.Unmarshal(body, &msg)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.keys = append(rc.keys, r.Header.Get("Idempotency-Key"))
	rc.sigs = append(rc.sigs, r.Header.Get("X-Zonegate-Signature"))
	rc.bodies = append(rc.bodies, body)
	for _, e := range msg.Events {
		rc.ids = append(rc.ids, e.ID)
	}
	if rc.fails > 0 {
		rc.fails--
		http.Error(w, "down for maintenance", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// waitFor polls cond until it holds or the test's patience (10 s) ends.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestRetryUntilDelivered(t *testing.T) {
	store := &memStore{}
	at := time.Date(2020, 11, 1, 8, 0, 0, 0, time.UTC)
	_ = store.CommitTrack(context.Background(), data.TrackBatch{Events: []*data.Event{
		{Key: "晋L·1|2020-11-01T08:00:00Z|enter|coal_ban/cb-1", Plate: "晋L·1", Time: at, Type: data.EventEnter, Layer: "coal_ban", Zone: "cb-1"},
		{Key: "晋L·1|2020-11-01T08:01:00Z|exit|coal_ban/cb-1", Plate: "晋L·1", Time: at.Add(time.Minute), Type: data.EventExit, Layer: "coal_ban", Zone: "cb-1"},
	}})
	rc := &receiver{fails: 2}
	srv := httptest.NewServer(rc)
	defer srv.Close()

	var mu sync.Mutex
	var slept []time.Duration
	var attempts []bool
	d := webhook.New(webhook.Options{
		URLs: []string{srv.URL}, Store: store, Secret: "s3cret",
		Jitter: func(d time.Duration) time.Duration { return d },
		Sleep: func(ctx context.Context, d time.Duration) error {
			mu.Lock()
			slept = append(slept, d)
			mu.Unlock()
			return ctx.Err()
		},
		OnAttempt: func(_ string, ok bool) { mu.Lock(); attempts = append(attempts, ok); mu.Unlock() },
	})
	d.Start(context.Background())
	waitFor(t, "both events delivered", func() bool { return store.delivered(srv.URL) == 2 })
	d.Close()

	rc.mu.Lock()
	defer rc.mu.Unlock()
	wantKeys := []string{
		"晋L·1|2020-11-01T08:00:00Z|enter|coal_ban/cb-1", "晋L·1|2020-11-01T08:00:00Z|enter|coal_ban/cb-1",
		"晋L·1|2020-11-01T08:00:00Z|enter|coal_ban/cb-1", "晋L·1|2020-11-01T08:01:00Z|exit|coal_ban/cb-1",
	}
	if !slices.Equal(rc.keys, wantKeys) {
		t.Errorf("Idempotency-Key per request = %q, want %q", rc.keys, wantKeys)
	}
	if want := []int64{1, 1, 1, 2}; !slices.Equal(rc.ids, want) {
		t.Errorf("event ids per request = %v, want %v", rc.ids, want)
	}
	for i, b := range rc.bodies {
		m := hmac.New(sha256.New, []byte("s3cret"))
		m.Write(b)
		if want := "sha256=" + hex.EncodeToString(m.Sum(nil)); rc.sigs[i] != want {
			t.Errorf("request %d: signature %q, want %q", i, rc.sigs[i], want)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if want := []time.Duration{time.Second, 2 * time.Second}; !slices.Equal(slept, want) {
		t.Errorf("backoff waits = %v, want %v", slept, want)
	}
	if want := []bool{false, false, true, true}; !slices.Equal(attempts, want) {
		t.Errorf("attempt outcomes = %v, want %v", attempts, want)
	}
	// The cursor moves once per event, only after the 2xx; the failed
	// attempts are recorded with their status.
	store.mu.Lock()
	defer store.mu.Unlock()
	type put struct {
		delivered int64
		attempts  int
		status    int
		errText   string
	}
	var got []put
	for _, p := range store.puts {
		got = append(got, put{p.Delivered, p.Attempts, p.LastStatus, p.LastError})
	}
	want := []put{{0, 1, 500, "HTTP 500"}, {0, 2, 500, "HTTP 500"}, {1, 0, 204, ""}, {2, 0, 204, ""}}
	if !slices.Equal(got, want) {
		t.Errorf("cursor writes = %+v, want %+v", got, want)
	}
}

func TestResumesFromStoredCursor(t *testing.T) {
	store := &memStore{}
	for i := range 3 {
		_ = store.CommitTrack(context.Background(), data.TrackBatch{Events: []*data.Event{{Key: "k" + string(rune('0'+i)), Type: data.EventEnter}}})
	}
	rc := &receiver{}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	_ = store.PutWebhookState(context.Background(), data.WebhookState{URL: srv.URL, Delivered: 2})
	d := webhook.New(webhook.Options{URLs: []string{srv.URL}, Store: store})
	st, err := d.Status(context.Background())
	if err != nil || len(st) != 1 || st[0].Pending != 1 || st[0].Delivered != 2 {
		t.Fatalf("Status before start = %+v, %v; want 1 pending after cursor 2", st, err)
	}
	d.Start(context.Background())
	waitFor(t, "event 3 delivered", func() bool { return store.delivered(srv.URL) == 3 })
	// A new event is delivered on Notify.
	_ = store.CommitTrack(context.Background(), data.TrackBatch{Events: []*data.Event{{Key: "k3", Type: data.EventExit}}})
	d.Notify()
	waitFor(t, "event 4 delivered", func() bool { return store.delivered(srv.URL) == 4 })
	d.Close()
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if want := []string{"k2", "k3"}; !slices.Equal(rc.keys, want) {
		t.Errorf("keys delivered = %q, want %q", rc.keys, want)
	}
}

func TestBackoff(t *testing.T) {
	cases := []struct {
		name     string
		attempts int
		want     time.Duration
	}{
		{"first retry", 1, time.Second},
		{"second", 2, 2 * time.Second},
		{"third", 3, 4 * time.Second},
		{"ninth", 9, 256 * time.Second},
		{"capped", 10, 5 * time.Minute},
		{"far beyond", 1000, 5 * time.Minute},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := webhook.Backoff(tc.attempts, time.Second, 5*time.Minute); got != tc.want {
				t.Errorf("Backoff(%d) = %v, want %v", tc.attempts, got, tc.want)
			}
		})
	}
}
