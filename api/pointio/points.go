package pointio

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"strconv"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/api/wire"
)

// pointList decodes a JSON array of [lon, lat] pairs without reflection: for
// a 100,000-point batch encoding/json's generic path costs more than the
// lookups themselves. The parser rejects every shape it does not expect.
type pointList struct {
	pts []orb.Point
	max int         // 0: unlimited
	buf []orb.Point // memory to decode into, when large enough
}

// parse reads a points array (or null) at p's position and leaves p after
// it.
func (pl *pointList) parse(p *pointParser) error {
	p.space()
	if p.literal("null") {
		return nil
	}
	if !p.byte('[') {
		return wire.BadRequest("invalid_points", "points", "points must be an array of [lon, lat] pairs")
	}
	// Every pair opens a bracket; counting them sizes the slice once.
	if n := bytes.Count(p.b[p.pos:], []byte{'['}); pl.buf != nil && cap(pl.buf) >= n {
		pl.pts = pl.buf[:0]
	} else {
		pl.pts = make([]orb.Point, 0, n)
	}
	if p.space(); p.byte(']') {
		return nil
	}
	for i := 0; ; i++ {
		if pl.max > 0 && i >= pl.max {
			return wire.BadRequest("too_many_points", "points", "at most %d points per request", pl.max)
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
			return wire.BadRequest("invalid_json", "", "the JSON body ends too early, inside points")
		}
		if !p.byte(',') {
			return wire.BadRequest("invalid_points", "points", "points[%d]: expected ',' or ']' after the pair", i)
		}
	}
}

// pointParser walks a JSON body or an NDJSON line byte by byte.
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
		return wire.BadRequest("invalid_points", field, format, field)
	}
	p.space()
	if !p.byte('[') {
		return pt, bad("%s must be a [lon, lat] pair")
	}
	for k := range 2 {
		p.space()
		f, ok := p.number()
		if !ok {
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
	if !(pt[0] >= -180 && pt[0] <= 180 && pt[1] >= -90 && pt[1] <= 90) { // NaN and ±Inf fail too
		return pt, wire.CheckLonLat(pt[0], pt[1], "points["+strconv.Itoa(i)+"].")
	}
	return pt, nil
}

// number reads a number by JSON's grammar
// (-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, stricter than
// strconv.ParseFloat: no "+1", ".5", "1.", hex or "Inf") in one pass and
// advances past it. Coordinates, with at most 19 significant digits and a
// small exponent, take Clinger's fast path: the decimal mantissa is exact
// in a float64 and so is the power of ten, so one correctly rounded
// multiplication or division gives exactly strconv.ParseFloat's result.
// Anything else goes to strconv. ok is false for a malformed, infinite or
// out-of-range number.
func (p *pointParser) number() (f float64, ok bool) {
	b, i := p.b, p.pos
	start := i
	neg := i < len(b) && b[i] == '-'
	if neg {
		i++
	}
	// mant takes every digit; it is exact (no overflow) while there are at
	// most 19 of them, and only then is it used. A leading "0" of the
	// integer part is no significant digit.
	var mant uint64
	digits, exp10 := 0, 0
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && b[i] >= '1' && b[i] <= '9':
		first := i
		i, mant = digitRun(b, i, mant)
		digits = i - first
	default:
		return 0, false
	}
	if i < len(b) && b[i] == '.' {
		i++
		first := i
		i, mant = digitRun(b, i, mant)
		if i == first {
			return 0, false
		}
		digits += i - first
		exp10 = first - i
	}
	exact := digits <= 19
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		sign := 1
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			if b[i] == '-' {
				sign = -1
			}
			i++
		}
		first, e := i, 0
		for ; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
			if e < 1e6 {
				e = e*10 + int(b[i]-'0')
			}
		}
		if i == first {
			return 0, false
		}
		exp10 += sign * e
	}
	if i < len(b) && isNumberByte(b[i]) { // "01", "1.2.3", "1e5e", "1-2"
		return 0, false
	}
	p.pos = i
	if exact && mant < 1<<53 && exp10 >= -22 && exp10 <= 22 {
		f = float64(mant)
		if exp10 < 0 {
			f /= pow10[-exp10]
		} else {
			f *= pow10[exp10]
		}
		if neg {
			f = -f
		}
		return f, true
	}
	f, err := strconv.ParseFloat(string(b[start:i]), 64)
	return f, err == nil
}

// digitRun reads the run of decimal digits at b[i:] into mant (mant*10 +
// digit for each, wrapping on overflow, which number detects by counting
// digits) and returns the index after the run and mant. It takes eight
// bytes at a time where the body has them (SWAR): a coordinate's fraction
// of 7 digits is one step instead of seven.
func digitRun(b []byte, i int, mant uint64) (int, uint64) {
	for i+8 <= len(b) {
		x := binary.LittleEndian.Uint64(b[i:])
		// A byte's high bit is set in nondigit when the byte is below '0'
		// (the subtraction borrows) or above '9' (the addition reaches
		// 0x80). Borrows and carries only move toward later bytes, so the
		// first byte flagged is exactly the first non-digit.
		nondigit := ((x + 0x4646464646464646) | (x - 0x3030303030303030)) & 0x8080808080808080
		n := bits.TrailingZeros64(nondigit) >> 3 // leading digits, 0..8
		if n == 0 {
			return i, mant
		}
		// The n digits' values, moved to the top bytes so the bytes below
		// are leading zeros, then combined pairwise: 8 digits in 3 steps.
		v := (x - 0x3030303030303030) << (64 - 8*n)
		v = (v & 0x0F0F0F0F0F0F0F0F) * 2561 >> 8
		v = (v & 0x00FF00FF00FF00FF) * 6553601 >> 16
		v = (v & 0x0000FFFF0000FFFF) * 42949672960001 >> 32
		mant = mant*pow10int[n] + v
		i += n
		if n < 8 {
			return i, mant
		}
	}
	for ; i < len(b) && b[i]-'0' <= 9; i++ {
		mant = mant*10 + uint64(b[i]-'0')
	}
	return i, mant
}

// pow10int holds 10^n for the digit counts of one digitRun step.
var pow10int = [9]uint64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8}

// pow10 holds the powers of ten a float64 represents exactly.
var pow10 = [23]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// isNumberByte reports whether c can occur in a JSON number.
func isNumberByte(c byte) bool {
	return c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'
}
