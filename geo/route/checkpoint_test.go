package route_test

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/crs"
	"github.com/zonegate/zonegate/geo/route"
)

func cpZone(layer, id, typ string, p orb.Geometry) *geo.Zone {
	return &geo.Zone{Layer: layer, ID: id, Name: id + " station", Kind: geo.KindCheckpoint, Geometry: p,
		Properties: map[string]any{"type": typ, "county": "尧都区"}}
}

func TestCheckpoints(t *testing.T) {
	base := orb.Point{111.5, 36.0}
	cps := route.NewCheckpoints([]*geo.Zone{
		cpZone("checkpoints", "fixed-1", route.TypeFixedStation, crs.GeodesicDestination(base, 0, 1000)),
		cpZone("checkpoints", "exit-1", route.TypeHighwayExit, crs.GeodesicDestination(base, 90, 700)),
		cpZone("checkpoints", "mobile-1", route.TypeMobileTeam, orb.MultiPoint{crs.GeodesicDestination(base, 180, 2000)}),
		cpZone("a_other", "fixed-1", route.TypeFixedStation, crs.GeodesicDestination(base, 0, 5)), // same id, earlier layer
		cpZone("checkpoints", "two-points", route.TypeMobileTeam, orb.MultiPoint{base, base}),
		cpZone("checkpoints", "line", route.TypeMobileTeam, orb.LineString{base, {111.6, 36}}),
		nil,
	})
	if cps.Len() != 4 {
		t.Fatalf("%d checkpoints, want 4", cps.Len())
	}
	if cp, ok := cps.ByID("fixed-1"); !ok || cp.Layer != "a_other" || cp.Type != route.TypeFixedStation || cp.County != "尧都区" {
		t.Errorf("ByID(fixed-1) = %+v, %v", cp, ok)
	}
	if _, ok := cps.ByID("G108-尧都-01"); ok {
		t.Error("unknown id found")
	}
	tests := []struct {
		name, typ, wantID string
		wantM             float64
	}{
		{"any type", "", "fixed-1", 5},
		{"highway exits only", route.TypeHighwayExit, "exit-1", 700},
		{"mobile teams only", route.TypeMobileTeam, "mobile-1", 2000},
		{"no such type", "ferry", "", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cp, d, ok := cps.Nearest(base, tc.typ)
			if ok != (tc.wantID != "") || cp.ID != tc.wantID {
				t.Fatalf("Nearest = %s, %v; want %q", cp.ID, ok, tc.wantID)
			}
			if math.Abs(d-tc.wantM) > 1e-6 {
				t.Errorf("distance %.9f m, want %v", d, tc.wantM)
			}
		})
	}
	if _, _, ok := cps.Nearest(orb.Point{math.Inf(1), 0}, ""); ok {
		t.Error("non-finite point found a checkpoint")
	}
}
