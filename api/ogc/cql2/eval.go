package cql2

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/paulmach/orb"
)

// Record is what a filter is evaluated against.
type Record interface {
	// Value returns a scalar property: string, float64, bool, time.Time or
	// nil (null); ok is false when the record has no such property.
	Value(name string) (v any, ok bool)
	// Geometry returns a spatial property in CRS84.
	Geometry(name string) (g orb.Geometry, ok bool)
	// Time returns a temporal property as the closed interval [from, to]
	// (an instant has from == to); a zero end is open.
	Time(name string) (from, to time.Time, ok bool)
}

// truth is SQL's three-valued logic.
type truth int8

const (
	unknown truth = iota
	no
	yes
)

func truthOf(b bool) truth {
	if b {
		return yes
	}
	return no
}

// Match reports whether r passes e (true, not unknown).
func Match(e Expr, r Record) bool { return eval(e, r) == yes }

func eval(e Expr, r Record) truth {
	switch e := e.(type) {
	case And:
		a := eval(e.L, r)
		if a == no {
			return no
		}
		b := eval(e.R, r)
		switch {
		case b == no:
			return no
		case a == yes && b == yes:
			return yes
		}
		return unknown
	case Or:
		a := eval(e.L, r)
		if a == yes {
			return yes
		}
		b := eval(e.R, r)
		switch {
		case b == yes:
			return yes
		case a == no && b == no:
			return no
		}
		return unknown
	case Not:
		switch eval(e.X, r) {
		case yes:
			return no
		case no:
			return yes
		}
		return unknown
	case Bool:
		return truthOf(e.Value)
	case Compare:
		return compare(e.Op, value(e.L, r), value(e.R, r))
	case Like:
		x, p := value(e.X, r), value(e.Pattern, r)
		xs, ok1 := x.(string)
		ps, ok2 := p.(string)
		if x == nil || p == nil || !ok1 || !ok2 {
			return unknown
		}
		if e.Fold {
			xs, ps = strings.ToLower(xs), strings.ToLower(ps)
		}
		return truthOf(like(xs, ps) != e.Not)
	case In:
		x := value(e.X, r)
		if x == nil {
			return unknown
		}
		res := no
		for _, o := range e.List {
			switch compare("=", x, value(o, r)) {
			case yes:
				res = yes
			case unknown:
				if res == no {
					res = unknown
				}
			}
			if res == yes {
				break
			}
		}
		if e.Not && res != unknown {
			return truthOf(res == no)
		}
		return res
	case IsNull:
		return truthOf((value(e.X, r) == nil) != e.Not)
	case SIntersects:
		a, okA := geometry(e.A, r)
		b, okB := geometry(e.B, r)
		if !okA || !okB {
			return unknown
		}
		return truthOf(Intersects(a, b))
	case TIntersects:
		a, okA := interval(e.A, r)
		b, okB := interval(e.B, r)
		if !okA || !okB {
			return unknown
		}
		return truthOf(a.intersects(b))
	}
	return unknown
}

// value resolves a scalar operand; nil for null or missing.
func value(o Operand, r Record) any {
	switch o := o.(type) {
	case Literal:
		return o.Value
	case Property:
		v, _ := r.Value(o.Name)
		return v
	}
	return nil
}

// compare applies op to two scalars: numbers numerically, strings by
// bytes, booleans (= and <> only), times in time order; a string compared
// with a time is read as RFC 3339. Other mixtures are false; null unknown.
func compare(op string, a, b any) truth {
	if a == nil || b == nil {
		return unknown
	}
	c, ok := order(a, b)
	if !ok {
		return no
	}
	switch op {
	case "=":
		return truthOf(c == 0)
	case "<>":
		return truthOf(c != 0)
	case "<":
		return truthOf(c < 0)
	case "<=":
		return truthOf(c <= 0)
	case ">":
		return truthOf(c > 0)
	case ">=":
		return truthOf(c >= 0)
	}
	return no
}

// order compares a and b (-1, 0, 1); ok is false for incomparable types
// (and for < > between booleans, which report ok with -2).
func order(a, b any) (int, bool) {
	switch a := a.(type) {
	case float64:
		if b, ok := b.(float64); ok {
			return cmp3(a < b, a > b), true
		}
	case string:
		switch b := b.(type) {
		case string:
			return strings.Compare(a, b), true
		case time.Time:
			if t, err := parseTime(a); err == nil {
				return t.Compare(b), true
			}
		}
	case time.Time:
		switch b := b.(type) {
		case time.Time:
			return a.Compare(b), true
		case string:
			if t, err := parseTime(b); err == nil {
				return a.Compare(t), true
			}
		}
	case bool:
		if b, ok := b.(bool); ok {
			if a == b {
				return 0, true
			}
			return cmp3(!a, a), true
		}
	}
	return 0, false
}

func cmp3(less, greater bool) int {
	switch {
	case less:
		return -1
	case greater:
		return 1
	}
	return 0
}

// like matches s against a LIKE pattern: % any run, _ one character, \
// escapes the next character. Iterative, O(len(s)·len(p)) at worst.
func like(s, p string) bool {
	type tok struct {
		r    rune
		kind byte // 'c' literal, '%' run, '_' one
	}
	var pat []tok
	for i := 0; i < len(p); {
		r, n := utf8.DecodeRuneInString(p[i:])
		i += n
		switch {
		case r == '\\' && i < len(p):
			r, n = utf8.DecodeRuneInString(p[i:])
			i += n
			pat = append(pat, tok{r, 'c'})
		case r == '%':
			pat = append(pat, tok{0, '%'})
		case r == '_':
			pat = append(pat, tok{0, '_'})
		default:
			pat = append(pat, tok{r, 'c'})
		}
	}
	str := []rune(s)
	si, pi, star, mark := 0, 0, -1, 0
	for si < len(str) {
		switch {
		case pi < len(pat) && (pat[pi].kind == '_' || (pat[pi].kind == 'c' && pat[pi].r == str[si])):
			si++
			pi++
		case pi < len(pat) && pat[pi].kind == '%':
			star, mark = pi, si
			pi++
		case star >= 0:
			pi = star + 1
			mark++
			si = mark
		default:
			return false
		}
	}
	for pi < len(pat) && pat[pi].kind == '%' {
		pi++
	}
	return pi == len(pat)
}

// geometry resolves a spatial operand.
func geometry(o Operand, r Record) (orb.Geometry, bool) {
	switch o := o.(type) {
	case GeometryLiteral:
		return o.Geometry, o.Geometry != nil
	case Property:
		return r.Geometry(o.Name)
	}
	return nil, false
}

// span is a closed time interval; a zero end is open.
type span struct{ from, to time.Time }

func (a span) intersects(b span) bool {
	// a.from <= b.to and b.from <= a.to, open ends always pass.
	return (a.from.IsZero() || b.to.IsZero() || !a.from.After(b.to)) &&
		(b.from.IsZero() || a.to.IsZero() || !b.from.After(a.to))
}

// interval resolves a temporal operand.
func interval(o Operand, r Record) (span, bool) {
	switch o := o.(type) {
	case Literal:
		t, ok := o.Value.(time.Time)
		return span{t, t}, ok
	case Property:
		from, to, ok := r.Time(o.Name)
		return span{from, to}, ok
	case Interval:
		var s span
		for i, end := range []Operand{o.Start, o.End} {
			if end == nil {
				continue
			}
			e, ok := interval(end, r)
			if !ok {
				return span{}, false
			}
			if i == 0 {
				s.from = e.from
			} else {
				s.to = e.to
			}
		}
		return s, true
	}
	return span{}, false
}
