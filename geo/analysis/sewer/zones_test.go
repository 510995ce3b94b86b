package sewer_test

import (
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/analysis/sewer"
)

func TestResultLayer(t *testing.T) {
	t.Parallel()
	square := orb.MultiPolygon{{{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}}}
	res := sewer.Result{ServiceM: 500, CellM: 25, Counties: []sewer.CountyCoverage{
		{County: "141002", Name: "尧都区", CoveredPct: 12.3456, ConversionRate: 0.456789, Target: 0.4, MeetsTarget: true, Area: square},
		{County: "141028", Name: "吉县"}, // no service area: no zone
	}}
	out := res.Layer("sewer_out", time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	if out.Layer.ID != "sewer_out" || out.Layer.Kind != geo.KindSewerNetwork || len(out.Zones) != 1 {
		t.Fatalf("layer %+v with %d zones", out.Layer, len(out.Zones))
	}
	z := out.Zones[0]
	p := z.Properties
	if z.ID != "141002" || z.Name != "尧都区 污水管网服务范围（500 m）" || p["covered_pct"] != 12.35 ||
		p["conversion_rate"] != 0.4568 || p["meets_target"] != true || p["computed_at"] != "2026-01-02T03:04:05Z" {
		t.Errorf("zone %s %q %v", z.ID, z.Name, p)
	}
	if err := z.Validate(); err != nil {
		t.Error(err)
	}
}
