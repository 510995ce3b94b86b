package repair

import (
	"strings"
	"testing"

	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/ingest"
)

func TestCollectionRepairsAndReports(t *testing.T) {
	t.Parallel()
	data := []byte(`{"type":"FeatureCollection","features":[
 {"type":"Feature","id":"bowtie","properties":{},"geometry":{"type":"Polygon","coordinates":[[[111.0,36.0],[111.2,36.2],[111.2,36.0],[111.0,36.2],[111.0,36.0]]]}},
 {"type":"Feature","id":"good","properties":{},"geometry":{"type":"Polygon","coordinates":[[[112.0,36.0],[112.1,36.0],[112.1,36.1],[112.0,36.0]]]}},
 {"type":"Feature","id":"route","properties":{},"geometry":{"type":"LineString","coordinates":[[111.0,36.0],[111.2,36.2]]}},
 {"type":"Feature","id":"flat","properties":{},"geometry":{"type":"Polygon","coordinates":[[[111.0,36.0],[111.5,36.5],[112.0,37.0],[111.0,36.0]]]}}
]}`)
	layer := geo.Layer{ID: "counties", Kind: geo.KindAdmin, Title: "counties"}
	zones, repaired, bad, err := Collection(data, layer, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(zones) != 2 || zones[0].ID != "bowtie" || zones[1].ID != "good" {
		t.Fatalf("zones %v", zones)
	}
	if err := geo.ValidateGeometry(zones[0].Geometry, geo.ClassPolygon); err != nil {
		t.Errorf("repaired zone invalid: %v", err)
	}
	if _, ok := zones[0].Geometry.(interface{ GeoJSONType() string }); !ok || zones[0].Geometry.GeoJSONType() != "MultiPolygon" {
		t.Errorf("bow-tie became %T, want a MultiPolygon of two triangles", zones[0].Geometry)
	}
	if len(repaired) != 1 || repaired[0].String() != "feature 0 (id bowtie): split_self_intersection; area 0 → 199.8 km²" {
		t.Errorf("repaired = %v", repaired)
	}
	if len(bad) != 2 || bad[0].Index != 2 || !strings.Contains(bad[0].Error(), "wrong_type") ||
		bad[1].Index != 3 || !strings.Contains(bad[1].Error(), "cannot repair: too_few_points") {
		t.Errorf("bad = %v", bad)
	}
}
