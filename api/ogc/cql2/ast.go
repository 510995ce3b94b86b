// Package cql2 parses OGC CQL2 text filters (OGC API – Features Part 3,
// filter-lang=cql2-text) and evaluates them against records: comparisons
// (=, <>, <, <=, >, >=), LIKE (and ILIKE), IN, IS NULL, AND/OR/NOT,
// S_INTERSECTS with a WKT or BBOX literal, and T_INTERSECTS with
// TIMESTAMP, DATE and INTERVAL literals. Evaluation uses SQL's three-valued
// logic: a comparison with a missing or null property is unknown, and a
// record passes only a filter that is true.
//
// The package knows nothing of zones: the caller implements Record.
package cql2

import (
	"time"

	"github.com/paulmach/orb"
)

// Expr is a boolean expression: And, Or, Not, Compare, Like, In, IsNull,
// SIntersects, TIntersects or Bool.
type Expr interface{ expr() }

// Operand is a scalar, spatial or temporal operand: Property, Literal,
// GeometryLiteral or Interval.
type Operand interface{ operand() }

// And is L AND R.
type And struct{ L, R Expr }

// Or is L OR R.
type Or struct{ L, R Expr }

// Not is NOT X.
type Not struct{ X Expr }

// Bool is the literal TRUE or FALSE used as a predicate.
type Bool struct{ Value bool }

// Compare is L Op R, Op one of = <> < <= > >=.
type Compare struct {
	Op   string
	L, R Operand
}

// Like is X [NOT] LIKE Pattern, with % and _ wildcards and \ escaping them;
// Fold makes it case-insensitive (ILIKE).
type Like struct {
	X, Pattern Operand
	Not, Fold  bool
}

// In is X [NOT] IN (List...).
type In struct {
	X    Operand
	List []Operand
	Not  bool
}

// IsNull is X IS [NOT] NULL.
type IsNull struct {
	X   Operand
	Not bool
}

// SIntersects is S_INTERSECTS(A, B).
type SIntersects struct{ A, B Operand }

// TIntersects is T_INTERSECTS(A, B).
type TIntersects struct{ A, B Operand }

// Property names a queryable.
type Property struct {
	Name string
	Pos  int // byte offset in the filter, for error messages
}

// Literal is a string, float64, bool or time.Time (TIMESTAMP or DATE).
type Literal struct{ Value any }

// GeometryLiteral is a WKT geometry or BBOX, in CRS84 longitude/latitude.
type GeometryLiteral struct{ Geometry orb.Geometry }

// Interval is INTERVAL(Start, End); each end is a Literal time, a Property
// or nil for an open end ('..').
type Interval struct{ Start, End Operand }

func (And) expr()         {}
func (Or) expr()          {}
func (Not) expr()         {}
func (Bool) expr()        {}
func (Compare) expr()     {}
func (Like) expr()        {}
func (In) expr()          {}
func (IsNull) expr()      {}
func (SIntersects) expr() {}
func (TIntersects) expr() {}

func (Property) operand()        {}
func (Literal) operand()         {}
func (GeometryLiteral) operand() {}
func (Interval) operand()        {}

// Properties returns every property the expression names, in order of
// appearance (with repeats), so the caller can check them against its
// queryables before evaluating.
func Properties(e Expr) []Property {
	var out []Property
	var ops func(...Operand)
	ops = func(os ...Operand) {
		for _, o := range os {
			switch o := o.(type) {
			case Property:
				out = append(out, o)
			case Interval:
				ops(o.Start, o.End)
			}
		}
	}
	var walk func(Expr)
	walk = func(e Expr) {
		switch e := e.(type) {
		case And:
			walk(e.L)
			walk(e.R)
		case Or:
			walk(e.L)
			walk(e.R)
		case Not:
			walk(e.X)
		case Compare:
			ops(e.L, e.R)
		case Like:
			ops(e.X, e.Pattern)
		case In:
			ops(e.X)
			ops(e.List...)
		case IsNull:
			ops(e.X)
		case SIntersects:
			ops(e.A, e.B)
		case TIntersects:
			ops(e.A, e.B)
		}
	}
	walk(e)
	return out
}

// timeOf returns the instant of a time literal.
func timeOf(o Operand) (time.Time, bool) {
	if l, ok := o.(Literal); ok {
		t, ok := l.Value.(time.Time)
		return t, ok
	}
	return time.Time{}, false
}
