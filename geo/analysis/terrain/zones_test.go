package terrain_test

import (
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/analysis/terrain"
)

func TestResultLayers(t *testing.T) {
	t.Parallel()
	square := orb.MultiPolygon{{{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}}}
	line := orb.MultiLineString{{{0, 0}, {1, 1}}}
	res := terrain.Result{Areas: []terrain.Area{
		{ClipLayer: "counties", ClipID: "a", ClipName: "A", AreaKM2: 12.345678, Polygons: square, Lines: line},
		{ClipLayer: "counties", ClipID: "b", ClipName: "B"}, // nothing below: no zones
		{ClipLayer: "counties", ClipID: "c", ClipName: "C", Lines: line},
	}}
	from := time.Date(2020, 10, 15, 0, 0, 0, 0, time.UTC)
	areas, lines := res.Layers(terrain.LayerParams{Layer: "below", LevelM: 600, DEM: "dem:x", ValidFrom: from, ComputedAt: from})
	if areas.Layer.ID != "below" || areas.Layer.Kind != geo.KindCleanHeating600m || !areas.ValidFrom.Equal(from) ||
		lines.Layer.ID != "below_line" || lines.Layer.Kind != geo.KindCustom {
		t.Fatalf("layers %+v, %+v", areas.Layer, lines.Layer)
	}
	if len(areas.Zones) != 1 || len(lines.Zones) != 2 {
		t.Fatalf("%d areas and %d lines, want 1 and 2", len(areas.Zones), len(lines.Zones))
	}
	a := areas.Zones[0]
	if a.ID != "a" || a.Layer != "below" || a.Name != "A 600 m 以下区域" || !a.Validity.From.Equal(from) ||
		a.Properties["area_km2"] != 12.3457 || a.Properties["dem"] != "dem:x" || a.Properties["clip_id"] != "a" {
		t.Errorf("area zone %+v", a)
	}
	if err := a.Validate(); err != nil {
		t.Errorf("area zone invalid: %v", err)
	}
	// The line zones have their own properties map.
	lines.Zones[0].Properties["dem"] = "changed"
	if a.Properties["dem"] != "dem:x" {
		t.Error("area and line zones share their properties")
	}
}
