package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/paulmach/orb"
	"github.com/tidwall/rtree"
)

// serveFloor is the hidden subcommand "serve-floor --polygons FILE --addr
// HOST:PORT --check-log FILE": the harness runs itself with it so the
// floor is a process of its own, whose CPU /proc can tell apart from the
// client's. It serves until SIGINT or SIGTERM.
func serveFloor(args []string) error {
	fs := flag.NewFlagSet("serve-floor", flag.ContinueOnError)
	polys := fs.String("polygons", "", "GeoJSON FeatureCollection to serve")
	addr := fs.String("addr", "127.0.0.1:0", "listen address")
	logPath := fs.String("check-log", "", "file the coal-truck checks are logged to, one line each, synced before the answer (required)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *logPath == "" {
		return errors.New("serve-floor: --check-log is required")
	}
	ps, _, err := loadPolygons(*polys, false)
	if err != nil {
		return err
	}
	cl, err := openGroupLog(*logPath)
	if err != nil {
		return err
	}
	defer cl.Close()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("floor: listen: %w", err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	hs := &http.Server{Handler: newFloor(ps, cl)}
	go func() {
		<-ctx.Done()
		_ = hs.Close()
	}()
	if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("floor: serve: %w", err)
	}
	return nil
}

// newFloor is the transport floor: bare net/http, an R-tree of bounds and
// a banded point-in-polygon test (pip.go), answering the three lookup
// endpoints in the same JSON as zonegate's answers (the harness checks
// that GET /v1/zones/at's answers hold the same fields), and the coal-truck
// check with its durable log (floorcheck.go), and nothing else (no auth,
// limits, metrics, logging, request ids or CRS handling). Bodies are
// parsed by a byte scanner (parsePairs), not encoding/json, so the floor
// is what a lean hand-written server costs.
func newFloor(polys []polygon, checks *groupLog) http.Handler {
	var tr rtree.RTreeG[int]
	prep := make([]*banded, len(polys))
	for i, p := range polys {
		b := p.geom.Bound()
		tr.Insert(b.Min, b.Max, i)
		prep[i] = prepare(p.geom)
	}
	// Every zone's answer fragments: short ({"layer","id"}, as in the
	// batch, stream and check answers) and full (the fields of GET
	// /v1/zones/at's zones: the benchmark's polygons are imported into
	// zonegate as version 1 of a coal_ban zone named by its id, with no
	// validity dates).
	short := make([][]byte, len(polys))
	full := make([][]byte, len(polys))
	for i, p := range polys {
		id := jsonString(p.id)
		short[i] = fmt.Appendf(nil, `{"layer":%s,"id":%s}`, jsonString(benchLayer), id)
		full[i] = fmt.Appendf(nil, `{"layer":%s,"kind":"coal_ban","id":%s,"name":%s,"version":1,"valid_from":null,"valid_to":null}`,
			jsonString(benchLayer), id, id)
	}
	// search appends the fragments (of frag) of the zones holding pt,
	// comma separated, and returns how many there are.
	search := func(buf []byte, frag [][]byte, pt orb.Point) ([]byte, int) {
		n := 0
		tr.Search(pt, pt, func(_, _ [2]float64, i int) bool {
			if prep[i].contains(pt) {
				if n > 0 {
					buf = append(buf, ',')
				}
				buf = append(buf, frag[i]...)
				n++
			}
			return true
		})
		return buf, n
	}
	zones := func(buf []byte, pt orb.Point) ([]byte, int) { return search(buf, short, pt) }
	answer := func(buf []byte, pt orb.Point) []byte {
		buf, _ = zones(append(buf, `{"zones":[`...), pt)
		return append(buf, "]}"...)
	}
	mux := http.NewServeMux()
	handleFloorChecks(mux, checks, zones)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "ok\n") })
	mux.HandleFunc("GET /v1/zones/at", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		lon, err1 := strconv.ParseFloat(q.Get("lon"), 64)
		lat, err2 := strconv.ParseFloat(q.Get("lat"), 64)
		if err1 != nil || err2 != nil {
			http.Error(w, "bad point", http.StatusBadRequest)
			return
		}
		// zonegate's answer: the point, the time it was asked at, the zones.
		b := append(make([]byte, 0, 256), `{"point":[`...)
		b = strconv.AppendFloat(b, lon, 'f', -1, 64)
		b = strconv.AppendFloat(append(b, ','), lat, 'f', -1, 64)
		b = time.Now().UTC().AppendFormat(append(b, `],"at":"`...), time.RFC3339Nano)
		b, _ = search(append(b, `","zones":[`...), full, orb.Point{lon, lat})
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(append(b, "]}\n"...))
	})
	mux.HandleFunc("POST /v1/zones/at", func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		// {"points":[[lon,lat],...]}: skip to the outer array.
		if i := bytes.IndexByte(body, '['); i >= 0 {
			body = body[i+1:]
		}
		buf := append(make([]byte, 0, 48*(len(body)/30+1)), `{"results":[`...)
		n := 0
		if err := parsePairs(body, func(pt orb.Point) {
			if n > 0 {
				buf = append(buf, ',')
			}
			buf = answer(buf, pt)
			n++
		}); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(append(buf, "]}\n"...))
	})
	mux.HandleFunc("POST /v1/zones/at/stream", func(w http.ResponseWriter, r *http.Request) {
		rc := http.NewResponseController(w)
		_ = rc.EnableFullDuplex()
		w.Header().Set("Content-Type", "application/x-ndjson")
		br := bufio.NewReaderSize(r.Body, 256<<10)
		var out []byte
		for {
			line, err := br.ReadSlice('\n')
			if len(bytes.TrimSpace(line)) > 0 {
				if perr := parsePairs(line, func(pt orb.Point) { out = append(answer(out, pt), '\n') }); perr != nil {
					out = append(out, "{\"error\":{}}\n"...)
				}
			}
			if err != nil || br.Buffered() == 0 {
				if _, werr := w.Write(out); werr != nil {
					return
				}
				out = out[:0]
				_ = rc.Flush()
			}
			if err != nil {
				return
			}
		}
	})
	return mux
}

// parsePairs calls fn for every [x,y] pair in b, a run of pairs separated
// by commas, blanks or newlines (the inside of a JSON array of points, or
// one NDJSON line). Anything else is an error.
func parsePairs(b []byte, fn func(orb.Point)) error {
	for {
		i := bytes.IndexByte(b, '[')
		if i < 0 {
			if len(bytes.Trim(b, " \t\r\n,]}")) > 0 {
				return fmt.Errorf("trailing %.20q", b)
			}
			return nil
		}
		if len(bytes.Trim(b[:i], " \t\r\n,")) > 0 {
			return fmt.Errorf("unexpected %.20q", b[:i])
		}
		b = b[i+1:]
		end := bytes.IndexByte(b, ']')
		comma := bytes.IndexByte(b, ',')
		if end < 0 || comma < 0 || comma > end {
			return fmt.Errorf("bad pair %.20q", b)
		}
		x, err1 := strconv.ParseFloat(string(bytes.TrimSpace(b[:comma])), 64)
		y, err2 := strconv.ParseFloat(string(bytes.TrimSpace(b[comma+1:end])), 64)
		if err1 != nil || err2 != nil {
			return fmt.Errorf("bad number in %.40q", b[:end])
		}
		fn(orb.Point{x, y})
		b = b[end+1:]
	}
}

// jsonString is s as a JSON string.
func jsonString(s string) []byte {
	b, _ := json.Marshal(s) // a string always marshals
	return b
}
