package main

import (
	"bytes"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/paulmach/orb"
)

// Modes: every server is asked the same way with the same client.
const (
	modeGet    = "get"    // GET /v1/zones/at, one point per request
	modeCheck  = "check"  // POST /v1/checks/coal-truck, one point per check
	modeBatch  = "batch"  // POST /v1/zones/at with --batch points
	modeStream = "stream" // POST /v1/zones/at/stream, every point, NDJSON over one connection
	modeTile   = "tile"   // the first z8 tile after a restart of zonegate, against the same tile warm
	modePipe   = "pipe"   // Tile38 INTERSECTS, tile38Pipeline in flight on one connection
	modePaced  = "paced"  // lookups and checks at a fixed rate (--paced-rate) on 32 connections
)

// mode is one row group of the table.
type mode struct {
	title string
	kind  string
	conns int
	rate  float64 // requests a second, paced (modePaced); 0: each connection asks as fast as it is answered
}

// selector is the --modes kind that selects m.
func (m mode) selector() string {
	if m.rate > 0 {
		return modePaced
	}
	return m.kind
}

// server is one server under test: how to reach it and read its CPU.
type server struct {
	name   string
	addr   string // host:port
	auth   string // Authorization for checks, or ""
	checks bool   // answers POST /v1/checks/coal-truck
	cpu    func() (time.Duration, error)
	resp   bool // speaks RESP (Tile38), not HTTP
}

// modeKinds are the kinds --modes takes, in the table's order.
var modeKinds = []string{modeGet, modeCheck, modeBatch, modeStream, modePaced, modeTile}

// parseModes parses --modes, a comma list of modeKinds.
func parseModes(list string) (map[string]bool, error) {
	on := map[string]bool{}
	for _, k := range strings.Split(list, ",") {
		k = strings.TrimSpace(k)
		if !slices.Contains(modeKinds, k) {
			return nil, fmt.Errorf("--modes: unknown mode %q (want a comma list of %s)", k, strings.Join(modeKinds, ", "))
		}
		on[k] = true
	}
	return on, nil
}

// runs reports whether the sitting times modes of kind (all when --modes
// named none).
func (b *bench) runs(kind string) bool { return b.modes == nil || b.modes[kind] }

// bench is one sitting: the points, the batch size and the servers.
type bench struct {
	pts      []orb.Point
	batch    int
	duration time.Duration
	rounds   int             // runs per server and mode, taking turns
	paced    float64         // requests a second of the paced modes (--paced-rate)
	modes    map[string]bool // the mode kinds to time (--modes)
	batchers []*batcher      // of the last batch run, for the client's time
}

// workers makes the per-connection workers of mode kind against s, or nil
// when s does not answer that mode.
func (b *bench) workers(s server, kind string) newWorker {
	pts := b.pts
	at := func(w, i int) orb.Point { return pts[(w*7919+i)%len(pts)] }
	chunk := func(i int) []orb.Point {
		n := (len(pts) + b.batch - 1) / b.batch
		lo := (i % n) * b.batch
		return pts[lo:min(lo+b.batch, len(pts))]
	}
	if s.resp {
		var run func(rc *respConn, w, i int) (int, error)
		switch kind {
		case modeGet:
			run = func(rc *respConn, w, i int) (int, error) { _, err := rc.tile38Lookup(at(w, i)); return 1, err }
		case modePipe:
			run = func(rc *respConn, _, i int) (int, error) {
				c := chunk(i)
				_, err := rc.tile38Pipelined(c)
				return len(c), err
			}
		default:
			return nil
		}
		return func(w int) (worker, func(), error) {
			rc, err := dialRESP(s.addr)
			if err != nil {
				return nil, nil, err
			}
			return func(i int) (int, error) { return run(rc, w, i) }, func() { rc.Close() }, nil
		}
	}
	switch kind {
	case modeStream:
		return func(int) (worker, func(), error) {
			c := &http.Client{Transport: &http.Transport{DisableCompression: true}}
			return func(int) (int, error) { _, err := stream(c, "http://"+s.addr, pts); return len(pts), err },
				c.CloseIdleConnections, nil
		}
	case modeGet, modeCheck, modeBatch:
		if kind == modeCheck && !s.checks {
			return nil
		}
		b.batchers = nil
		return func(w int) (worker, func(), error) {
			h, err := dialHTTP(s.addr, s.auth)
			if err != nil {
				return nil, nil, err
			}
			var wk worker
			switch kind {
			case modeGet:
				wk = func(i int) (int, error) { _, err := h.lookup(at(w, i)); return 1, err }
			case modeCheck:
				var buf []byte
				wk = func(i int) (n int, err error) { buf, _, err = h.check(buf, at(w, i)); return 1, err }
			default:
				bt := &batcher{httpConn: h}
				b.batchers = append(b.batchers, bt)
				wk = func(i int) (int, error) { c := chunk(i); _, err := bt.post(c); return len(c), err }
			}
			return wk, func() { h.Close() }, nil
		}
	}
	return nil
}

// agreement is the hit totals every server must share.
type agreement struct {
	onePer, bulk    int // points asked one per request, in bulk
	onePerHits      int // hits over the onePer points
	bulkHits        int // hits over the bulk points
	checked, denied int // coal-truck checks sent, denied
	inside          int // of the checked points, those inside some zone (by the floor)
	servers         []string
	answerBytes     []answerBytes // per HTTP server
}

// answerBytes is an HTTP server's mean answer size over the agreement's
// points: what its clients read and its connections carry.
type answerBytes struct {
	server        string
	lookup, check float64 // GET /v1/zones/at; coal-truck check (0 if none)
}

// agree asks every server every way over fixed points and returns an
// error naming the first server and mode whose hit total differs from
// the floor's (the first server). Coal-truck checks must deny exactly the
// points inside a coal_ban zone.
func (b *bench) agree(servers []server) (agreement, error) {
	a := agreement{onePer: min(len(b.pts), 2000), bulk: min(len(b.pts), 100_000), checked: min(len(b.pts)/20, 300)}
	first := true
	var shapes lookupShapes
	for _, s := range servers {
		var onePer, bulk []int
		var perPoint []int
		if s.resp {
			rc, err := dialRESP(s.addr)
			if err != nil {
				return a, err
			}
			n := 0
			for _, p := range b.pts[:a.onePer] {
				k, err := rc.tile38Lookup(p)
				if err != nil {
					rc.Close()
					return a, fmt.Errorf("%s: %w", s.name, err)
				}
				n += k
			}
			k, err := rc.tile38Pipelined(b.pts[:a.bulk])
			rc.Close()
			if err != nil {
				return a, fmt.Errorf("%s: %w", s.name, err)
			}
			onePer, bulk = []int{n}, []int{k}
		} else {
			h, err := dialHTTP(s.addr, s.auth)
			if err != nil {
				return a, err
			}
			defer h.Close()
			n, size := 0, 0
			var sample []byte // the first answer with a zone
			for _, p := range b.pts[:a.onePer] {
				k, err := h.lookup(p)
				if err != nil {
					return a, fmt.Errorf("%s: %w", s.name, err)
				}
				n += k
				size += h.body.Len()
				perPoint = append(perPoint, k)
				if k > 0 && sample == nil {
					sample = bytes.Clone(h.body.Bytes())
				}
			}
			if err := shapes.same(s.name, sample); err != nil {
				return a, err
			}
			a.answerBytes = append(a.answerBytes, answerBytes{server: s.name, lookup: float64(size) / float64(a.onePer)})
			bt := &batcher{httpConn: h}
			k := 0
			for lo := 0; lo < a.bulk; lo += b.batch {
				m, err := bt.post(b.pts[lo:min(lo+b.batch, a.bulk)])
				if err != nil {
					return a, fmt.Errorf("%s: %w", s.name, err)
				}
				k += m
			}
			c := &http.Client{Transport: &http.Transport{DisableCompression: true}}
			st, err := stream(c, "http://"+s.addr, b.pts[:a.bulk])
			c.CloseIdleConnections()
			if err != nil {
				return a, fmt.Errorf("%s: %w", s.name, err)
			}
			onePer, bulk = []int{n}, []int{k, st}
		}
		if first {
			a.onePerHits, a.bulkHits = onePer[0], bulk[0]
			for _, k := range perPoint[:min(len(perPoint), a.checked)] {
				if k > 0 {
					a.inside++
				}
			}
			first = false
		}
		for _, n := range onePer {
			if n != a.onePerHits {
				return a, fmt.Errorf("HIT TOTALS DISAGREE: %s finds %d hits over %d points asked one per request, the floor %d", s.name, n, a.onePer, a.onePerHits)
			}
		}
		for _, n := range bulk {
			if n != a.bulkHits {
				return a, fmt.Errorf("HIT TOTALS DISAGREE: %s finds %d hits over %d points asked in bulk, the floor %d", s.name, n, a.bulk, a.bulkHits)
			}
		}
		if s.checks && !s.resp {
			h, err := dialHTTP(s.addr, s.auth)
			if err != nil {
				return a, err
			}
			defer h.Close()
			var buf []byte
			a.denied = 0
			size := 0
			for _, p := range b.pts[:a.checked] {
				var denied bool
				if buf, denied, err = h.check(buf, p); err != nil {
					return a, fmt.Errorf("%s: %w", s.name, err)
				}
				size += h.body.Len()
				if denied {
					a.denied++
				}
			}
			a.answerBytes[len(a.answerBytes)-1].check = float64(size) / float64(max(a.checked, 1))
			if a.denied != a.inside {
				return a, fmt.Errorf("CHECKS DISAGREE: %s denies %d of %d coal-truck checks, but %d of the points are inside a coal_ban zone", s.name, a.denied, a.checked, a.inside)
			}
		}
		a.servers = append(a.servers, s.name)
	}
	return a, nil
}
