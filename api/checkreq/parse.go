package checkreq

import (
	"strconv"
	"unicode/utf8"
)

// parse decodes body into req and reports true when body is a check
// request it decodes exactly as encoding/json would (see decode.go);
// false leaves req half filled, for the caller to reset.
//
// Numbers go into one slab of floats, appended to room (one allocation
// for position and cargo in the usual body when room is nil, none when
// it has space), which parse returns; strings are substrings of body.
func parse(body string, req *Request, room []float64) (nums []float64, ok bool) {
	p := parser{s: body, nums: room}
	var posAt, posEnd int = -1, -1
	var pctAt [3]int
	var seen uint16
	ok = p.object(func(key string) bool {
		var bit uint16
		switch key {
		case "position":
			bit = 1 << 0
			posAt = len(p.nums)
			ok := p.numbers()
			posEnd = len(p.nums)
			return p.once(&seen, bit) && ok
		case "route":
			return p.once(&seen, 1<<1) && p.route(req)
		case "at":
			return p.once(&seen, 1<<2) && p.str(&req.At)
		case "crs":
			return p.once(&seen, 1<<3) && p.str(&req.CRS)
		case "cargo":
			return p.once(&seen, 1<<4) && p.cargo(&req.Cargo, &pctAt)
		case "documents":
			return p.once(&seen, 1<<5) && p.documents(&req.Documents)
		case "destination":
			return p.once(&seen, 1<<6) && p.object(func(key string) bool {
				return key == "category" && p.once(&seen, 1<<7) && p.str(&req.Destination.Category)
			})
		case "plate":
			return p.once(&seen, 1<<8) && p.str(&req.Plate)
		case "station":
			return p.once(&seen, 1<<9) && p.str(&req.Station)
		}
		return false
	})
	if !ok || !p.end() {
		return p.nums, false
	}
	nums = p.nums
	if nums == nil {
		nums = []float64{} // an empty array decodes to an empty, non-nil slice
	}
	if posAt >= 0 {
		req.Position = nums[posAt:posEnd:posEnd]
	}
	for i, dst := range [...]**float64{&req.Cargo.SulfurPct, &req.Cargo.AshPct, &req.Cargo.VolatilePct} {
		if pctAt[i] > 0 {
			*dst = &nums[pctAt[i]-1]
		}
	}
	if rt := req.Route; rt != nil && rt.Coordinates != nil {
		for i, span := range p.coords {
			rt.Coordinates[i] = nums[span[0]:span[1]:span[1]]
		}
	}
	return nums, true
}

// parser walks a JSON text; nums collects the numbers read, coords the
// spans of nums that are a route's positions.
type parser struct {
	s      string
	i      int
	nums   []float64
	coords [][2]int
}

// once sets bit in seen, reporting false when it was set: a member sent
// twice is left to encoding/json.
func (p *parser) once(seen *uint16, bit uint16) bool {
	if *seen&bit != 0 {
		return false
	}
	*seen |= bit
	return true
}

func (p *parser) space() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

// byte consumes c after any white space.
func (p *parser) byte(c byte) bool {
	p.space()
	if p.i < len(p.s) && p.s[p.i] == c {
		p.i++
		return true
	}
	return false
}

// end reports whether only white space is left.
func (p *parser) end() bool {
	p.space()
	return p.i == len(p.s)
}

// object reads {"key": value, ...}, calling member for each key with p
// before the value; member reads the value.
func (p *parser) object(member func(key string) bool) bool {
	if !p.byte('{') {
		return false
	}
	if p.byte('}') {
		return true
	}
	for {
		var key string
		if !p.str(&key) || !p.byte(':') || !member(key) {
			return false
		}
		if p.byte('}') {
			return true
		}
		if !p.byte(',') {
			return false
		}
	}
}

// str reads a string without escapes or control characters, of valid
// UTF-8 (encoding/json would replace invalid bytes), into dst.
func (p *parser) str(dst *string) bool {
	if !p.byte('"') {
		return false
	}
	start, ascii := p.i, true
	for ; p.i < len(p.s); p.i++ {
		switch c := p.s[p.i]; {
		case c == '"':
			v := p.s[start:p.i]
			p.i++
			if !ascii && !utf8.ValidString(v) {
				return false
			}
			*dst = v
			return true
		case c == '\\' || c < 0x20:
			return false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return false
}

// number reads a JSON number into nums, as encoding/json converts it
// (strconv.ParseFloat of the literal, which must be in range).
func (p *parser) number() bool {
	p.space()
	start := p.i
	if p.i < len(p.s) && p.s[p.i] == '-' {
		p.i++
	}
	switch {
	case p.i < len(p.s) && p.s[p.i] == '0':
		p.i++
	case p.digits() == 0:
		return false
	}
	if p.i < len(p.s) && p.s[p.i] == '.' {
		p.i++
		if p.digits() == 0 {
			return false
		}
	}
	if p.i < len(p.s) && (p.s[p.i] == 'e' || p.s[p.i] == 'E') {
		p.i++
		if p.i < len(p.s) && (p.s[p.i] == '+' || p.s[p.i] == '-') {
			p.i++
		}
		if p.digits() == 0 {
			return false
		}
	}
	f, err := strconv.ParseFloat(p.s[start:p.i], 64)
	if err != nil {
		return false
	}
	if p.nums == nil {
		p.nums = make([]float64, 0, 8)
	}
	p.nums = append(p.nums, f)
	return true
}

func (p *parser) digits() int {
	n := 0
	for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
		p.i++
		n++
	}
	return n
}

// numbers reads [n, ...] into nums.
func (p *parser) numbers() bool {
	if !p.byte('[') {
		return false
	}
	if p.byte(']') {
		return true
	}
	for {
		if !p.number() {
			return false
		}
		if p.byte(']') {
			return true
		}
		if !p.byte(',') {
			return false
		}
	}
}

// boolean reads true or false into dst.
func (p *parser) boolean(dst *bool) bool {
	p.space()
	switch {
	case len(p.s)-p.i >= 4 && p.s[p.i:p.i+4] == "true":
		*dst = true
		p.i += 4
	case len(p.s)-p.i >= 5 && p.s[p.i:p.i+5] == "false":
		*dst = false
		p.i += 5
	default:
		return false
	}
	return true
}

// route reads {"type": ..., "coordinates": [[lon, lat], ...]}; the
// positions are sliced from nums at the end (parse).
func (p *parser) route(req *Request) bool {
	// One allocation for the route and the spans of a usual one.
	scratch := &struct {
		rt    Route
		spans [16][2]int
	}{}
	rt := &scratch.rt
	req.Route = rt
	var seen uint16
	return p.object(func(key string) bool {
		switch key {
		case "type":
			return p.once(&seen, 1) && p.str(&rt.Type)
		case "coordinates":
			if !p.once(&seen, 2) || !p.byte('[') {
				return false
			}
			p.coords = scratch.spans[:0]
			if p.byte(']') {
				rt.Coordinates = [][]float64{}
				return true
			}
			for {
				at := len(p.nums)
				if !p.numbers() {
					return false
				}
				p.coords = append(p.coords, [2]int{at, len(p.nums)})
				if p.byte(']') {
					rt.Coordinates = make([][]float64, len(p.coords))
					return true
				}
				if !p.byte(',') {
					return false
				}
			}
		}
		return false
	})
}

// cargo reads the cargo object; pctAt[i] is 1 + the index in nums of the
// i-th percentage sent.
func (p *parser) cargo(c *Cargo, pctAt *[3]int) bool {
	var seen uint16
	return p.object(func(key string) bool {
		i := -1
		switch key {
		case "fuel":
			return p.once(&seen, 1<<3) && p.str(&c.Fuel)
		case "sulfur_pct":
			i = 0
		case "ash_pct":
			i = 1
		case "volatile_pct":
			i = 2
		default:
			return false
		}
		if !p.once(&seen, 1<<i) || !p.number() {
			return false
		}
		pctAt[i] = len(p.nums)
		return true
	})
}

// documents reads the documents object.
func (p *parser) documents(d *Documents) bool {
	var seen uint16
	return p.object(func(key string) bool {
		switch key {
		case "supply_contract":
			return p.once(&seen, 1) && p.boolean(&d.SupplyContract)
		case "quality_report":
			return p.once(&seen, 2) && p.boolean(&d.QualityReport)
		}
		return false
	})
}
