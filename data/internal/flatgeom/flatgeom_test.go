package flatgeom

import (
	"errors"
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/twpayne/go-geom"
	"github.com/zonegate/zonegate/geo"
)

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	for _, g := range []orb.Geometry{
		orb.Point{1, 2},
		orb.MultiPoint{{1, 2}, {3, 4}},
		orb.LineString{{1, 2}, {3, 4}},
		orb.MultiLineString{{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}},
		orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}, {{0.1, 0.1}, {0.2, 0.1}, {0.2, 0.2}, {0.1, 0.1}}},
		orb.MultiPolygon{{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}, {{{2, 2}, {3, 2}, {3, 3}, {2, 2}}}},
	} {
		gg, err := ToGeom(g)
		if err != nil {
			t.Fatalf("ToGeom(%v): %v", g, err)
		}
		back, err := FromGeom(gg)
		if err != nil || !orb.Equal(back, g) {
			t.Errorf("round trip of %v = %v, %v", g, back, err)
		}
	}
}

func TestToGeomRejects(t *testing.T) {
	t.Parallel()
	for name, g := range map[string]orb.Geometry{
		"NaN":        orb.Point{math.NaN(), 0},
		"infinite":   orb.LineString{{0, 0}, {math.Inf(1), 0}},
		"empty line": orb.LineString{},
		"empty poly": orb.MultiPolygon{},
		"collection": orb.Collection{orb.Point{1, 2}},
		"bound":      orb.Bound{},
	} {
		if _, err := ToGeom(g); !errors.Is(err, geo.ErrInvalid) {
			t.Errorf("%s: err = %v, want geo.ErrInvalid", name, err)
		}
	}
}

func TestFromGeomDropsZ(t *testing.T) {
	t.Parallel()
	g, err := FromGeom(geom.NewPolygonFlat(geom.XYZM, []float64{0, 0, 9, 9, 1, 0, 9, 9, 1, 1, 9, 9, 0, 0, 9, 9}, []int{16}))
	if want := (orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}); err != nil || !orb.Equal(g, want) {
		t.Errorf("FromGeom(XYZM) = %v, %v; want %v", g, err, want)
	}
	if _, err := FromGeom(geom.NewPointEmpty(geom.XY)); !errors.Is(err, ErrEmptyPoint) {
		t.Errorf("FromGeom(empty point) = %v, want ErrEmptyPoint", err)
	}
}
