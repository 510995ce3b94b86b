// Command zonegate-bench measures zonegate's served point lookups against
// a bare net/http server doing the same lookups (the transport floor), on
// the same polygons and the same seeded points, with the same client:
// one lookup per request over 1 and 32 connections, a 100,000-point batch,
// and the NDJSON stream over one connection. It checks every server finds
// the same hit total and prints q/s, latency and CPU per query side by
// side with ratios against the floor.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime"
	"time"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		slog.Error("zonegate-bench", "err", err)
		os.Exit(1)
	}
}

// config is the command line.
type config struct {
	polygons string
	heavy    bool
	points   int
	duration time.Duration
	tile38   string
}

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("zonegate-bench", flag.ContinueOnError)
	var c config
	fs.StringVar(&c.polygons, "polygons", os.Getenv("ZONEGATE_LINFEN"), "GeoJSON FeatureCollection of polygons (default $ZONEGATE_LINFEN, else the demo counties)")
	fs.BoolVar(&c.heavy, "heavy", false, "use a generated heavy set: 2,000 stars of 1,100 vertices")
	fs.IntVar(&c.points, "points", 200_000, "seeded query points")
	fs.DurationVar(&c.duration, "duration", 2*time.Second, "time per server and mode")
	fs.StringVar(&c.tile38, "tile38", "", "path to a tile38-server binary (not run yet; see below)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), "usage: zonegate-bench [flags]\n\nServes the same polygons from a bare net/http floor and from zonegate, in process, and measures both with the same client.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	ctx := context.Background()
	polys, desc, err := loadPolygons(c.polygons, c.heavy)
	if err != nil {
		return err
	}
	pts := seededPoints(polys, c.points)
	dir, err := os.MkdirTemp("", "zonegate-bench-")
	if err != nil {
		return fmt.Errorf("temp dir: %w", err)
	}
	defer os.RemoveAll(dir)
	zg, closeZG, err := newZonegate(ctx, dir, polys)
	if err != nil {
		return err
	}
	defer closeZG()
	servers := []server{{name: "floor", h: newFloor(polys)}, {name: "zonegate", h: zg}}
	for i := range servers {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return fmt.Errorf("listen: %w", err)
		}
		hs := &http.Server{Handler: servers[i].h}
		go func() { _ = hs.Serve(ln) }()
		defer hs.Close()
		servers[i].url = "http://" + ln.Addr().String()
	}
	fmt.Fprintf(out, "polygons: %s; %d seeded points; %s per mode; GOMAXPROCS %d\n", desc, len(pts), c.duration, runtime.GOMAXPROCS(0))
	if c.tile38 == "" {
		fmt.Fprintln(out, "Tile38 column skipped: pass --tile38 PATH to a tile38-server binary")
	} else {
		fmt.Fprintln(out, "Tile38 column skipped: the RESP client is not written yet (--tile38 given:", c.tile38+")")
	}
	if os.Getenv("ZONEGATE_TEST_POSTGRES") != "" {
		fmt.Fprintln(out, "PostGIS ST_AsMVT timing skipped: not implemented in this harness yet")
	}

	// Agreement first: the hit totals of every server and mode over the
	// same points must be equal.
	check := pts[:min(len(pts), 100_000)]
	totals := map[string]int{}
	for _, s := range servers {
		for _, m := range []string{"get", "batch", "stream"} {
			sub := check
			if m == "get" {
				sub = check[:min(len(check), 2000)]
			}
			n, err := hitTotal(s.url, m, sub)
			if err != nil {
				return fmt.Errorf("%s %s: %w", s.name, m, err)
			}
			key := fmt.Sprintf("%s/%d", m, len(sub))
			if want, ok := totals[key]; ok && want != n {
				return fmt.Errorf("HIT TOTALS DISAGREE: %s %s over %d points: %d hits, the floor found %d", s.name, m, len(sub), n, want)
			}
			totals[key] = n
		}
	}
	fmt.Fprintf(out, "hit totals agree: %d hits over %d points (batch and stream), %d over the first %d (one per request)\n",
		totals[fmt.Sprintf("batch/%d", len(check))], len(check), totals[fmt.Sprintf("get/%d", min(len(check), 2000))], min(len(check), 2000))

	modes := []mode{
		{name: "1 conn, 1 lookup/request", kind: "get", conns: 1},
		{name: "32 conns, 1 lookup/request", kind: "get", conns: 32},
		{name: "batch of 100,000, 1 conn", kind: "batch", conns: 1, batch: 100_000},
		{name: "NDJSON stream, 1 conn", kind: "stream", conns: 1},
	}
	fmt.Fprintf(out, "\n%-28s %-9s %12s %10s %10s %12s %8s\n", "mode", "server", "points/s", "p50", "p99", "CPU/point", "vs floor")
	for _, m := range modes {
		var floor result
		for i, s := range servers {
			r, err := measure(s.url, m, pts, c.duration)
			if err != nil {
				return fmt.Errorf("%s, %s: %w", m.name, s.name, err)
			}
			if i == 0 {
				floor = r
			}
			fmt.Fprintf(out, "%-28s %-9s %12.0f %10s %10s %12s %7.2f×\n", m.name, s.name, r.rate(), r.p50, r.p99,
				r.cpuPerPoint().Round(10*time.Nanosecond), r.rate()/floor.rate())
		}
	}
	fmt.Fprintln(out, "\nCPU/point is the whole process's (client and servers run in one process): utime+stime from /proc/self/stat over the run, divided by points answered.")
	return nil
}

// server is one HTTP server under test.
type server struct {
	name string
	h    http.Handler
	url  string
}
