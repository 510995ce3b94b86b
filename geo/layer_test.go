package geo_test

import (
	"testing"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo"
)

func TestGeometryClassAllows(t *testing.T) {
	geoms := map[string]orb.Geometry{
		"Polygon": orb.Polygon{}, "MultiPolygon": orb.MultiPolygon{}, "LineString": orb.LineString{},
		"MultiLineString": orb.MultiLineString{}, "Point": orb.Point{}, "MultiPoint": orb.MultiPoint{},
		"Collection": orb.Collection{}, "nil": nil,
	}
	want := map[geo.GeometryClass][]string{
		geo.ClassPolygon: {"Polygon", "MultiPolygon"},
		geo.ClassLine:    {"LineString", "MultiLineString"},
		geo.ClassPoint:   {"Point", "MultiPoint"},
		geo.ClassAny:     {"Polygon", "MultiPolygon", "LineString", "MultiLineString", "Point", "MultiPoint"},
	}
	for class, allowed := range want {
		for name, g := range geoms {
			in := false
			for _, a := range allowed {
				in = in || a == name
			}
			if got := class.Allows(g); got != in {
				t.Errorf("%s.Allows(%s) = %v, want %v", class, name, got, in)
			}
		}
	}
}
