// Command zonegate-bench measures zonegate's served point lookups side by
// side with a bare net/http server doing the same lookups (the transport
// floor) and, when given a binary, Tile38: each server runs as a process
// of its own, loaded with the same polygons, asked the same seeded points
// by the same client, and its CPU is read from /proc, so "server CPU per
// query" is the server's alone. It first checks that every server finds
// the same hit total, then prints q/s, p50/p99, server CPU per query and
// ratios against the floor. With ZONEGATE_TEST_POSTGRES set it also times
// PostGIS ST_AsMVT against zonegate's tile endpoint for the same tiles.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"
)

func main() {
	var err error
	if len(os.Args) > 1 && os.Args[1] == "serve-floor" {
		err = serveFloor(os.Args[2:])
	} else {
		ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
		err = run(ctx, os.Args[1:], os.Stdout)
		stop()
	}
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		slog.Error("zonegate-bench", "err", err)
		os.Exit(1)
	}
}

// config is the command line.
type config struct {
	polygons string
	heavy    bool
	points   int
	batch    int
	duration time.Duration
	rounds   int
	paced    float64
	tile38   string
	zonegate string
	modes    string // comma list of mode kinds to time
	// makeValid gives the polygons through zonegate import --make-valid
	// first, and every server the repaired set.
	makeValid bool
	self      string // this program, run as "serve-floor"
}

const usage = `usage: zonegate-bench [flags]

Runs three servers as separate processes on the same polygons and asks them
the same seeded points with the same client (the HTTP servers get the same
request bytes, an inspector's bearer token included, which only zonegate
checks):
  floor     this program re-run as "serve-floor": bare net/http, an R-tree
            and a crossing-number test over edges banded by latitude (as
            Tile38's geometry library indexes segments), answers written
            by hand with the same fields as zonegate's lookups (checked
            before timing), nothing else (the transport floor)
  zonegate  the real server: built from this module (or --zonegate), the
            polygons loaded with 'zonegate import' as the coal_ban layer
            "bench" (no vertex or part limits: the peers take any polygon;
            an invalid polygon stops the run, as zonegate refuses it, unless
            --make-valid gives every server zonegate's repair), then
            'zonegate serve' with the limits that would throttle a
            benchmark switched off (printed)
  tile38    with --tile38 PATH only: tile38-server, polygons loaded with
            SET zones <id> OBJECT <geojson>, asked INTERSECTS zones IDS POINT

Modes (--modes picks some): get = one lookup per request (GET
/v1/zones/at) on 1 and 32 connections; check = coal-truck checks (POST
/v1/checks/coal-truck) on 1 and 32 connections; batch = a batch of
--batch points (POST /v1/zones/at), and Tile38 pipelined; stream = the
NDJSON stream of every point over one connection (POST
/v1/zones/at/stream); paced = lookups, then coal-truck checks, at a
fixed total rate (--paced-rate, the design's 10,000 a second) on 32
connections: request k is due at k/rate and goes out on the first free
connection, its latency counted from when it was due (a server that falls
behind shows it in p50/p99); tile = zonegate alone, run last: restarted 3
times on its store, the z8 tile holding the first point asked as soon as
/readyz answers, then 5 times more (warm; tile cache off), medians and
the time a restart takes to be ready. Tile38 answers get, batch and
paced lookups.

The floor's check is the same lookup, deny exactly the points inside a
zone (the coal_ban layer), and one line per check (time, request, answer)
appended to a log file in the temp dir and fdatasync'd before the answer,
concurrent checks sharing one write and fdatasync (group commit): the
transport and durability floor of zonegate's check, which appends an
inspection record to its SQLite store's check journal and fdatasyncs it
(group commit) before answering, and moves records into the store's
table in the background (their CPU is in zonegate's figures). Under the
floor's check rows: its records per fdatasync; under zonegate's: the CPU
its mover spent a record moving them (measured on the mover's thread,
read from /metrics), and zonegate's CPU a check less that. The floor's
check answer holds the decision, the reason codes and the zones;
zonegate's also holds the rule, clause, Chinese and English messages,
notes, station, position, time and request id (mean answer bytes of both
are printed before timing).

Columns: q/s = points answered per second (a check is one point); spread =
(max-min)/median q/s over the --rounds rounds (0 with one round; paced
rows: the round with the median p99, and the spread of p99); p50/p99 =
latency of one request (one lookup, check, batch, stream or pipelined
round); srv CPU/q = the server process's utime+stime from /proc/PID/stat
over the run divided by the points answered (the client's CPU is not in
it); vs floor = q/s and CPU/q over the floor's in the same mode (for
Tile38 bulk, the floor's batch). Before timing, every server must return the same hit
total (else the run fails), and the floor's and zonegate's answers to GET
/v1/zones/at the same fields.

With ZONEGATE_TEST_POSTGRES set (a PostGIS URL), also times PostGIS
ST_AsMVT against zonegate's GET /tiles/zones/{z}/{x}/{y}.mvt (uncached:
--tile-cache-mb -1) for the z8, z12 and z15 tiles holding the first 300
points, 2 connections each, in a temporary schema dropped afterwards.

Flags:
`

func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("zonegate-bench", flag.ContinueOnError)
	var c config
	fs.StringVar(&c.polygons, "polygons", os.Getenv("ZONEGATE_LINFEN"), "GeoJSON FeatureCollection of polygons (default $ZONEGATE_LINFEN, else the demo Linfen counties)")
	fs.BoolVar(&c.heavy, "heavy", false, "use a generated heavy set instead: 2,000 overlapping jagged stars of 200–2,000 vertices (synth.Heavy)")
	fs.IntVar(&c.points, "points", 200_000, "seeded query points, uniform over the polygons' bounds")
	fs.IntVar(&c.batch, "batch", 100_000, "points per batch (POST /v1/zones/at) and per Tile38 bulk run")
	fs.DurationVar(&c.duration, "duration", 2*time.Second, "time per server and mode (plus a tenth to warm up)")
	fs.Float64Var(&c.paced, "paced-rate", 10_000, "requests a second of the paced modes, over 32 connections")
	fs.IntVar(&c.rounds, "rounds", 1, "rounds per mode; servers take turns each round and the row is the round with the median q/s (spread: (max-min)/median)")
	fs.StringVar(&c.tile38, "tile38", "", "path to a tile38-server binary; without it the Tile38 column is skipped")
	fs.StringVar(&c.zonegate, "zonegate", "", "path to a zonegate binary (default: go build ./cmd/zonegate of this module)")
	fs.BoolVar(&c.makeValid, "make-valid", false, "repair invalid polygons (self-intersections, overlapping parts, holes outside) with zonegate import --make-valid and give every server the repaired set; without it an invalid polygon stops the run")
	fs.StringVar(&c.modes, "modes", strings.Join(modeKinds, ","), "comma list of the modes to time: "+strings.Join(modeKinds, ", "))
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if c.points < 1 || c.batch < 1 || c.duration <= 0 || c.rounds < 1 || !(c.paced > 0) || math.IsInf(c.paced, 0) {
		return fmt.Errorf("--points, --batch, --duration, --rounds and --paced-rate must be positive")
	}
	if _, err := parseModes(c.modes); err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return fmt.Errorf("find this program for serve-floor: %w", err)
	}
	c.self = self
	return runBench(ctx, c, out)
}

func runBench(ctx context.Context, c config, out io.Writer) error {
	polys, desc, err := loadPolygons(c.polygons, c.heavy)
	if err != nil {
		return err
	}
	if len(polys) == 0 {
		return fmt.Errorf("no polygons in %s", desc)
	}
	dir, err := os.MkdirTemp("", "zonegate-bench-")
	if err != nil {
		return fmt.Errorf("temp dir: %w", err)
	}
	defer os.RemoveAll(dir)
	bin := c.zonegate
	if bin == "" {
		fmt.Fprintln(out, "building zonegate (go build ./cmd/zonegate) …")
		if bin, err = buildZonegate(ctx, dir); err != nil {
			return err
		}
	}
	if c.makeValid {
		var report string
		if polys, report, err = repairPolygons(ctx, bin, dir, polys); err != nil {
			return err
		}
		if report == "" {
			report = "nothing to repair\n"
		}
		fmt.Fprintf(out, "--make-valid (zonegate import --make-valid; every server gets the repaired set): %s", report)
	}
	gj := filepath.Join(dir, "polygons.geojson")
	if err := writeGeoJSON(gj, polys); err != nil {
		return err
	}
	modes, err := parseModes(c.modes)
	if err != nil {
		return err
	}
	b := &bench{pts: seededPoints(polys, c.points), batch: c.batch, duration: c.duration, rounds: c.rounds, paced: c.paced, modes: modes}

	floor, err := startFloor(ctx, c.self, dir, gj)
	if err != nil {
		return err
	}
	defer floor.stop()
	zg, err := startZonegate(ctx, bin, dir, gj)
	if err != nil {
		return err
	}
	defer func() { zg.stop() }() // the child of the last restart
	// Both HTTP servers get the same request bytes, the inspector's
	// Authorization header included: zonegate checks it, the floor only
	// parses it as net/http parses any header.
	auth := "Bearer " + zg.token
	servers := []server{
		{name: "floor", addr: floor.addr, auth: auth, checks: true, cpu: floor.cpu},
		{name: "zonegate", addr: zg.addr, auth: auth, checks: true, cpu: zg.cpu},
	}

	fmt.Fprintf(out, "polygons: %s; %s\n", desc, setStats(polys, b.pts[:min(len(b.pts), 2000)]))
	fmt.Fprintf(out, "%d seeded points; %s per server and mode, %d round(s); client GOMAXPROCS %d on %d CPUs\n",
		len(b.pts), c.duration, c.rounds, runtime.GOMAXPROCS(0), runtime.NumCPU())
	fmt.Fprintf(out, "zonegate: %s serve %s (limits changed from the defaults: per-caller rate limits off for anonymous and inspector, tile cache off)\n",
		bin, strings.Join(zonegateServeFlags, " "))
	if c.tile38 == "" {
		fmt.Fprintln(out, "Tile38 column skipped: pass --tile38 PATH to a tile38-server binary (none here; the Go module proxy does not serve Tile38)")
	} else {
		t, err := startTile38(ctx, c.tile38, dir, polys)
		if err != nil {
			return err
		}
		defer t.stop()
		servers = append(servers, server{name: "tile38", addr: t.addr, cpu: t.cpu, resp: true})
		fmt.Fprintf(out, "tile38: %s -h 127.0.0.1 -p PORT -d DIR -q, %d polygons SET\n", c.tile38, len(polys))
	}

	a, err := b.agree(servers)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "hit totals agree (%s): %d hits over %d points one per request; %d over %d points in bulk (batch, stream, pipelined); coal-truck checks deny %d of %d, the points inside a zone\n",
		strings.Join(a.servers, ", "), a.onePerHits, a.onePer, a.bulkHits, a.bulk, a.denied, a.checked)
	fmt.Fprint(out, "mean answer bytes (GET /v1/zones/at; coal-truck check):")
	for i, ab := range a.answerBytes {
		sep := ","
		if i == 0 {
			sep = ""
		}
		fmt.Fprintf(out, "%s %s %.0f; %.0f", sep, ab.server, ab.lookup, ab.check)
	}
	fmt.Fprintln(out)
	if err := b.table(ctx, servers, out); err != nil {
		return err
	}
	if dsn := os.Getenv("ZONEGATE_TEST_POSTGRES"); dsn != "" {
		if err := b.tiles(ctx, dsn, polys, servers[1], out); err != nil {
			return err
		}
	} else {
		fmt.Fprintln(out, "\nPostGIS ST_AsMVT timing skipped: set ZONEGATE_TEST_POSTGRES to a PostGIS URL")
	}
	if b.runs(modeTile) {
		// Last: it restarts zonegate, so the servers above are stale.
		if err := b.firstTile(ctx, zg, out); err != nil {
			return err
		}
	}
	return nil
}
