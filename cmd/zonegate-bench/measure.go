package main

import (
	"context"
	"errors"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// result is what one server did in one mode.
type result struct {
	points   int           // points (lookups, checks) answered
	requests int           // requests (a lookup, a check, a batch, a stream, a pipelined round of the bulk run)
	elapsed  time.Duration // wall time of the run
	cpu      time.Duration // the server process's CPU (utime+stime) over the run
	p50, p99 time.Duration // per request

	warmRequests   int           // requests of the warm-up run before
	encode, decode time.Duration // batch only: the client's own time per batch
}

// rate is points per second.
func (r result) rate() float64 { return float64(r.points) / r.elapsed.Seconds() }

// cpuPerPoint is the server's CPU per point answered.
func (r result) cpuPerPoint() time.Duration {
	if r.points == 0 {
		return 0
	}
	return r.cpu / time.Duration(r.points)
}

// worker does request number i on its own connection and returns the
// points it answered.
type worker func(i int) (points int, err error)

// newWorker opens worker number w's connection; close ends it.
type newWorker func(w int) (wk worker, close func(), err error)

// measure runs conns workers against one server for about d (every worker
// finishes the request it is in) and reads the server's CPU from /proc
// before and after. A run of d/10 first warms connections and caches and
// is not counted. With rate > 0 the requests are paced (see runWorkers).
func measure(ctx context.Context, cpu func() (time.Duration, error), conns int, d time.Duration, rate float64, nw newWorker) (result, error) {
	workers := make([]worker, conns)
	for w := range conns {
		wk, closeFn, err := nw(w)
		if err != nil {
			return result{}, err
		}
		defer closeFn()
		workers[w] = wk
	}
	warm, err := runWorkers(ctx, workers, d/10, rate, nil)
	if err != nil {
		return result{}, err
	}
	cpu0, err := cpu()
	if err != nil {
		return result{}, err
	}
	var lat []time.Duration
	r, err := runWorkers(ctx, workers, d, rate, &lat)
	if err != nil {
		return r, err
	}
	cpu1, err := cpu()
	if err != nil {
		return r, err
	}
	r.cpu = cpu1 - cpu0
	r.warmRequests = warm.requests
	slices.Sort(lat)
	if len(lat) > 0 {
		r.p50, r.p99 = lat[len(lat)/2], lat[len(lat)*99/100]
	}
	return r, nil
}

// runWorkers runs every worker in a loop until d has passed, collecting
// the request latencies into lat when it is not nil. With rate 0 each
// worker sends its next request as soon as the last is answered (closed
// loop). With rate > 0 request k is due at start + k/rate and is sent by
// the first worker free, once due; its latency counts from when it was
// due, so a server that falls behind shows it in the latencies instead of
// slowing the clock (no coordinated omission). Requests due after d are
// not sent.
func runWorkers(ctx context.Context, workers []worker, d time.Duration, rate float64, lat *[]time.Duration) (result, error) {
	var (
		mu    sync.Mutex
		r     result
		errs  []error
		wg    sync.WaitGroup
		next  atomic.Int64 // the next paced request
		start = time.Now()
	)
	deadline := start.Add(d)
	var interval time.Duration
	if rate > 0 {
		interval = time.Duration(float64(time.Second) / rate)
	}
	for w, wk := range workers {
		wg.Go(func() {
			var mine []time.Duration
			points, i := 0, w*7919
			var err error
			for ; ctx.Err() == nil; i++ {
				// t: when the request is due (paced) or sent.
				t := time.Now()
				if interval > 0 {
					t = start.Add(time.Duration(next.Add(1)-1) * interval)
				}
				if !t.Before(deadline) {
					break
				}
				time.Sleep(time.Until(t))
				var n int
				if n, err = wk(i); err != nil {
					break
				}
				mine = append(mine, time.Since(t))
				points += n
			}
			mu.Lock()
			defer mu.Unlock()
			r.points += points
			r.requests += len(mine)
			if lat != nil {
				*lat = append(*lat, mine...)
			}
			if err != nil {
				errs = append(errs, err)
			}
		})
	}
	wg.Wait()
	r.elapsed = time.Since(start)
	if err := ctx.Err(); err != nil {
		return r, err
	}
	return r, errors.Join(errs...)
}
