package main

import (
	"context"
	"slices"
	"testing"
	"time"
)

// Paced runs send requests at the rate asked, whatever the workers could
// do, and count a late request's wait in its latency: a server slower
// than the pace shows growing latencies, not a slower clock.
func TestRunWorkersPaced(t *testing.T) {
	const rate, d = 2000.0, 300 * time.Millisecond
	instant := func(int) (int, error) { return 1, nil }
	r, err := runWorkers(context.Background(), []worker{instant, instant, instant, instant}, d, rate, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := int(rate * d.Seconds()); r.points != want || r.requests != want {
		t.Errorf("instant workers paced at %v/s for %v: %d points in %d requests, want %d", rate, d, r.points, r.requests, want)
	}
	if r.elapsed < d-2*time.Millisecond {
		t.Errorf("the paced run took %v, less than its %v", r.elapsed, d)
	}

	// One connection whose requests take 2 ms, paced at 1,000 a second:
	// every request due in the run is sent, late, and the last ones waited
	// about as long as the run.
	slow := func(int) (int, error) { time.Sleep(2 * time.Millisecond); return 1, nil }
	var lat []time.Duration
	r, err = runWorkers(context.Background(), []worker{slow}, d, 1000, &lat)
	if err != nil {
		t.Fatal(err)
	}
	if r.requests != 300 {
		t.Errorf("a 2 ms worker paced at 1000/s for %v sent %d requests, want the 300 due", d, r.requests)
	}
	if last := slices.Max(lat); last < d/2 {
		t.Errorf("longest latency %v: a worker that falls behind the pace must show its backlog (want ≥ %v)", last, d/2)
	}

	// Closed loop (rate 0): as many as the worker manages, latencies its own.
	lat = lat[:0]
	r, err = runWorkers(context.Background(), []worker{slow}, 50*time.Millisecond, 0, &lat)
	if err != nil {
		t.Fatal(err)
	}
	if r.requests < 5 || slices.Max(lat) > 40*time.Millisecond {
		t.Errorf("closed loop: %d requests, longest %v", r.requests, slices.Max(lat))
	}
}
