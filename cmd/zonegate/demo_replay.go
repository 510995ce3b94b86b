package main

// The replay of the demo truck fleet (data/demo/trucks) to POST /v1/tracks,
// shared by 'zonegate demo trucks' (over HTTP) and 'serve --simulate'
// (in-process, through the server's own handler).

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/zonegate/zonegate/data/demo/trucks"
)

// replayer sends a fleet's positions, one request per 30 s tick, pausing
// Interval/speed between ticks (no pause when speed ≤ 0).
type replayer struct {
	client   *http.Client
	url      string // base URL of the server, without a trailing slash
	token    string
	speed    float64
	progress io.Writer // one line per progressEvery ticks; nil: quiet
}

// progressEvery is how many ticks pass between progress lines.
const progressEvery = 10

// replayStats counts what one replay did.
type replayStats struct {
	ticks, positions, accepted, duplicates, late, rejected int
	checks, denied, turnedBack                             int
	events                                                 map[string]int
}

func (s replayStats) String() string {
	types := make([]string, 0, len(s.events))
	for t := range s.events {
		types = append(types, t)
	}
	sort.Strings(types)
	var parts []string
	n := 0
	for _, t := range types {
		parts = append(parts, fmt.Sprintf("%s %d", t, s.events[t]))
		n += s.events[t]
	}
	ev := fmt.Sprintf("%d events", n)
	if len(parts) > 0 {
		ev += " (" + strings.Join(parts, ", ") + ")"
	}
	return fmt.Sprintf("%d positions sent, %d accepted, %d duplicate, %d late, %d rejected; %d checks, %d denied, %d turned back; %s",
		s.positions, s.accepted, s.duplicates, s.late, s.rejected, s.checks, s.denied, s.turnedBack, ev)
}

// trackPosition is one position of the POST /v1/tracks body.
type trackPosition struct {
	Plate string  `json:"plate"`
	Time  string  `json:"time"`
	Lon   float64 `json:"lon"`
	Lat   float64 `json:"lat"`
	CRS   string  `json:"crs"`
	Cargo string  `json:"cargo,omitempty"`

	time time.Time // Time, parsed
}

// ticks groups the fleet's positions by time, in time order (plates in
// fleet order within a tick).
func ticks(fleet []trucks.Truck) [][]trackPosition {
	cst := time.FixedZone("CST", 8*3600) // times as China's terminals report them
	by := map[time.Time][]trackPosition{}
	for _, tr := range fleet {
		for _, p := range tr.Track {
			by[p.Time] = append(by[p.Time], trackPosition{Plate: tr.Plate, Time: p.Time.In(cst).Format(time.RFC3339),
				Lon: p.At[0], Lat: p.At[1], CRS: "wgs84", Cargo: tr.Cargo, time: p.Time})
		}
	}
	times := make([]time.Time, 0, len(by))
	for t := range by {
		times = append(times, t)
	}
	sort.Slice(times, func(i, j int) bool { return times[i].Before(times[j]) })
	out := make([][]trackPosition, len(times))
	for i, t := range times {
		out[i] = by[t]
	}
	return out
}

// run replays fleet once and returns what the server answered: each tick's
// positions, then the station checks up to the tick's time.
func (rp *replayer) run(ctx context.Context, fleet []trucks.Truck) (replayStats, error) {
	st := replayStats{events: map[string]int{}}
	all := ticks(fleet)
	checks := trucks.Checks(fleet)
	total := 0
	for _, tk := range all {
		total += len(tk)
	}
	pause := time.Duration(0)
	if rp.speed > 0 {
		pause = time.Duration(float64(trucks.Interval) / rp.speed)
	}
	for i, tk := range all {
		if err := rp.send(ctx, tk, &st); err != nil {
			return st, err
		}
		last := i == len(all)-1 // then the rest of the checks
		for len(checks) > 0 && (last || !checks[0].Time.After(tk[0].time)) {
			if err := rp.sendCheck(ctx, checks[0], &st); err != nil {
				return st, err
			}
			checks = checks[1:]
		}
		st.ticks++
		if rp.progress != nil && (i%progressEvery == progressEvery-1 || i == len(all)-1) {
			fmt.Fprintf(rp.progress, "%s  %d/%d positions  %s\n", tk[0].Time, st.positions, total, st)
		}
		if pause > 0 && i < len(all)-1 {
			select {
			case <-ctx.Done():
				return st, ctx.Err()
			case <-time.After(pause):
			}
		}
	}
	return st, nil
}

// send posts one tick's positions and adds the answer to st.
func (rp *replayer) send(ctx context.Context, tk []trackPosition, st *replayStats) error {
	body, err := json.Marshal(map[string]any{"positions": tk})
	if err != nil {
		return fmt.Errorf("encode positions: %w", err)
	}
	raw, err := rp.post(ctx, "/v1/tracks", body)
	if err != nil {
		return err
	}
	var ans struct {
		Accepted, Duplicates, Late, Rejected int
		Events                               []struct {
			Type string `json:"type"`
		}
	}
	if err := json.Unmarshal(raw, &ans); err != nil {
		return fmt.Errorf("POST /v1/tracks: answer: %w", err)
	}
	st.positions += len(tk)
	st.accepted += ans.Accepted
	st.duplicates += ans.Duplicates
	st.late += ans.Late
	st.rejected += ans.Rejected
	for _, e := range ans.Events {
		st.events[e.Type]++
	}
	return nil
}

// handlerTransport answers requests with an http.Handler in the same
// process, so 'serve --simulate' goes through routing, authorisation and
// the handlers exactly as a client would, without a socket.
type handlerTransport struct{ h http.Handler }

// RoundTrip implements http.RoundTripper.
func (t handlerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	w := &bufferedResponse{header: http.Header{}, status: http.StatusOK}
	t.h.ServeHTTP(w, r)
	return &http.Response{
		StatusCode: w.status, Status: fmt.Sprintf("%d %s", w.status, http.StatusText(w.status)),
		Header: w.header, Body: io.NopCloser(&w.body), ContentLength: int64(w.body.Len()),
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Request: r,
	}, nil
}

// bufferedResponse is an http.ResponseWriter that keeps the answer.
type bufferedResponse struct {
	header http.Header
	body   bytes.Buffer
	status int
	wrote  bool
}

func (b *bufferedResponse) Header() http.Header { return b.header }

func (b *bufferedResponse) WriteHeader(status int) {
	if !b.wrote {
		b.status, b.wrote = status, true
	}
}

func (b *bufferedResponse) Write(p []byte) (int, error) {
	b.wrote = true
	return b.body.Write(p)
}
