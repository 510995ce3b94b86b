package export

import (
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/zonegate/zonegate/geo"
)

// ColumnType is the type of an attribute column.
type ColumnType int

// Column types: a property whose values are all integral numbers is
// Integer, all numbers Real, all booleans Bool; anything else (or a mix)
// is Text, with objects and arrays as JSON.
const (
	Text ColumnType = iota
	Integer
	Real
	Bool
)

// Column is one attribute of the exported features.
type Column struct {
	Name string
	Type ColumnType
}

// The leading columns, filled from the zone itself.
const (
	colID        = "id"
	colName      = "name"
	colValidFrom = "valid_from"
	colValidTo   = "valid_to"
)

// maxExactInteger is 2^53: larger float64 values are not written as
// integers.
const maxExactInteger = 1 << 53

// Columns returns the attribute table of zones: id, name, valid_from,
// valid_to, then every property name used by any zone, sorted, typed by
// its values. A property named like a leading column is shadowed by it.
func Columns(zones []*geo.Zone) []Column {
	cols := []Column{{colID, Text}, {colName, Text}, {colValidFrom, Text}, {colValidTo, Text}}
	types := map[string]ColumnType{}
	seen := map[string]bool{}
	for _, z := range zones {
		for k, v := range z.Properties {
			if leading(k) {
				continue
			}
			seen[k] = true
			if v == nil {
				continue
			}
			t := valueType(v)
			if prev, ok := types[k]; ok && prev != t {
				if (prev == Integer || prev == Real) && (t == Integer || t == Real) {
					t = Real
				} else {
					t = Text
				}
			}
			types[k] = t
		}
	}
	names := make([]string, 0, len(seen))
	for k := range seen {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		cols = append(cols, Column{Name: k, Type: types[k]}) // absent: only nulls, Text
	}
	return cols
}

func leading(name string) bool {
	return name == colID || name == colName || name == colValidFrom || name == colValidTo
}

func valueType(v any) ColumnType {
	switch v := v.(type) {
	case float64:
		if v == math.Trunc(v) && math.Abs(v) < maxExactInteger {
			return Integer
		}
		return Real
	case int, int64, int32:
		return Integer
	case float32:
		return Real
	case json.Number:
		if _, err := v.Int64(); err == nil {
			return Integer
		}
		return Real
	case bool:
		return Bool
	}
	return Text
}

// value returns zone z's value for column c: nil for absent or open;
// otherwise a string, int64, float64 or bool matching c.Type.
func value(z *geo.Zone, c Column, loc *time.Location) any {
	switch c.Name {
	case colID:
		return z.ID
	case colName:
		return z.Name
	case colValidFrom:
		return timeValue(z.Validity.From, loc)
	case colValidTo:
		return timeValue(z.Validity.To, loc)
	}
	v, ok := z.Properties[c.Name]
	if !ok || v == nil {
		return nil
	}
	switch c.Type {
	case Integer:
		switch n := v.(type) {
		case float64:
			return int64(n)
		case int:
			return int64(n)
		case int64:
			return n
		case int32:
			return int64(n)
		case json.Number:
			i, _ := n.Int64()
			return i
		}
	case Real:
		switch n := v.(type) {
		case float64:
			return n
		case float32:
			return float64(n)
		case int:
			return float64(n)
		case int64:
			return float64(n)
		case json.Number:
			f, _ := n.Float64()
			return f
		}
	case Bool:
		return v
	}
	return textOf(v)
}

// text returns the value as text: "" for nil.
func text(v any) string {
	if v == nil {
		return ""
	}
	return textOf(v)
}

func textOf(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case int64:
		return strconv.FormatInt(v, 10)
	case bool:
		return strconv.FormatBool(v)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}

func timeValue(t time.Time, loc *time.Location) any {
	if t.IsZero() {
		return nil
	}
	return t.In(loc).Format(time.RFC3339Nano)
}
