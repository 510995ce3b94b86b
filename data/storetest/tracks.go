package storetest

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/geo"
)

// tt0 is the base time of the tracking fixtures.
var tt0 = time.Date(2020, 11, 1, 0, 0, 0, 0, time.UTC)

var eventTypes = []string{data.EventEnter, data.EventExit, data.EventOffRoute, data.EventOnRoute}

// randomEvent returns an event with key "k<n>" and random fields.
func randomEvent(rng *rand.Rand, n int) *data.Event {
	e := &data.Event{
		Key:      fmt.Sprintf("k%d", n),
		Plate:    fmt.Sprintf("晋L·%05d", rng.IntN(6)),
		Time:     tt0.Add(time.Duration(rng.IntN(3*24*3600))*time.Second + time.Duration(rng.IntN(1000))*time.Millisecond),
		Type:     eventTypes[rng.IntN(len(eventTypes))],
		Position: orb.Point{111 + rng.Float64(), 36 + rng.Float64()},
	}
	if e.Type == data.EventEnter || e.Type == data.EventExit {
		e.Layer, e.Zone, e.ZoneName = "coal", fmt.Sprintf("z%d", rng.IntN(4)), "禁煤区"
	}
	if rng.IntN(2) == 0 {
		e.Cargo = "coal"
	}
	return e
}

// copyEvents returns fresh copies of es with ID and Created cleared.
func copyEvents(es []*data.Event) []*data.Event {
	out := make([]*data.Event, len(es))
	for i, e := range es {
		c := *e
		c.ID, c.Created = 0, time.Time{}
		out[i] = &c
	}
	return out
}

// sameEvent describes how got differs from want ("" if it does not).
func sameEvent(got, want *data.Event) string {
	if got.ID != want.ID || got.Key != want.Key || got.Plate != want.Plate || !sameTime(got.Time, want.Time) ||
		got.Type != want.Type || got.Layer != want.Layer || got.Zone != want.Zone || got.ZoneName != want.ZoneName ||
		got.Position != want.Position || got.Cargo != want.Cargo || !sameTime(got.Created, want.Created) {
		return fmt.Sprintf("got %+v\nwant %+v", *got, *want)
	}
	return ""
}

// filterEvents is the brute-force oracle of Events over stored (ID order).
func filterEvents(stored []*data.Event, f data.EventFilter) []*data.Event {
	var out []*data.Event
	for _, e := range stored {
		if e.ID <= f.AfterID || f.Plate != "" && e.Plate != f.Plate || f.Type != "" && e.Type != f.Type ||
			!f.From.IsZero() && e.Time.Before(f.From) || !f.To.IsZero() && !e.Time.Before(f.To) {
			continue
		}
		out = append(out, e)
	}
	if f.Limit > 0 && len(out) > f.Limit {
		if f.Newest {
			return out[len(out)-f.Limit:]
		}
		return out[:f.Limit]
	}
	return out
}

var trackTests = []test{
	{"EventsIdempotentAndFiltered", func(t *testing.T, s data.Store) {
		ts := s
		rng := newRand(t)
		var stored []*data.Event // the oracle, in ID order
		keys := map[string]bool{}
		var batches [][]*data.Event
		n := 0
		for b := range 6 {
			var batch []*data.Event
			for range 10 + rng.IntN(30) {
				batch = append(batch, randomEvent(rng, n))
				n++
			}
			if b > 0 { // replay some earlier events and repeat one key within the batch
				prev := batches[rng.IntN(len(batches))]
				batch = append(batch, copyEvents(prev[:1+rng.IntN(len(prev))])...)
				dup := *batch[rng.IntN(len(batch))]
				dup.ID, dup.Position = 0, orb.Point{1, 1}
				batch = append(batch, &dup)
			}
			rng.Shuffle(len(batch), func(i, j int) { batch[i], batch[j] = batch[j], batch[i] })
			if err := ts.CommitTrack(t.Context(), data.TrackBatch{Events: batch}); err != nil {
				t.Fatalf("CommitTrack(batch %d): %v", b, err)
			}
			last := int64(0)
			if len(stored) > 0 {
				last = stored[len(stored)-1].ID
			}
			for _, e := range batch {
				if keys[e.Key] {
					if e.ID != 0 {
						t.Errorf("batch %d: event %s (stored before) got ID %d, want 0", b, e.Key, e.ID)
					}
					continue
				}
				if e.ID <= last || e.Created.IsZero() || e.Created.Location() != time.UTC {
					t.Fatalf("batch %d: event %s: ID %d (previous %d), Created %v; want increasing IDs and Created in UTC",
						b, e.Key, e.ID, last, e.Created)
				}
				last = e.ID
				keys[e.Key] = true
				c := *e
				stored = append(stored, &c)
			}
			batches = append(batches, batch)
		}
		// Replaying the first batch stores nothing.
		replay := copyEvents(batches[0])
		if err := ts.CommitTrack(t.Context(), data.TrackBatch{Events: replay}); err != nil {
			t.Fatalf("CommitTrack(replay): %v", err)
		}
		for _, e := range replay {
			if e.ID != 0 {
				t.Errorf("replayed event %s got ID %d, want 0", e.Key, e.ID)
			}
		}
		filters := []data.EventFilter{
			{},
			{Plate: stored[0].Plate},
			{Type: data.EventOffRoute},
			{From: stored[3].Time},
			{To: stored[3].Time},
			{From: stored[5].Time, To: stored[9].Time},
			{AfterID: stored[len(stored)/2].ID},
			{Limit: 7},
			{Limit: 7, Newest: true},
			{Newest: true},
			{Plate: stored[1].Plate, AfterID: stored[0].ID, Limit: 2, Newest: true},
			{Plate: stored[1].Plate, Type: stored[1].Type, AfterID: stored[0].ID, Limit: 3},
			{From: stored[2].Time.In(time.FixedZone("CST", 8*3600))},
			{Plate: "nobody"},
		}
		for range 30 {
			f := data.EventFilter{AfterID: stored[rng.IntN(len(stored))].ID * int64(rng.IntN(2)), Limit: rng.IntN(3) * rng.IntN(20),
				Newest: rng.IntN(2) == 0}
			if rng.IntN(2) == 0 {
				f.Plate = stored[rng.IntN(len(stored))].Plate
			}
			if rng.IntN(3) == 0 {
				f.Type = eventTypes[rng.IntN(len(eventTypes))]
			}
			if rng.IntN(2) == 0 {
				f.From = stored[rng.IntN(len(stored))].Time
			}
			if rng.IntN(2) == 0 {
				f.To = stored[rng.IntN(len(stored))].Time
			}
			filters = append(filters, f)
		}
		for _, f := range filters {
			got, err := ts.Events(t.Context(), f)
			if err != nil {
				t.Fatalf("Events(%+v): %v", f, err)
			}
			want := filterEvents(stored, f)
			if len(got) != len(want) {
				t.Errorf("Events(%+v): %d events, want %d", f, len(got), len(want))
				continue
			}
			for i := range got {
				if d := sameEvent(got[i], want[i]); d != "" {
					t.Errorf("Events(%+v)[%d]: %s", f, i, d)
					break
				}
			}
		}
	}},
	{"Vehicles", func(t *testing.T, s data.Store) {
		ts := s
		if vs, err := ts.Vehicles(t.Context()); err != nil || len(vs) != 0 {
			t.Fatalf("Vehicles on an empty store = %v, %v; want none", vs, err)
		}
		v := func(plate string, sec int, zones []string, off bool) *data.Vehicle {
			return &data.Vehicle{Plate: plate, Time: tt0.Add(time.Duration(sec) * time.Second),
				Position: orb.Point{111.5 + float64(sec)/1e4, 36.0880000001}, Zones: zones, OffRoute: off, Cargo: "coal"}
		}
		steps := [][]*data.Vehicle{
			{v("晋L·2", 1, []string{"coal/z1"}, false), v("晋L·1", 1, nil, true)},
			{v("晋L·1", 5, []string{"burn/b1", "coal/z2"}, false), v("晋A·9", 2, []string{}, false)},
			{v("晋A·9", 7, nil, true), v("晋A·9", 9, []string{"coal/z3"}, false)}, // same plate twice: the later wins
		}
		want := map[string]*data.Vehicle{}
		for i, step := range steps {
			if err := ts.CommitTrack(t.Context(), data.TrackBatch{Vehicles: step}); err != nil {
				t.Fatalf("CommitTrack(step %d): %v", i, err)
			}
			for _, x := range step {
				want[x.Plate] = x
			}
			got, err := ts.Vehicles(t.Context())
			if err != nil {
				t.Fatalf("Vehicles: %v", err)
			}
			plates := make([]string, 0, len(want))
			for p := range want {
				plates = append(plates, p)
			}
			slices.Sort(plates)
			if len(got) != len(plates) {
				t.Fatalf("step %d: %d vehicles, want %d", i, len(got), len(plates))
			}
			for j, p := range plates {
				g, w := got[j], want[p]
				if g.Plate != p || !sameTime(g.Time, w.Time) || g.Position != w.Position || !slices.Equal(g.Zones, w.Zones) ||
					g.OffRoute != w.OffRoute || g.Cargo != w.Cargo {
					t.Errorf("step %d: vehicle %d = %+v, want %+v", i, j, *g, *w)
				}
			}
		}
	}},
	{"InvalidBatchWritesNothing", func(t *testing.T, s data.Store) {
		ts := s
		good := &data.Event{Key: "ok", Plate: "p", Time: tt0, Type: data.EventEnter}
		veh := &data.Vehicle{Plate: "p", Time: tt0}
		for name, b := range map[string]data.TrackBatch{
			"empty key":    {Vehicles: []*data.Vehicle{veh}, Events: []*data.Event{good, {Plate: "p", Time: tt0, Type: data.EventExit}}},
			"unknown type": {Events: []*data.Event{good, {Key: "x", Plate: "p", Time: tt0, Type: "teleport"}}},
			"no plate":     {Vehicles: []*data.Vehicle{veh, {Time: tt0}}, Events: []*data.Event{good}},
			"nil event":    {Events: []*data.Event{good, nil}},
			"nil vehicle":  {Vehicles: []*data.Vehicle{nil}},
		} {
			if err := ts.CommitTrack(t.Context(), b); !errors.Is(err, geo.ErrInvalid) {
				t.Errorf("%s: CommitTrack = %v, want geo.ErrInvalid", name, err)
			}
			if good.ID != 0 {
				t.Errorf("%s: the valid event got ID %d in a failed batch", name, good.ID)
			}
		}
		es, err := ts.Events(t.Context(), data.EventFilter{})
		vs, err2 := ts.Vehicles(t.Context())
		if err != nil || err2 != nil || len(es) != 0 || len(vs) != 0 {
			t.Errorf("after invalid batches: %d events (%v), %d vehicles (%v); want none", len(es), err, len(vs), err2)
		}
	}},
	{"WebhookStates", func(t *testing.T, s data.Store) {
		ts := s
		a := data.WebhookState{URL: "https://b.example/hook", Delivered: 5, Attempts: 2, LastAttempt: tt0.Add(time.Minute),
			LastStatus: 503, LastError: "service unavailable"}
		b := data.WebhookState{URL: "https://a.example/hook"}
		for _, w := range []data.WebhookState{a, b} {
			if err := ts.PutWebhookState(t.Context(), w); err != nil {
				t.Fatalf("PutWebhookState(%s): %v", w.URL, err)
			}
		}
		a2 := data.WebhookState{URL: a.URL, Delivered: 9, LastAttempt: tt0.Add(2 * time.Minute), LastStatus: 200}
		if err := ts.PutWebhookState(t.Context(), a2); err != nil {
			t.Fatalf("PutWebhookState(update): %v", err)
		}
		got, err := ts.WebhookStates(t.Context())
		if err != nil {
			t.Fatalf("WebhookStates: %v", err)
		}
		want := []data.WebhookState{b, a2}
		if len(got) != 2 {
			t.Fatalf("WebhookStates = %+v, want %+v", got, want)
		}
		for i := range want {
			g, w := got[i], want[i]
			if !sameTime(g.LastAttempt, w.LastAttempt) {
				t.Errorf("state %d: LastAttempt %v, want %v", i, g.LastAttempt, w.LastAttempt)
			}
			g.LastAttempt = w.LastAttempt
			if g != w {
				t.Errorf("state %d = %+v, want %+v", i, g, w)
			}
		}
		if err := ts.PutWebhookState(t.Context(), data.WebhookState{}); !errors.Is(err, geo.ErrInvalid) {
			t.Errorf("PutWebhookState(no URL) = %v, want geo.ErrInvalid", err)
		}
	}},
}
