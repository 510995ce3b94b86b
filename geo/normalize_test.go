package geo_test

import (
	"reflect"
	"testing"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo"
)

func TestNormalizeGeometry(t *testing.T) {
	cases := []struct {
		name string
		in   orb.Geometry
		want orb.Geometry
	}{
		{"nil", nil, nil},
		{"point", orb.Point{1, 2}, orb.Point{1, 2}},
		{"multipoint_keeps_duplicates", orb.MultiPoint{{1, 1}, {1, 1}}, orb.MultiPoint{{1, 1}, {1, 1}}},
		{"line_duplicates_removed", orb.LineString{{0, 0}, {0, 0}, {1, 1}, {1, 1}, {0, 0}}, orb.LineString{{0, 0}, {1, 1}, {0, 0}}},
		{"multiline", orb.MultiLineString{{{0, 0}, {0, 0}, {1, 1}}}, orb.MultiLineString{{{0, 0}, {1, 1}}}},
		{"shell_made_ccw", orb.Polygon{sqCW(0, 0, 1, 1)}, orb.Polygon{sq(0, 0, 1, 1)}},
		{"shell_already_ccw", orb.Polygon{sq(0, 0, 1, 1)}, orb.Polygon{sq(0, 0, 1, 1)}},
		{"hole_made_cw", orb.Polygon{sq(0, 0, 10, 10), sq(2, 2, 4, 4)},
			orb.Polygon{sq(0, 0, 10, 10), {{2, 2}, {2, 4}, {4, 4}, {4, 2}, {2, 2}}}},
		{"duplicate_vertex_normalised",
			orb.Polygon{{{0, 0}, {0, 0}, {1, 0}, {1, 1}, {1, 1}, {0, 1}, {0, 0}, {0, 0}}},
			orb.Polygon{sq(0, 0, 1, 1)}},
		{"duplicates_and_winding_together",
			orb.Polygon{{{0, 0}, {0, 1}, {0, 1}, {1, 1}, {1, 0}, {0, 0}}},
			orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}}},
		{"unclosed_stays_unclosed", orb.Polygon{{{0, 0}, {1, 0}, {1, 1}}}, orb.Polygon{{{0, 0}, {1, 0}, {1, 1}}}},
		{"one_repeated_point_stays_closed", orb.Polygon{{{3, 3}, {3, 3}, {3, 3}}}, orb.Polygon{{{3, 3}, {3, 3}}}},
		{"zero_area_ring_untouched", orb.Polygon{{{0, 0}, {1, 0}, {2, 0}, {0, 0}}}, orb.Polygon{{{0, 0}, {1, 0}, {2, 0}, {0, 0}}}},
		{"multipolygon", orb.MultiPolygon{{sqCW(0, 0, 1, 1)}, {sq(2, 2, 3, 3)}}, orb.MultiPolygon{{sq(0, 0, 1, 1)}, {sq(2, 2, 3, 3)}}},
		{"ring_as_shell", sqCW(0, 0, 1, 1), sq(0, 0, 1, 1)},
		{"collection", orb.Collection{orb.LineString{{0, 0}, {0, 0}, {1, 1}}, orb.Polygon{sqCW(0, 0, 1, 1)}},
			orb.Collection{orb.LineString{{0, 0}, {1, 1}}, orb.Polygon{sq(0, 0, 1, 1)}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := geo.NormalizeGeometry(tc.in); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("NormalizeGeometry(%v) = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}

func TestNormalizeGeometryDoesNotModifyInput(t *testing.T) {
	in := orb.Polygon{{{0, 0}, {0, 1}, {0, 1}, {1, 1}, {1, 0}, {0, 0}}}
	orig := orb.Polygon{{{0, 0}, {0, 1}, {0, 1}, {1, 1}, {1, 0}, {0, 0}}}
	out := geo.NormalizeGeometry(in).(orb.Polygon)
	if !reflect.DeepEqual(in, orig) {
		t.Fatalf("input changed to %v", in)
	}
	out[0][0] = orb.Point{9, 9}
	if in[0][0] != (orb.Point{0, 0}) {
		t.Fatalf("output shares memory with input")
	}
}

// Normalising first and then validating is the intended order: the fixed
// geometry is valid and already in RFC 7946 winding.
func TestNormalizeThenValidate(t *testing.T) {
	g := geo.NormalizeGeometry(orb.Polygon{
		{{0, 0}, {0, 10}, {0, 10}, {10, 10}, {10, 0}, {0, 0}},
		{{2, 2}, {4, 2}, {4, 4}, {4, 4}, {2, 4}, {2, 2}},
	})
	if err := geo.ValidateGeometry(g, geo.ClassPolygon); err != nil {
		t.Fatalf("ValidateGeometry = %v", err)
	}
	p := g.(orb.Polygon)
	if p[0].Orientation() != orb.CCW || p[1].Orientation() != orb.CW {
		t.Errorf("orientation shell %v hole %v, want CCW and CW", p[0].Orientation(), p[1].Orientation())
	}
}
