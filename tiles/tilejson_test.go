package tiles_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/zonegate/zonegate/tiles"
)

func TestTileJSON(t *testing.T) {
	ts, src := smallSet()
	ts.Layers[0].Title, ts.Layers[0].Description = "禁煤区（模拟）", "test"
	tj := tiles.NewTileJSON(src, ts, "http://h/tiles/small/{z}/{x}/{y}.mvt", at2020)
	raw, err := json.Marshal(tj)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	// TileJSON 3.0.0 requires tilejson, tiles and (for vector tiles)
	// vector_layers with id and fields.
	for _, f := range []string{"tilejson", "tiles", "vector_layers", "bounds", "center", "minzoom", "maxzoom", "name"} {
		if _, ok := m[f]; !ok {
			t.Errorf("missing %q in %s", f, raw)
		}
	}
	if tj.TileJSON != "3.0.0" || tj.MinZoom != 0 || tj.MaxZoom != 18 || tj.Tiles[0] != "http://h/tiles/small/{z}/{x}/{y}.mvt" {
		t.Errorf("header %+v", tj)
	}
	// The zone valid from 2030 is not active, so the bounds are the square,
	// the route and the checkpoint.
	if want := [4]float64{111.30, 36.00, 111.70, 36.20}; tj.Bounds != want {
		t.Errorf("bounds %v, want %v", tj.Bounds, want)
	}
	if tj.Center[0] != 111.5 || tj.Center[1] != 36.1 || tj.Center[2] != 9 {
		t.Errorf("center %v, want [111.5 36.1 9]", tj.Center)
	}
	if len(tj.VectorLayers) != 4 || tj.VectorLayers[1].ID != "empty" {
		t.Fatalf("vector_layers %+v: want every tileset layer in order", tj.VectorLayers)
	}
	want := map[string]string{"id": "String", "name": "String", "kind": "String", "layer": "String", "version": "Number",
		"valid_from": "String", "valid_to": "String", "synthetic": "Boolean", "n": "Number", "nested": "String"}
	if got := tj.VectorLayers[0].Fields; !reflect.DeepEqual(got, want) {
		t.Errorf("fields %v\nwant %v", got, want)
	}
	if tj.VectorLayers[0].Description != "禁煤区（模拟）: test" || tj.Attribution == "" {
		t.Errorf("description %q attribution %q", tj.VectorLayers[0].Description, tj.Attribution)
	}
	empty := tiles.NewTileJSON(src, tiles.Tileset{Name: "none"}, "u", at2020)
	if empty.Bounds != [4]float64{-180, -85.05112877980659, 180, 85.05112877980659} || len(empty.VectorLayers) != 0 || empty.VectorLayers == nil {
		t.Errorf("empty tileset: bounds %v layers %#v", empty.Bounds, empty.VectorLayers)
	}
}
