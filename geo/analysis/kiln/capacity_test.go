package kiln_test

import (
	"encoding/json"
	"testing"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/analysis/kiln"
)

// TestCapacityDemo: the demo kilns total exactly 2.8, 2.5 and 3.6 亿
// bricks a year in 尧都区, 襄汾县 and 洪洞县; only 洪洞县 is over its cap.
func TestCapacityDemo(t *testing.T) {
	_, _, counties, kilns := demoLayers()
	rep := kiln.Capacity(kilns, counties, kiln.DefaultCaps())
	type row struct {
		county, name string
		kilns        int
		capacity     float64
		over         bool
	}
	want := []row{
		{"141002", "尧都区", 8, 2.8e8, false},
		{"141023", "襄汾县", 6, 2.5e8, false},
		{"141024", "洪洞县", 6, 3.6e8, true},
	}
	if len(rep.Counties) != len(want) {
		t.Fatalf("%d rows, want %d: %+v", len(rep.Counties), len(want), rep.Counties)
	}
	for i, w := range want {
		g := rep.Counties[i]
		if g.County != w.county || g.Name != w.name || g.Kilns != w.kilns || g.Capacity != w.capacity ||
			g.OverCap != w.over || g.Cap == nil || *g.Cap != 3e8 || g.Share != w.capacity/8.9e8 {
			t.Errorf("row %d = %+v (cap %v), want %+v", i, g, g.Cap, w)
		}
	}
	if tot := rep.Total; tot.Kilns != 20 || tot.Capacity != 8.9e8 || tot.Cap != 9e8 || tot.OverCap {
		t.Errorf("total %+v, want 20 kilns, 8.9e8 of 9e8, not over", tot)
	}
	if len(rep.Invalid) != 0 {
		t.Errorf("invalid %v", rep.Invalid)
	}
}

func TestCapacityAssignment(t *testing.T) {
	county := &geo.Zone{Layer: "c", ID: "141002", Name: "尧都区",
		Geometry: orb.Polygon{{{111, 36}, {112, 36}, {112, 37}, {111, 37}, {111, 36}}}}
	other := &geo.Zone{Layer: "c", ID: "141021", Name: "曲沃县",
		Geometry: orb.Polygon{{{111, 35}, {112, 35}, {112, 36}, {111, 36}, {111, 35}}}}
	k := func(id string, p orb.Point, props map[string]any) *geo.Zone {
		return &geo.Zone{Layer: "k", ID: id, Geometry: p, Properties: props}
	}
	kilns := []*geo.Zone{
		k("in", orb.Point{111.5, 36.5}, map[string]any{"capacity_bricks_per_year": 1e8}),
		k("by-adcode", orb.Point{100, 30}, map[string]any{"capacity_bricks_per_year": json.Number("2e8"), "adcode": 141021.0}),
		k("nowhere", orb.Point{100, 30}, map[string]any{"capacity_bricks_per_year": 5}),
		k("no-capacity", orb.Point{111.5, 36.5}, nil),
		k("negative", orb.Point{111.5, 36.5}, map[string]any{"capacity_bricks_per_year": -1.0}),
	}
	rep := kiln.Capacity(kilns, []*geo.Zone{county, other}, kiln.Caps{"141002": 1e8})
	got := map[string]kiln.CountyCapacity{}
	for _, r := range rep.Counties {
		got[r.County] = r
	}
	if r := got["141002"]; r.Kilns != 3 || r.Capacity != 1e8 || r.OverCap || r.Cap == nil {
		t.Errorf("141002 %+v", r)
	}
	if r := got["141021"]; r.Kilns != 1 || r.Capacity != 2e8 || r.OverCap || r.Cap != nil || r.Name != "曲沃县" {
		t.Errorf("141021 %+v", r)
	}
	if r := got[""]; r.Kilns != 1 || r.Capacity != 5 {
		t.Errorf("unassigned %+v", r)
	}
	if len(rep.Invalid) != 2 || rep.Invalid[0] != "k/negative" || rep.Invalid[1] != "k/no-capacity" {
		t.Errorf("invalid %v", rep.Invalid)
	}
	if rep.Total.Capacity != 3e8+5 || rep.Total.Cap != 1e8 || !rep.Total.OverCap {
		t.Errorf("total %+v", rep.Total)
	}
}
