package cql2

import (
	"errors"
	"testing"
	"time"

	"github.com/paulmach/orb"
)

// rec is a test record: a square around (111.5, 36) valid through 2020.
type rec map[string]any

func (r rec) Value(n string) (any, bool) { v, ok := r[n]; return v, ok }
func (r rec) Geometry(n string) (orb.Geometry, bool) {
	if n != "geometry" {
		return nil, false
	}
	return orb.Polygon{{{111, 35.5}, {112, 35.5}, {112, 36.5}, {111, 36.5}, {111, 35.5}}}, true
}
func (r rec) Time(n string) (time.Time, time.Time, bool) {
	if n != "validity" {
		return time.Time{}, time.Time{}, false
	}
	return time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2020, 12, 31, 0, 0, 0, 0, time.UTC), true
}

func TestMatch(t *testing.T) {
	t.Parallel()
	r := rec{"name": "Yaodu 尧都", "rank": 3.0, "open": true, "note": nil, "valid_from": "2020-01-01T00:00:00Z"}
	for _, c := range []struct {
		f    string
		want bool
	}{
		{"name = 'Yaodu 尧都'", true},
		{"name <> 'Yaodu 尧都'", false},
		{"rank > 2 AND rank <= 3", true},
		{"rank < 3", false},
		{"rank >= 3.5 OR open = TRUE", true},
		{"NOT (rank = 3)", false},
		{"name LIKE 'Yao%'", true},
		{"name LIKE 'yao%'", false},
		{"name ILIKE 'yao%'", true},
		{"name LIKE '_aodu%'", true},
		{"name NOT LIKE '%尧都'", false},
		{"rank IN (1, 2, 3)", true},
		{"name NOT IN ('a', 'b')", true},
		{"note IS NULL", true},
		{"missing IS NULL", true},
		{"name IS NOT NULL", true},
		{"note = 'x'", false},
		{"NOT (note = 'x')", false}, // unknown stays unknown
		{"rank BETWEEN 1 AND 5", true},
		{`"name" = 'Yaodu 尧都'`, true},
		{"S_INTERSECTS(geometry, POINT(111.5 36))", true},
		{"S_INTERSECTS(geometry, POINT(113 36))", false},
		{"S_INTERSECTS(geometry, LINESTRING(110 36, 113 36))", true},
		{"S_INTERSECTS(geometry, POLYGON((110 35, 111 35, 111 35.5, 110 35.5, 110 35)))", true}, // touches a corner
		{"S_INTERSECTS(geometry, BBOX(111.2, 35.8, 111.3, 35.9))", true},
		{"S_INTERSECTS(geometry, POLYGON((100 30, 120 30, 120 40, 100 40, 100 30)))", true}, // contains it
		{"T_INTERSECTS(validity, TIMESTAMP('2020-06-01T00:00:00Z'))", true},
		{"T_INTERSECTS(validity, DATE('2021-06-01'))", false},
		{"T_INTERSECTS(validity, INTERVAL('2020-12-31', '..'))", true},
		{"T_INTERSECTS(validity, INTERVAL('..', '2019-12-31T23:59:59Z'))", false},
		{"valid_from >= TIMESTAMP('2020-01-01T00:00:00Z')", true},
		{"valid_from < '2019'", false},
	} {
		e, err := Parse(c.f)
		if err != nil {
			t.Errorf("Parse(%q): %v", c.f, err)
			continue
		}
		if got := Match(e, r); got != c.want {
			t.Errorf("Match(%q) = %v, want %v", c.f, got, c.want)
		}
	}
}

func TestSyntaxErrors(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		f   string
		pos int
	}{
		{"", 0},
		{"name = ", 7},
		{"name == 'a'", 6},
		{"name = 'a", 7},
		{"(name = 'a'", 11},
		{"name LIKE", 9},
		{"foo(1) = 2", 0},
		{"S_INTERSECTS(geometry, POLYGON((1 2, 3 4)", 41},
		{"T_INTERSECTS(validity, 'x')", 23},
		{"name = 'a' name", 11},
		{"rank IN ()", 9},
	} {
		_, err := Parse(c.f)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("Parse(%q) = %v, want a SyntaxError", c.f, err)
			continue
		}
		if se.Pos != c.pos {
			t.Errorf("Parse(%q): error at %d (%v), want %d", c.f, se.Pos, se, c.pos)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"name = 'a'", "a LIKE '%b_' AND NOT (c IN (1,2)) OR d IS NULL",
		"S_INTERSECTS(geometry, POLYGON((1 2, 3 4, 5 6, 1 2)))", "T_INTERSECTS(validity, INTERVAL('2020-01-01','..'))",
		"((((((a=1))))))", "x BETWEEN 1 AND 2", `"q""x" <> TIMESTAMP('2020-01-01T00:00:00Z')`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := Parse(s)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) || se.Pos < 0 || se.Pos > len(s) {
				t.Fatalf("Parse(%q): %v", s, err)
			}
			return
		}
		Match(e, rec{"a": 1.0, "name": "x"})
		Properties(e)
	})
}
