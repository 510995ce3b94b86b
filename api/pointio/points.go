package pointio

import (
	"bytes"
	"strconv"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/api/wire"
)

// pointList decodes a JSON array of [lon, lat] pairs without reflection: for
// a 100,000-point batch encoding/json's generic path costs more than the
// lookups themselves. The parser rejects every shape it does not expect.
type pointList struct {
	pts []orb.Point
	max int // 0: unlimited
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
	pl.pts = make([]orb.Point, 0, max(bytes.Count(p.b[p.pos:], []byte{'['}), 0))
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
	if err := wire.CheckLonLat(pt[0], pt[1], ""); err != nil {
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
		for ; i < len(b) && b[i]-'0' <= 9; i++ {
			mant = mant*10 + uint64(b[i]-'0')
		}
		digits = i - first
	default:
		return 0, false
	}
	if i < len(b) && b[i] == '.' {
		i++
		first := i
		for ; i < len(b) && b[i]-'0' <= 9; i++ {
			mant = mant*10 + uint64(b[i]-'0')
		}
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

// pow10 holds the powers of ten a float64 represents exactly.
var pow10 = [23]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// isNumberByte reports whether c can occur in a JSON number.
func isNumberByte(c byte) bool {
	return c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'
}
