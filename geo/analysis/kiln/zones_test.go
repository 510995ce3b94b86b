package kiln_test

import (
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/analysis/kiln"
)

func TestResultLayer(t *testing.T) {
	t.Parallel()
	square := orb.MultiPolygon{{{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}}}
	res := kiln.Result{Zone: 37, CellM: 50, Areas: []kiln.Area{
		{Township: kiln.ZoneRef{Layer: "townships", ID: "t1", Name: "T1"},
			County: &kiln.ZoneRef{Layer: "counties", ID: "141002", Name: "尧都区"}, AreaKM2: 1.23456, Polygons: square},
		{Township: kiln.ZoneRef{Layer: "townships", ID: "t2", Name: "T2"}, AreaKM2: 2, Polygons: square},
	}}
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	out := res.Layer(kiln.LayerParams{Layer: "kiln_out", Criteria: kiln.DefaultCriteria(), BuiltUpLayer: "built_up", ComputedAt: now})
	if out.Layer.ID != "kiln_out" || out.Layer.Kind != geo.KindKilnRelocation || !out.ValidFrom.IsZero() || len(out.Zones) != 2 {
		t.Fatalf("layer %+v with %d zones", out.Layer, len(out.Zones))
	}
	z := out.Zones[0]
	p := z.Properties
	if z.ID != "t1-141002" || z.Name != "尧都区 T1 砖瓦企业搬迁候选区域" || p["area_km2"] != 1.2346 ||
		p["min_distance_m"] != float64(kiln.DefaultMinDistanceM) || p["built_up_layer"] != "built_up" ||
		p["crs"] != "CGCS2000 3° Gauss–Krüger zone 37" || p["computed_at"] != "2026-01-02T03:04:05Z" {
		t.Errorf("zone %s %q %v", z.ID, z.Name, p)
	}
	if _, ok := p["dem"]; ok {
		t.Error("dem property without a DEM")
	}
	if z := out.Zones[1]; z.ID != "t2" || z.Name != "T2 砖瓦企业搬迁候选区域" {
		t.Errorf("zone without county: %s %q", z.ID, z.Name)
	}
	for _, z := range out.Zones {
		if err := z.Validate(); err != nil {
			t.Errorf("%s: %v", z.ID, err)
		}
	}
}
