package cql2

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkt"
)

// MaxDepth bounds the nesting of a filter, so a pathological filter cannot
// exhaust the stack.
const MaxDepth = 64

// wktTypes are the geometry keywords of WKT literals.
var wktTypes = map[string]bool{"POINT": true, "LINESTRING": true, "POLYGON": true,
	"MULTIPOINT": true, "MULTILINESTRING": true, "MULTIPOLYGON": true, "GEOMETRYCOLLECTION": true}

// parser is a recursive-descent parser over the tokens of one filter.
type parser struct {
	src   string
	toks  []token
	i     int
	depth int
}

// Parse parses a CQL2 text filter. Errors are *SyntaxError with the
// position of the problem.
func Parse(s string) (Expr, error) {
	toks, err := lex(s)
	if err != nil {
		return nil, err
	}
	p := &parser{src: s, toks: toks}
	if p.peek().kind == tokEOF {
		return nil, &SyntaxError{0, "the filter is empty"}
	}
	e, err := p.or()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tokEOF {
		return nil, p.errorf(t, "unexpected %s after a complete expression", describe(t))
	}
	return e, nil
}

func (p *parser) peek() token { return p.toks[p.i] }

func (p *parser) next() token {
	t := p.toks[p.i]
	if t.kind != tokEOF {
		p.i++
	}
	return t
}

// keyword reports whether the next token is the (case-insensitive) keyword
// kw, consuming it if so.
func (p *parser) keyword(kw string) bool {
	if t := p.peek(); t.kind == tokIdent && strings.EqualFold(t.text, kw) {
		p.i++
		return true
	}
	return false
}

func (p *parser) expect(kind tokenKind, what string) (token, error) {
	t := p.next()
	if t.kind != kind {
		return t, p.errorf(t, "expected %s, found %s", what, describe(t))
	}
	return t, nil
}

func (p *parser) errorf(t token, format string, args ...any) error {
	return &SyntaxError{t.pos, fmt.Sprintf(format, args...)}
}

func describe(t token) string {
	switch t.kind {
	case tokEOF:
		return "the end of the filter"
	case tokString:
		return fmt.Sprintf("string '%s'", t.text)
	}
	return fmt.Sprintf("%q", t.text)
}

func (p *parser) enter() error {
	p.depth++
	if p.depth > MaxDepth {
		return p.errorf(p.peek(), "the filter nests deeper than %d levels", MaxDepth)
	}
	return nil
}

func (p *parser) or() (Expr, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	l, err := p.and()
	if err != nil {
		return nil, err
	}
	for p.keyword("OR") {
		r, err := p.and()
		if err != nil {
			return nil, err
		}
		l = Or{l, r}
	}
	return l, nil
}

func (p *parser) and() (Expr, error) {
	l, err := p.not()
	if err != nil {
		return nil, err
	}
	for p.keyword("AND") {
		r, err := p.not()
		if err != nil {
			return nil, err
		}
		l = And{l, r}
	}
	return l, nil
}

func (p *parser) not() (Expr, error) {
	if p.keyword("NOT") {
		if err := p.enter(); err != nil {
			return nil, err
		}
		defer func() { p.depth-- }()
		x, err := p.not()
		if err != nil {
			return nil, err
		}
		return Not{x}, nil
	}
	return p.primary()
}

func (p *parser) primary() (Expr, error) {
	t := p.peek()
	if t.kind == tokLParen {
		// A parenthesis opens either a boolean group or, rarely, a scalar;
		// CQL2 scalars need no parentheses, so it is a group.
		p.next()
		e, err := p.or()
		if err != nil {
			return nil, err
		}
		if _, err := p.expect(tokRParen, "')'"); err != nil {
			return nil, err
		}
		return e, nil
	}
	if t.kind == tokIdent {
		switch strings.ToUpper(t.text) {
		case "S_INTERSECTS":
			p.next()
			a, b, err := p.twoArgs(p.spatialOperand)
			return SIntersects{a, b}, err
		case "T_INTERSECTS", "ANYINTERACTS":
			p.next()
			a, b, err := p.twoArgs(p.temporalOperand)
			return TIntersects{a, b}, err
		case "TRUE", "FALSE":
			if k := p.toks[p.i+1]; k.kind == tokEOF || k.kind == tokRParen || (k.kind == tokIdent && (strings.EqualFold(k.text, "AND") || strings.EqualFold(k.text, "OR"))) {
				p.next()
				return Bool{strings.EqualFold(t.text, "TRUE")}, nil
			}
		}
	}
	return p.predicate()
}

// predicate is a scalar predicate: comparison, LIKE, IN, IS NULL.
func (p *parser) predicate() (Expr, error) {
	x, err := p.scalar()
	if err != nil {
		return nil, err
	}
	t := p.peek()
	if t.kind == tokOp {
		p.next()
		r, err := p.scalar()
		if err != nil {
			return nil, err
		}
		return Compare{t.text, x, r}, nil
	}
	if p.keyword("IS") {
		not := p.keyword("NOT")
		if !p.keyword("NULL") {
			return nil, p.errorf(p.peek(), "expected NULL after IS, found %s", describe(p.peek()))
		}
		return IsNull{x, not}, nil
	}
	not := p.keyword("NOT")
	switch {
	case p.keyword("LIKE"), p.keyword("ILIKE"):
		fold := strings.EqualFold(p.toks[p.i-1].text, "ILIKE")
		pat, err := p.scalar()
		if err != nil {
			return nil, err
		}
		return Like{x, pat, not, fold}, nil
	case p.keyword("IN"):
		if _, err := p.expect(tokLParen, "'(' after IN"); err != nil {
			return nil, err
		}
		var list []Operand
		for {
			v, err := p.scalar()
			if err != nil {
				return nil, err
			}
			list = append(list, v)
			if p.peek().kind != tokComma {
				break
			}
			p.next()
		}
		if _, err := p.expect(tokRParen, "')' closing the IN list"); err != nil {
			return nil, err
		}
		return In{x, list, not}, nil
	case p.keyword("BETWEEN"):
		lo, err := p.scalar()
		if err != nil {
			return nil, err
		}
		if !p.keyword("AND") {
			return nil, p.errorf(p.peek(), "expected AND in BETWEEN, found %s", describe(p.peek()))
		}
		hi, err := p.scalar()
		if err != nil {
			return nil, err
		}
		var e Expr = And{Compare{">=", x, lo}, Compare{"<=", x, hi}}
		if not {
			e = Not{e}
		}
		return e, nil
	}
	return nil, p.errorf(p.peek(), "expected a comparison operator, LIKE, IN, BETWEEN or IS NULL, found %s", describe(p.peek()))
}

// scalar is a property, string, number, boolean, TIMESTAMP or DATE.
func (p *parser) scalar() (Operand, error) {
	t := p.next()
	switch t.kind {
	case tokString:
		return Literal{t.text}, nil
	case tokQuoted:
		return Property{t.text, t.pos}, nil
	case tokNumber:
		f, err := strconv.ParseFloat(t.text, 64)
		if err != nil {
			return nil, p.errorf(t, "%q is not a number", t.text)
		}
		return Literal{f}, nil
	case tokIdent:
		switch strings.ToUpper(t.text) {
		case "TRUE", "FALSE":
			return Literal{strings.EqualFold(t.text, "TRUE")}, nil
		case "TIMESTAMP", "DATE":
			return p.timeLiteral(t)
		case "AND", "OR", "NOT", "LIKE", "IN", "IS", "NULL", "BETWEEN":
			return nil, p.errorf(t, "expected a property or a value, found the keyword %s", strings.ToUpper(t.text))
		}
		if p.peek().kind == tokLParen {
			return nil, p.errorf(t, "unknown function %s (supported: S_INTERSECTS, T_INTERSECTS, TIMESTAMP, DATE, INTERVAL)", t.text)
		}
		return Property{t.text, t.pos}, nil
	}
	return nil, p.errorf(t, "expected a property or a value, found %s", describe(t))
}

// timeLiteral reads ('…') after TIMESTAMP or DATE.
func (p *parser) timeLiteral(kw token) (Operand, error) {
	if _, err := p.expect(tokLParen, "'(' after "+strings.ToUpper(kw.text)); err != nil {
		return nil, err
	}
	s, err := p.expect(tokString, "a quoted time")
	if err != nil {
		return nil, err
	}
	layout := time.RFC3339Nano
	if strings.EqualFold(kw.text, "DATE") {
		layout = time.DateOnly
	}
	tm, perr := time.Parse(layout, s.text)
	if perr != nil {
		return nil, p.errorf(s, "%s('%s') is not a valid %s", strings.ToUpper(kw.text), s.text, map[bool]string{true: "date (2020-11-01)", false: "RFC 3339 timestamp (2020-11-01T00:00:00Z)"}[layout == time.DateOnly])
	}
	if _, err := p.expect(tokRParen, "')'"); err != nil {
		return nil, err
	}
	return Literal{tm}, nil
}

func (p *parser) twoArgs(arg func() (Operand, error)) (Operand, Operand, error) {
	if _, err := p.expect(tokLParen, "'('"); err != nil {
		return nil, nil, err
	}
	a, err := arg()
	if err != nil {
		return nil, nil, err
	}
	if _, err := p.expect(tokComma, "','"); err != nil {
		return nil, nil, err
	}
	b, err := arg()
	if err != nil {
		return nil, nil, err
	}
	if _, err := p.expect(tokRParen, "')'"); err != nil {
		return nil, nil, err
	}
	return a, b, nil
}

// spatialOperand is a property, a WKT geometry or BBOX(x1, y1, x2, y2).
func (p *parser) spatialOperand() (Operand, error) {
	t := p.peek()
	if t.kind == tokQuoted {
		p.next()
		return Property{t.text, t.pos}, nil
	}
	if t.kind != tokIdent {
		return nil, p.errorf(t, "expected a geometry property, a WKT geometry or BBOX, found %s", describe(t))
	}
	up := strings.ToUpper(t.text)
	switch {
	case up == "BBOX":
		p.next()
		if _, err := p.expect(tokLParen, "'(' after BBOX"); err != nil {
			return nil, err
		}
		var n []float64
		for {
			v, err := p.expect(tokNumber, "a number")
			if err != nil {
				return nil, err
			}
			f, perr := strconv.ParseFloat(v.text, 64)
			if perr != nil {
				return nil, p.errorf(v, "%q is not a number", v.text)
			}
			n = append(n, f)
			if p.peek().kind != tokComma {
				break
			}
			p.next()
		}
		if _, err := p.expect(tokRParen, "')' closing BBOX"); err != nil {
			return nil, err
		}
		if len(n) == 6 {
			n = []float64{n[0], n[1], n[3], n[4]}
		}
		if len(n) != 4 || n[0] > n[2] || n[1] > n[3] {
			return nil, p.errorf(t, "BBOX needs 4 (or 6) numbers minLon, minLat, maxLon, maxLat with min <= max")
		}
		return GeometryLiteral{orb.Bound{Min: orb.Point{n[0], n[1]}, Max: orb.Point{n[2], n[3]}}.ToPolygon()}, nil
	case wktTypes[up]:
		return p.wktLiteral(t)
	}
	p.next()
	if p.peek().kind == tokLParen {
		return nil, p.errorf(t, "unknown geometry type %s (WKT POINT, LINESTRING, POLYGON, MULTI…, or BBOX)", t.text)
	}
	return Property{t.text, t.pos}, nil
}

// wktLiteral takes the tokens from the geometry keyword to its matching
// ')' and parses their source text with orb's WKT reader.
func (p *parser) wktLiteral(kw token) (Operand, error) {
	p.next()
	if _, err := p.expect(tokLParen, "'(' after "+kw.text); err != nil {
		return nil, err
	}
	depth := 1
	var end token
	for depth > 0 {
		t := p.next()
		switch t.kind {
		case tokLParen:
			depth++
		case tokRParen:
			depth--
			end = t
		case tokEOF:
			return nil, p.errorf(t, "unterminated %s literal", strings.ToUpper(kw.text))
		case tokNumber, tokComma:
		case tokIdent:
			if !strings.EqualFold(t.text, "EMPTY") {
				return nil, p.errorf(t, "unexpected %s in %s literal", describe(t), strings.ToUpper(kw.text))
			}
		default:
			return nil, p.errorf(t, "unexpected %s in %s literal", describe(t), strings.ToUpper(kw.text))
		}
	}
	g, err := wkt.Unmarshal(p.src[kw.pos : end.pos+1])
	if err != nil {
		return nil, p.errorf(kw, "invalid %s literal: %v", strings.ToUpper(kw.text), err)
	}
	return GeometryLiteral{g}, nil
}

// temporalOperand is a property, TIMESTAMP, DATE or INTERVAL(a, b) whose
// ends are quoted times, '..', properties, TIMESTAMP or DATE.
func (p *parser) temporalOperand() (Operand, error) {
	t := p.peek()
	if t.kind == tokIdent && strings.EqualFold(t.text, "INTERVAL") {
		p.next()
		if _, err := p.expect(tokLParen, "'(' after INTERVAL"); err != nil {
			return nil, err
		}
		var ends [2]Operand
		for i := range ends {
			if i == 1 {
				if _, err := p.expect(tokComma, "','"); err != nil {
					return nil, err
				}
			}
			e := p.peek()
			if e.kind == tokString {
				p.next()
				if e.text == ".." {
					continue
				}
				tm, err := parseTime(e.text)
				if err != nil {
					return nil, p.errorf(e, "INTERVAL end '%s' is not a date, an RFC 3339 timestamp or '..'", e.text)
				}
				ends[i] = Literal{tm}
				continue
			}
			o, err := p.scalar()
			if err != nil {
				return nil, err
			}
			if _, isProp := o.(Property); !isProp {
				if _, isTime := timeOf(o); !isTime {
					return nil, p.errorf(e, "INTERVAL ends must be times, '..' or properties")
				}
			}
			ends[i] = o
		}
		if _, err := p.expect(tokRParen, "')' closing INTERVAL"); err != nil {
			return nil, err
		}
		if a, okA := timeOf(ends[0]); okA {
			if b, okB := timeOf(ends[1]); okB && b.Before(a) {
				return nil, p.errorf(t, "INTERVAL ends before it starts")
			}
		}
		return Interval{ends[0], ends[1]}, nil
	}
	o, err := p.scalar()
	if err != nil {
		return nil, err
	}
	if l, ok := o.(Literal); ok {
		if _, isTime := l.Value.(time.Time); !isTime {
			return nil, p.errorf(t, "T_INTERSECTS takes TIMESTAMP, DATE, INTERVAL or a temporal property, not %s", describe(t))
		}
	}
	return o, nil
}

// parseTime reads a date or an RFC 3339 timestamp (a date is midnight UTC).
func parseTime(s string) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	return time.Parse(time.RFC3339Nano, s)
}
