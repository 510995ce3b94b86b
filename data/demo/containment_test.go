package demo_test

import (
	"fmt"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/zonegate/zonegate/data/demo"
	"github.com/zonegate/zonegate/geo"
)

// adcodes lists the 17 county adcodes of Linfen.
var adcodes = []int{141002, 141021, 141022, 141023, 141024, 141025, 141026, 141027, 141028,
	141029, 141030, 141031, 141032, 141033, 141034, 141081, 141082}

// regionIndex returns the demo zones by "layer/id".
func regionIndex(t *testing.T) map[string]*geo.Zone {
	t.Helper()
	_, zones := demo.Region()
	m := make(map[string]*geo.Zone, len(zones))
	for _, z := range zones {
		m[z.Layer+"/"+z.ID] = z
	}
	return m
}

func polygonOf(t *testing.T, m map[string]*geo.Zone, key string) orb.Polygon {
	t.Helper()
	z, ok := m[key]
	if !ok {
		t.Fatalf("zone %s missing", key)
	}
	p, ok := z.Geometry.(orb.Polygon)
	if !ok {
		t.Fatalf("zone %s is %T, want orb.Polygon", key, z.Geometry)
	}
	return p
}

// TestSettlementNesting checks built-up ⊂ coal-ban ⊂ burn-ban ⊂ county for
// every county, strictly (every vertex inside, no edges touching, the
// coal-ban zone clear of burn-ban holes).
func TestSettlementNesting(t *testing.T) {
	m := regionIndex(t)
	for _, a := range adcodes {
		t.Run(fmt.Sprint(a), func(t *testing.T) {
			county := polygonOf(t, m, fmt.Sprintf("counties/%d", a))
			bu := polygonOf(t, m, fmt.Sprintf("built_up/bu-%d", a))
			cb := polygonOf(t, m, fmt.Sprintf("coal_ban/cb-%d", a))
			bb := polygonOf(t, m, fmt.Sprintf("burn_ban/bb-%d", a))
			for _, c := range []struct {
				name    string
				in, out orb.Polygon
			}{
				{"built_up in coal_ban", bu, cb},
				{"coal_ban in burn_ban", cb, bb},
				{"built_up in burn_ban", bu, bb},
				{"coal_ban in county", cb, county},
			} {
				if err := polygonInside(c.in, c.out); err != nil {
					t.Errorf("%s: %v", c.name, err)
				}
			}
		})
	}
}

func TestBurnBanHoles(t *testing.T) {
	m := regionIndex(t)
	withHole := map[int]bool{141002: true, 141023: true, 141024: true, 141025: true, 141082: true}
	for _, a := range adcodes {
		bb := polygonOf(t, m, fmt.Sprintf("burn_ban/bb-%d", a))
		if got, want := len(bb)-1, map[bool]int{true: 1, false: 0}[withHole[a]]; got != want {
			t.Errorf("bb-%d has %d holes, want %d", a, got, want)
		}
		if len(bb) > 1 {
			// A point of the hole is excluded from the zone although it is
			// inside the shell.
			h := bb[1]
			c, _ := planar.CentroidArea(h)
			if !planar.RingContains(bb[0], c) || planar.PolygonContains(bb, c) {
				t.Errorf("bb-%d: hole centre %v not excluded", a, c)
			}
		}
	}
}

func TestLinfenCentreInYaoduCoalBan(t *testing.T) {
	centre := orb.Point{111.5186, 36.0880}
	_, zones := demo.Region()
	var in []string
	for _, z := range zones {
		if p, ok := z.Geometry.(orb.Polygon); ok && planar.PolygonContains(p, centre) {
			in = append(in, z.Layer+"/"+z.ID)
		}
	}
	want := []string{"counties/141002", "built_up/bu-141002", "coal_ban/cb-141002", "burn_ban/bb-141002"}
	if fmt.Sprint(in) != fmt.Sprint(want) {
		t.Errorf("centre is in %v, want %v", in, want)
	}
}

// TestBurnBanZonesDisjoint: neighbouring county seats' burn-ban zones do
// not overlap or touch.
func TestBurnBanZonesDisjoint(t *testing.T) {
	m := regionIndex(t)
	for i, a := range adcodes {
		for _, b := range adcodes[i+1:] {
			pa := polygonOf(t, m, fmt.Sprintf("burn_ban/bb-%d", a))
			pb := polygonOf(t, m, fmt.Sprintf("burn_ban/bb-%d", b))
			if !polygonsDisjoint(pa, pb) {
				t.Errorf("bb-%d and bb-%d overlap", a, b)
			}
		}
	}
}

func TestPlantsAndSewersInBuiltUp(t *testing.T) {
	_, zones := demo.Region()
	m := regionIndex(t)
	sewers := 0
	for _, z := range zones {
		a := int(z.Properties["adcode"].(float64))
		switch z.Layer {
		case demo.LayerSewerPlants:
			if !planar.PolygonContains(polygonOf(t, m, fmt.Sprintf("built_up/bu-%d", a)), z.Geometry.(orb.Point)) {
				t.Errorf("plant %s outside its built-up area", z.ID)
			}
		case demo.LayerSewerNetwork:
			sewers++
			bu := polygonOf(t, m, fmt.Sprintf("built_up/bu-%d", a))
			line := z.Geometry.(orb.LineString)
			for _, p := range line {
				if !planar.PolygonContains(bu, p) {
					t.Errorf("sewer %s vertex %v outside its built-up area", z.ID, p)
				}
			}
			for i := 1; i < len(line); i++ {
				if ringsTouch(bu[0], orb.Ring{line[i-1], line[i]}) {
					t.Errorf("sewer %s segment %d crosses the built-up boundary", z.ID, i)
				}
			}
			plant := m[fmt.Sprintf("sewer_plants/sp-%d", a)].Geometry.(orb.Point)
			if z.Properties["role"] == "trunk" && line[len(line)-1] != plant {
				t.Errorf("sewer %s ends at %v, not at the plant %v", z.ID, line[len(line)-1], plant)
			}
		}
	}
	if sewers == 0 {
		t.Fatal("no sewers")
	}
}
