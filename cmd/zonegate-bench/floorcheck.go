package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/paulmach/orb"
)

// checkLogStatsPath is the floor's own endpoint telling the harness how
// many checks it logged in how many fdatasyncs: {"records":N,"syncs":M}.
const checkLogStatsPath = "/debug/check-log"

// maxCheckBody bounds a check's body on the floor.
const maxCheckBody = 64 << 10

// floorBufs are a check's body, answer and log line buffers, reused.
type floorBufs struct{ body, zones, answer, line []byte }

// handleFloorChecks adds the floor's coal-truck check to mux: POST
// /v1/checks/coal-truck with the body the harness sends zonegate (only its
// "position":[lon,lat] is read), the same lookup as GET /v1/zones/at
// (zones appends the zones holding a point and counts them), and
// zonegate's decision for the benchmark's coal_ban layer: deny exactly the
// points inside a zone. Before answering, it appends one line per check to
// the durable log (the time, the request as sent and the answer, like
// zonegate's inspection record) and waits for it to be synced, sharing the
// fdatasync with concurrent checks (groupLog). That is the transport and
// durability floor of zonegate's check, whose rules, inspection record
// and SQLite commit are more.
func handleFloorChecks(mux *http.ServeMux, log *groupLog, zones func([]byte, orb.Point) ([]byte, int)) {
	pool := sync.Pool{New: func() any { return new(floorBufs) }}
	mux.HandleFunc("POST /v1/checks/coal-truck", func(w http.ResponseWriter, r *http.Request) {
		b := pool.Get().(*floorBufs)
		defer pool.Put(b)
		var err error
		b.body, err = readBody(b.body[:0], r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		pt, err := checkPosition(b.body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		var n int
		b.zones, n = zones(b.zones[:0], pt)
		a := b.answer[:0]
		if n > 0 {
			a = append(a, `{"decision":"deny","reasons":[{"code":"COAL_BAN_ZONE"}],"zones":[`...)
		} else {
			a = append(a, `{"decision":"allow","reasons":[],"zones":[`...)
		}
		a = append(append(a, b.zones...), "]}"...)
		b.answer = a
		l := append(b.line[:0], `{"time":"`...)
		l = time.Now().UTC().AppendFormat(l, time.RFC3339Nano)
		l = append(append(l, `","request":`...), b.body...)
		l = append(append(l, `,"response":`...), a...)
		b.line = append(l, "}\n"...)
		if err := log.append(b.line); err != nil {
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(append(a, '\n'))
	})
	mux.HandleFunc("GET "+checkLogStatsPath, func(w http.ResponseWriter, _ *http.Request) {
		recs, syncs := log.stats()
		w.Header().Set("Content-Type", "application/json")
		_, _ = fmt.Fprintf(w, `{"records":%d,"syncs":%d}`+"\n", recs, syncs)
	})
}

// readBody appends r (at most maxCheckBody bytes) to buf.
func readBody(buf []byte, r io.Reader) ([]byte, error) {
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if len(buf) > maxCheckBody {
			return buf, errors.New("check body too large")
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, fmt.Errorf("read check body: %w", err)
		}
	}
}

var positionKey = []byte(`"position"`)

// checkPosition finds "position":[lon,lat] in a check's body. A body
// holding a newline is refused, so a check is one line of the log.
func checkPosition(body []byte) (orb.Point, error) {
	if bytes.IndexByte(body, '\n') >= 0 {
		return orb.Point{}, errors.New("check body must be one line")
	}
	i := bytes.Index(body, positionKey)
	if i < 0 {
		return orb.Point{}, errors.New(`check body has no "position"`)
	}
	rest := bytes.TrimLeft(body[i+len(positionKey):], " \t\r")
	if len(rest) == 0 || rest[0] != ':' {
		return orb.Point{}, errors.New(`check body: "position" must be followed by ':'`)
	}
	rest = bytes.TrimLeft(rest[1:], " \t\r")
	end := bytes.IndexByte(rest, ']')
	if len(rest) == 0 || rest[0] != '[' || end < 0 {
		return orb.Point{}, errors.New(`check body: "position" must be [lon,lat]`)
	}
	var pt orb.Point
	n := 0
	if err := parsePairs(rest[:end+1], func(p orb.Point) { pt = p; n++ }); err != nil || n != 1 {
		return orb.Point{}, fmt.Errorf(`check body: "position" must be [lon,lat]: %.40q`, rest[:end+1])
	}
	return pt, nil
}

// checkLogStats is the floor's check log so far (checkLogStatsPath).
type checkLogStats struct {
	Records int `json:"records"` // checks logged and synced
	Syncs   int `json:"syncs"`   // fdatasync calls
}

// readCheckLogStats asks the floor at addr (host:port) for its check
// log's counts.
func readCheckLogStats(addr string) (checkLogStats, error) {
	var st checkLogStats
	resp, err := http.Get("http://" + addr + checkLogStatsPath)
	if err != nil {
		return st, fmt.Errorf("floor: check log stats: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return st, fmt.Errorf("floor: check log stats: %s", resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		return st, fmt.Errorf("floor: check log stats: %w", err)
	}
	return st, nil
}
