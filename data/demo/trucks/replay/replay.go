// Package replay drives the demo truck fleet (data/demo/trucks) against a
// zonegate server through its HTTP API: each 30 s tick of positions goes
// to POST /v1/tracks, and each checkpoint check to POST
// /v1/checks/coal-truck right after the tick that reaches its time. It is
// shared by 'zonegate demo trucks' (over the network) and 'serve
// --simulate' (in-process, through the server's own handler; Simulate).
package replay

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

// Replayer sends a fleet's positions, one request per 30 s tick, pausing
// trucks.Interval/Speed between ticks (no pause when Speed ≤ 0).
type Replayer struct {
	Client   *http.Client
	URL      string // base URL of the server, without a trailing slash
	Token    string // bearer token (role inspector or above); "": anonymous
	Speed    float64
	Progress io.Writer // one line per progressEvery ticks; nil: quiet
}

// progressEvery is how many ticks pass between progress lines.
const progressEvery = 10

// Stats counts what one replay did and what the server answered.
type Stats struct {
	Ticks, Positions, Accepted, Duplicates, Late, Rejected int
	Checks, Denied, TurnedBack                             int
	Events                                                 map[string]int // by event type
}

// String summarises the counts on one line.
func (s Stats) String() string {
	types := make([]string, 0, len(s.Events))
	for t := range s.Events {
		types = append(types, t)
	}
	sort.Strings(types)
	var parts []string
	n := 0
	for _, t := range types {
		parts = append(parts, fmt.Sprintf("%s %d", t, s.Events[t]))
		n += s.Events[t]
	}
	ev := fmt.Sprintf("%d events", n)
	if len(parts) > 0 {
		ev += " (" + strings.Join(parts, ", ") + ")"
	}
	return fmt.Sprintf("%d positions sent, %d accepted, %d duplicate, %d late, %d rejected; %d checks, %d denied, %d turned back; %s",
		s.Positions, s.Accepted, s.Duplicates, s.Late, s.Rejected, s.Checks, s.Denied, s.TurnedBack, ev)
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

// Run replays fleet once and returns what the server answered: each tick's
// positions, then the station checks up to the tick's time.
func (rp *Replayer) Run(ctx context.Context, fleet []trucks.Truck) (Stats, error) {
	st := Stats{Events: map[string]int{}}
	all := ticks(fleet)
	checks := trucks.Checks(fleet)
	total := 0
	for _, tk := range all {
		total += len(tk)
	}
	pause := time.Duration(0)
	if rp.Speed > 0 {
		pause = time.Duration(float64(trucks.Interval) / rp.Speed)
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
		st.Ticks++
		if rp.Progress != nil && (i%progressEvery == progressEvery-1 || i == len(all)-1) {
			fmt.Fprintf(rp.Progress, "%s  %d/%d positions  %s\n", tk[0].Time, st.Positions, total, st)
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
func (rp *Replayer) send(ctx context.Context, tk []trackPosition, st *Stats) error {
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
	st.Positions += len(tk)
	st.Accepted += ans.Accepted
	st.Duplicates += ans.Duplicates
	st.Late += ans.Late
	st.Rejected += ans.Rejected
	for _, e := range ans.Events {
		st.Events[e.Type]++
	}
	return nil
}

// InProcessClient is a client whose requests h answers in the same
// process, so 'serve --simulate' goes through routing, authorisation and
// the handlers exactly as a client would, without a socket.
func InProcessClient(h http.Handler) *http.Client {
	return &http.Client{Transport: handlerTransport{h}}
}

// handlerTransport answers requests with an http.Handler.
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
