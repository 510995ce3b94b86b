package geo_test

import (
	"testing"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo"
)

func TestMultiPolygonOf(t *testing.T) {
	sq := orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}
	tests := []struct {
		name  string
		g     orb.Geometry
		parts int
		ok    bool
	}{
		{"polygon", sq, 1, true},
		{"multipolygon", orb.MultiPolygon{sq, sq}, 2, true},
		{"empty multipolygon", orb.MultiPolygon{}, 0, true},
		{"line", orb.LineString{{0, 0}, {1, 1}}, 0, false},
		{"point", orb.Point{1, 2}, 0, false},
		{"nil", nil, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			mp, ok := geo.MultiPolygonOf(tc.g)
			if ok != tc.ok || len(mp) != tc.parts {
				t.Errorf("got %d parts, %v; want %d, %v", len(mp), ok, tc.parts, tc.ok)
			}
		})
	}
}
