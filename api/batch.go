package api

import (
	"bytes"
	"runtime"
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/index"
)

// pointList decodes a JSON array of [lon, lat] pairs without reflection: for
// a 100,000-point batch encoding/json's generic path costs more than the
// lookups themselves. json.Decoder has already checked the value is
// well-formed JSON; this parser still rejects every shape it does not expect.
type pointList struct {
	pts []orb.Point
	max int // 0: unlimited
}

// UnmarshalJSON implements json.Unmarshaler.
func (pl *pointList) UnmarshalJSON(b []byte) error {
	p := pointParser{b: b}
	if err := pl.parse(&p); err != nil {
		return err
	}
	if p.space(); p.pos != len(b) {
		return badRequest("invalid_points", "points", "unexpected data after the points array")
	}
	return nil
}

// parse reads a points array (or null) at p's position and leaves p after
// it.
func (pl *pointList) parse(p *pointParser) error {
	p.space()
	if p.literal("null") {
		return nil
	}
	if !p.byte('[') {
		return badRequest("invalid_points", "points", "points must be an array of [lon, lat] pairs")
	}
	// Every pair opens a bracket; counting them sizes the slice once.
	pl.pts = make([]orb.Point, 0, max(bytes.Count(p.b[p.pos:], []byte{'['}), 0))
	if p.space(); p.byte(']') {
		return nil
	}
	for i := 0; ; i++ {
		if pl.max > 0 && i >= pl.max {
			return badRequest("too_many_points", "points", "at most %d points per request", pl.max)
		}
		pt, err := p.pair(i)
		if err != nil {
			return err
		}
		pl.pts = append(pl.pts, pt)
		p.space()
		if p.byte(']') {
			return nil
		}
		if p.pos == len(p.b) {
			return badRequest("invalid_json", "", "the JSON body ends too early, inside points")
		}
		if !p.byte(',') {
			return badRequest("invalid_points", "points", "points[%d]: expected ',' or ']' after the pair", i)
		}
	}
}

type pointParser struct {
	b   []byte
	pos int
}

func (p *pointParser) space() {
	for p.pos < len(p.b) {
		switch p.b[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

func (p *pointParser) byte(c byte) bool {
	if p.pos < len(p.b) && p.b[p.pos] == c {
		p.pos++
		return true
	}
	return false
}

func (p *pointParser) literal(s string) bool {
	if bytes.HasPrefix(p.b[p.pos:], []byte(s)) {
		p.pos += len(s)
		return true
	}
	return false
}

// pair reads "[lon, lat]" and checks the coordinate ranges. i is the
// pair's index, for error messages.
func (p *pointParser) pair(i int) (orb.Point, error) {
	var pt orb.Point
	bad := func(format string) error {
		field := "points[" + strconv.Itoa(i) + "]"
		return badRequest("invalid_points", field, format, field)
	}
	p.space()
	if !p.byte('[') {
		return pt, bad("%s must be a [lon, lat] pair")
	}
	for k := range 2 {
		p.space()
		start := p.pos
		for p.pos < len(p.b) && isNumberByte(p.b[p.pos]) {
			p.pos++
		}
		num := p.b[start:p.pos]
		f, err := strconv.ParseFloat(string(num), 64)
		if err != nil || !validNumber(num) {
			return pt, bad("%s must hold two finite numbers [lon, lat]")
		}
		pt[k] = f
		p.space()
		if k == 0 && !p.byte(',') {
			return pt, bad("%s must hold exactly two numbers [lon, lat]")
		}
	}
	if !p.byte(']') {
		return pt, bad("%s must hold exactly two numbers [lon, lat]")
	}
	if err := checkLonLat(pt[0], pt[1], ""); err != nil {
		return pt, checkLonLat(pt[0], pt[1], "points["+strconv.Itoa(i)+"].")
	}
	return pt, nil
}

// validNumber reports whether b is a number by JSON's grammar
// (-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?), which is stricter than
// strconv.ParseFloat (it refuses "+1", ".5", "1.").
func validNumber(b []byte) bool {
	i := 0
	digits := func() int {
		n := 0
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i, n = i+1, n+1
		}
		return n
	}
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case digits() == 0:
		return false
	}
	if i < len(b) && b[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(b)
}

// isNumberByte reports whether c can occur in a JSON number.
func isNumberByte(c byte) bool {
	return c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'
}

// batchChunk is the smallest share of a batch worth a goroutine.
const batchChunk = 2048

// encodeBatch looks up every point and encodes
// {"results":[{"zones":[{"layer":..,"id":..},...]},...]} in input order,
// splitting the work across all cores.
func encodeBatch(snap *index.Snapshot, pts []orb.Point, q index.Query) []byte {
	workers := min(runtime.GOMAXPROCS(0), (len(pts)+batchChunk-1)/batchChunk)
	if workers < 1 {
		workers = 1
	}
	parts := make([][]byte, workers)
	per := (len(pts) + workers - 1) / workers
	var wg sync.WaitGroup
	for wi := range workers {
		lo, hi := min(wi*per, len(pts)), min((wi+1)*per, len(pts))
		wg.Go(func() {
			buf := make([]byte, 0, (hi-lo)*48)
			var zones []*geo.Zone
			for i := lo; i < hi; i++ {
				if i > lo {
					buf = append(buf, ',')
				}
				zones = snap.ZonesAt(zones[:0], pts[i], q)
				buf = append(buf, `{"zones":[`...)
				for j, z := range zones {
					if j > 0 {
						buf = append(buf, ',')
					}
					buf = append(buf, `{"layer":`...)
					buf = appendJSONString(buf, z.Layer)
					buf = append(buf, `,"id":`...)
					buf = appendJSONString(buf, z.ID)
					buf = append(buf, '}')
				}
				buf = append(buf, "]}"...)
			}
			parts[wi] = buf
		})
	}
	wg.Wait()
	out := make([]byte, 0, 16+len(pts)*2+sumLen(parts))
	out = append(out, `{"results":[`...)
	for i, part := range parts {
		if i > 0 && len(part) > 0 {
			out = append(out, ',')
		}
		out = append(out, part...)
	}
	return append(out, "]}\n"...)
}

func sumLen(parts [][]byte) int {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	return n
}

// appendJSONString appends s as a JSON string. Ids are plain ASCII by
// construction (geo.ValidateID), but this stays correct for any input.
func appendJSONString(buf []byte, s string) []byte {
	buf = append(buf, '"')
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			buf = append(buf, '\\', c)
			i++
		case c < 0x20:
			buf = append(buf, `\u00`...)
			buf = append(buf, "0123456789abcdef"[c>>4], "0123456789abcdef"[c&0xf])
			i++
		case c < utf8.RuneSelf:
			buf = append(buf, c)
			i++
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				buf = append(buf, `\ufffd`...)
			} else {
				buf = append(buf, s[i:i+size]...)
			}
			i += size
		}
	}
	return append(buf, '"')
}
