package sewer_test

import (
	"math"
	"os"
	"strconv"
	"testing"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo/analysis/sewer"
	"github.com/zonegate/zonegate/geo/crs"
)

// gk37 is the plane the fixtures are drawn in: zone 37 (CM 111° E), the
// zone the package picks for them.
func gk37(tb testing.TB) crs.TM {
	tb.Helper()
	tm, err := crs.GaussKruger3(37)
	if err != nil {
		tb.Fatal(err)
	}
	return tm
}

// origin is a metric point near Linfen in zone 37.
var origin = orb.Point{37_550_000, 3_995_000}

// lonlat maps metric offsets (dx, dy) from origin to lon/lat.
func lonlat(tm crs.TM, dx, dy float64) orb.Point {
	return tm.Inverse(orb.Point{origin[0] + dx, origin[1] + dy})
}

// square returns the lon/lat polygon of the metric square of half-side h
// centred on origin.
func square(tm crs.TM, h float64) orb.MultiPolygon {
	return orb.MultiPolygon{{{lonlat(tm, -h, -h), lonlat(tm, h, -h), lonlat(tm, h, h), lonlat(tm, -h, h), lonlat(tm, -h, -h)}}}
}

// line returns a two-vertex sewer line of system sys.
func line(id string, sys sewer.System, pts ...orb.Point) sewer.Line {
	return sewer.Line{Layer: "sewers", ID: id, Name: "line " + id, System: sys, Geometry: orb.MultiLineString{pts}}
}

// seed returns the test seed: env SEED or def, logged.
func seed(t testing.TB, def uint64) uint64 {
	t.Helper()
	s := def
	if v := os.Getenv("SEED"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			t.Fatalf("SEED=%q: %v", v, err)
		}
		s = n
	}
	t.Logf("seed %d (override with SEED=)", s)
	return s
}

func relErr(got, want float64) float64 { return math.Abs(got-want) / want }
