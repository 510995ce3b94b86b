package pointio

import (
	"bytes"
	"errors"
	"runtime"
	"sort"
	"strconv"
	"sync"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/api/wire"
	"github.com/zonegate/zonegate/geo/crs"
	"github.com/zonegate/zonegate/geo/index"
)

// Chunk is a run of consecutive NDJSON input lines, parsed: the valid
// lines' points in input order and the bad lines with their errors. It
// holds 16 bytes a valid line. The zero value is an empty chunk starting at
// line 1; reuse one across chunks to reuse its memory.
type Chunk struct {
	Points []orb.Point // the valid lines' points, in WGS84
	Bad    []Line      // the bad lines, by increasing N
	first  int         // number of the chunk's first line, from 1
	n      int         // lines in the chunk
}

// Line is a bad input line: its number (from 1) and the error its answer
// line carries.
type Line struct {
	N             int
	Code, Message string
}

// Reset empties the chunk; its next line is line number first.
func (c *Chunk) Reset(first int) {
	c.Points, c.Bad, c.first, c.n = c.Points[:0], c.Bad[:0], first, 0
}

// Len returns the number of lines in the chunk.
func (c *Chunk) Len() int { return c.n }

// Next returns the number of the line after the chunk's last.
func (c *Chunk) Next() int { return c.first + c.n }

// AddBad adds a line answered with an error.
func (c *Chunk) AddBad(code, message string) {
	c.Bad = append(c.Bad, Line{N: c.first + c.n, Code: code, Message: message})
	c.n++
}

// Add parses the next input line (with or without its newline): one
// [lon,lat] pair in crs cs, with the batch parser's number grammar,
// converted to WGS84. A line that is not a valid point is added as a bad
// line with its error.
func (c *Chunk) Add(b []byte, cs crs.CRS) {
	b = bytes.TrimRight(b, "\r\n")
	p := pointParser{b: b}
	p.space()
	if p.pos == len(b) {
		c.AddBad("invalid_point", "the line is empty; send one [lon,lat] pair per line")
		return
	}
	pt, ok := p.streamPair()
	if p.space(); !ok || p.pos != len(b) {
		c.AddBad("invalid_point", "the line must hold one [lon,lat] pair of finite numbers")
		return
	}
	if cs != crs.WGS84 {
		pt = crs.ToWGS84(pt, cs)
	}
	if err := wire.CheckLonLat(pt[0], pt[1], ""); err != nil {
		msg := err.Error()
		var we *wire.Error
		if errors.As(err, &we) {
			msg = we.Message
		}
		c.AddBad("invalid_point", msg)
		return
	}
	c.Points = append(c.Points, pt)
	c.n++
}

// AnswerChunk answers c's lines as NDJSON, one answer line per input
// line: {"zones":[{"layer":..,"id":..},...]} as in the batch answer, or
// {"error":{"code":..,"message":..,"line":N}}. It looks c's points up in
// snap with q at once on all cores (Lookup), in shares of at least
// minShare points, then encodes the answer lines in rounds of round lines,
// each split across the cores in parts of at least minShare lines, and
// passes each round's answer to write in order, stopping at write's first
// error. So the lookups can take large chunks, which on large indexes
// makes them cheaper a point, while the answer buffers stay small. The
// lookups' and encoders' memory is pooled, not kept by the stream.
func (s *Scratch) AnswerChunk(snap *index.Snapshot, q index.Query, c *Chunk, round, minShare int, write func([]byte) error) error {
	l := s.getLookup()
	defer s.lookups.Put(l)
	l.Run(snap, c.Points, q, minShare)
	round = max(round, 1)
	var encs []*encoder
	defer func() {
		for _, e := range encs {
			s.putEncoder(e)
		}
	}()
	for lo := 0; lo < c.n; lo += round {
		hi := min(lo+round, c.n)
		workers := max(1, min(runtime.GOMAXPROCS(0), (hi-lo)/max(minShare, 1)))
		for len(encs) < workers {
			encs = append(encs, s.getEncoder(snap))
		}
		per := (hi - lo + workers - 1) / workers
		var wg sync.WaitGroup
		for w := range workers {
			e, from, to := encs[w], lo+w*per, min(lo+(w+1)*per, hi)
			if w == workers-1 {
				e.encodeLines(c, l, from, to) // this goroutine takes the last part
			} else {
				wg.Go(func() { e.encodeLines(c, l, from, to) })
			}
		}
		wg.Wait()
		for _, e := range encs[:workers] {
			if err := write(e.out); err != nil {
				return err
			}
		}
	}
	return nil
}

// encodeLines replaces e's buffer with the answer lines of c's lines
// from..to-1 (offsets in the chunk), taking the valid lines' zones from l.
func (e *encoder) encodeLines(c *Chunk, l *Lookup, from, to int) {
	e.out = e.out[:0]
	line := c.first + from
	bad := sort.Search(len(c.Bad), func(i int) bool { return c.Bad[i].N >= line })
	k := from - bad // the point index of the first valid line from here
	for ; line < c.first+to; line++ {
		if bad < len(c.Bad) && c.Bad[bad].N == line {
			e.lineError(&c.Bad[bad])
			bad++
			continue
		}
		e.out = append(e.frags.appendAnswer(e.out, l.At(k)), '\n')
		k++
	}
}

// lineError appends the answer of a bad line.
func (e *encoder) lineError(b *Line) {
	e.out = append(e.out, `{"error":{"code":`...)
	e.out = wire.AppendString(e.out, b.Code)
	e.out = append(e.out, `,"message":`...)
	e.out = wire.AppendString(e.out, b.Message)
	e.out = append(e.out, `,"line":`...)
	e.out = strconv.AppendInt(e.out, int64(b.N), 10)
	e.out = append(e.out, "}}\n"...)
}

// streamPair reads "[lon, lat]" with the batch parser's number grammar.
func (p *pointParser) streamPair() (orb.Point, bool) {
	var pt orb.Point
	if !p.byte('[') {
		return pt, false
	}
	for k := range 2 {
		p.space()
		f, ok := p.number()
		if !ok {
			return pt, false
		}
		pt[k] = f
		p.space()
		if k == 0 && !p.byte(',') {
			return pt, false
		}
	}
	return pt, p.byte(']')
}
