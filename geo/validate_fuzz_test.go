package geo_test

import (
	"errors"
	"testing"

	"github.com/paulmach/orb/geojson"
	"github.com/zonegate/zonegate/geo"
)

// FuzzValidateGeometry feeds GeoJSON geometries to ValidateGeometry and
// NormalizeGeometry. Neither may panic; every error must be a
// *GeometryError wrapping ErrInvalid; and normalising must not change
// whether a geometry is valid (it only drops duplicates and fixes winding).
func FuzzValidateGeometry(f *testing.F) {
	for _, s := range []string{
		`{"type":"Point","coordinates":[111.5186,36.088]}`,
		`{"type":"Point","coordinates":[181,0]}`,
		`{"type":"MultiPoint","coordinates":[[1,1],[2,2]]}`,
		`{"type":"LineString","coordinates":[[111.4,36.0],[111.52,36.09]]}`,
		`{"type":"MultiLineString","coordinates":[[[0,0],[1,1]],[[2,2]]]}`,
		`{"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,10],[0,0]],[[2,2],[2,4],[4,4],[4,2],[2,2]]]}`,
		`{"type":"Polygon","coordinates":[[[0,0],[2,2],[2,0],[0,2],[0,0]]]}`,
		`{"type":"Polygon","coordinates":[[[0,0],[4,0],[4,4],[2,4],[2,6],[2,5],[0,4],[0,0]]]}`,
		`{"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,10],[0,0]],[[0,5],[5,2],[10,5],[5,8],[0,5]]]}`,
		`{"type":"Polygon","coordinates":[[[0,0],[10,0],[0,0]]]}`,
		`{"type":"Polygon","coordinates":[[]]}`,
		`{"type":"MultiPolygon","coordinates":[[[[0,0],[4,0],[4,4],[0,4],[0,0]]],[[[2,2],[6,2],[6,6],[2,6],[2,2]]]]}`,
		`{"type":"MultiPolygon","coordinates":[[[[0,0],[10,0],[10,10],[0,10],[0,0]]],[[[5,0],[10,5],[5,10],[5,0]]]]}`,
		`{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[1,1]}]}`,
	} {
		f.Add([]byte(s))
	}
	classes := []geo.GeometryClass{geo.ClassAny, geo.ClassPolygon, geo.ClassLine, geo.ClassPoint}
	f.Fuzz(func(t *testing.T, data []byte) {
		parsed, err := geojson.UnmarshalGeometry(data)
		if err != nil || parsed == nil {
			return
		}
		g := parsed.Geometry()
		for _, class := range classes {
			checkFuzzError(t, geo.ValidateGeometry(g, class))
		}
		errRaw := geo.ValidateGeometry(g, geo.ClassAny)
		errNorm := geo.ValidateGeometry(geo.NormalizeGeometry(g), geo.ClassAny)
		checkFuzzError(t, errNorm)
		if (errRaw == nil) != (errNorm == nil) {
			t.Fatalf("normalising changed validity: raw %v, normalised %v", errRaw, errNorm)
		}
	})
}

func checkFuzzError(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var ge *geo.GeometryError
	if !errors.As(err, &ge) || !errors.Is(err, geo.ErrInvalid) || ge.Problem == "" || err.Error() == "" {
		t.Fatalf("malformed error %T %v", err, err)
	}
}
