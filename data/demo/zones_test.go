package demo_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/data/demo"
	"github.com/zonegate/zonegate/geo"
)

// gazette is the preliminary delineation date of the coal-ban and burn-ban
// zones.
var gazette = time.Date(2020, 5, 15, 0, 0, 0, 0, time.FixedZone("CST", 8*3600))

func TestZonesAreWellFormed(t *testing.T) {
	layers, zones := demo.Region()
	kinds := map[string]geo.Kind{}
	for _, l := range layers {
		kinds[l.ID] = l.Kind
	}
	seen := map[geo.Key]bool{}
	for _, z := range zones {
		t.Run(z.Layer+"/"+z.ID, func(t *testing.T) {
			kind, ok := kinds[z.Layer]
			if !ok {
				t.Fatalf("unknown layer %q", z.Layer)
			}
			if z.Kind != kind {
				t.Errorf("kind %s, layer kind %s", z.Kind, kind)
			}
			if seen[z.Key()] {
				t.Errorf("duplicate key %v", z.Key())
			}
			seen[z.Key()] = true
			if z.Version != 0 || z.Revision != 0 || !z.UpdatedAt.IsZero() || z.Author != "" {
				t.Errorf("store-assigned fields set: v%d r%d %v %q", z.Version, z.Revision, z.UpdatedAt, z.Author)
			}
			if z.Status != geo.StatusPublished {
				t.Errorf("status %s", z.Status)
			}
			wantFrom := time.Time{}
			if z.Kind == geo.KindCoalBan || z.Kind == geo.KindBurnBan {
				wantFrom = gazette
			}
			if !z.Validity.From.Equal(wantFrom) || !z.Validity.To.IsZero() {
				t.Errorf("validity %+v, want from %v to zero", z.Validity, wantFrom)
			}
			if z.Properties["synthetic"] != true {
				t.Errorf("synthetic = %v", z.Properties["synthetic"])
			}
			if c, _ := z.Properties["county"].(string); c == "" {
				t.Errorf("county = %v", z.Properties["county"])
			}
			if a, _ := z.Properties["adcode"].(float64); a < 141000 || a > 141099 {
				t.Errorf("adcode = %v", z.Properties["adcode"])
			}
			if n, _ := z.Properties["name_en"].(string); !strings.Contains(n, "synthetic") && z.Kind != geo.KindAdmin {
				t.Errorf("name_en %q not marked synthetic", n)
			}
			if err := z.Validate(); err != nil {
				t.Errorf("Validate: %v", err)
			}
			if err := geo.ValidateGeometry(z.Geometry, z.Kind.GeometryClass()); err != nil {
				t.Errorf("ValidateGeometry: %v", err)
			}
			if err := checkGeometry(z.Geometry, z.Kind.GeometryClass()); err != nil {
				t.Errorf("geometry: %v", err)
			}
		})
	}
}

// checkGeometry is the test's own geometry check: the expected type per
// class, finite coordinates inside the city's bounds, valid polygons and
// lines without repeated or self-touching pieces.
func checkGeometry(g orb.Geometry, class geo.GeometryClass) error {
	outline := demo.Outline().Bound()
	for _, p := range allPoints(g) {
		if math.IsNaN(p[0]) || math.IsInf(p[0], 0) || math.IsNaN(p[1]) || math.IsInf(p[1], 0) || !outline.Contains(p) {
			return errorf("point %v outside the city bounds %v", p, outline)
		}
	}
	switch g := g.(type) {
	case orb.Polygon:
		if class != geo.ClassPolygon && class != geo.ClassAny {
			return errorf("polygon in a %s layer", class)
		}
		return checkPolygon(g)
	case orb.LineString:
		if class != geo.ClassLine && class != geo.ClassAny {
			return errorf("line in a %s layer", class)
		}
		if len(g) < 2 {
			return errorf("line of %d points", len(g))
		}
		for i := 1; i < len(g); i++ {
			if g[i] == g[i-1] {
				return errorf("repeated point at %d", i)
			}
			for j := 1; j < i-1; j++ {
				if segmentsTouch(g[j-1], g[j], g[i-1], g[i]) {
					return errorf("line touches itself: segments %d and %d", j, i)
				}
			}
		}
	case orb.Point:
		if class != geo.ClassPoint && class != geo.ClassAny {
			return errorf("point in a %s layer", class)
		}
	default:
		return errorf("unexpected geometry %T", g)
	}
	return nil
}

func allPoints(g orb.Geometry) []orb.Point {
	switch g := g.(type) {
	case orb.Point:
		return []orb.Point{g}
	case orb.LineString:
		return g
	case orb.Polygon:
		var ps []orb.Point
		for _, r := range g {
			ps = append(ps, r...)
		}
		return ps
	}
	return nil
}

func TestNamedZones(t *testing.T) {
	_, zones := demo.Region()
	byKey := map[string]*geo.Zone{}
	for _, z := range zones {
		byKey[z.Layer+"/"+z.ID] = z
	}
	cases := []struct {
		key, name, county string
		adcode            float64
		props             map[string]any
	}{
		{"counties/141002", "尧都区", "尧都区", 141002, map[string]any{"name_en": "Yaodu District"}},
		{"counties/141082", "霍州市", "霍州市", 141082, map[string]any{"name_en": "Huozhou City"}},
		{"counties/141025", "古县", "古县", 141025, map[string]any{"name_en": "Gu County"}},
		{"built_up/bu-141002", "尧都区建成区（模拟）", "尧都区", 141002, nil},
		{"coal_ban/cb-141002", "尧都区禁煤区", "尧都区", 141002, nil},
		{"coal_ban/cb-141081", "侯马市禁煤区", "侯马市", 141081, nil},
		{"burn_ban/bb-141024", "洪洞县禁燃区", "洪洞县", 141024, nil},
		{"coal_routes/G108", "G108 国道（汾河谷地南北线）运煤车辆行驶路线（模拟）", "临汾市", 141000,
			map[string]any{"road": "G108", "corridor_m": 50.0}},
		{"checkpoints/G108-yaodu-01", "G108 尧都区 01号检查站（模拟）", "尧都区", 141002,
			map[string]any{"road": "G108", "type": "fixed_station"}},
		{"checkpoints/G5-houma-01", "G5 侯马市 01号检查站（模拟）", "侯马市", 141081,
			map[string]any{"road": "G5", "type": "highway_exit"}},
		{"sewer_plants/sp-141002", "尧都区污水处理厂（模拟）", "尧都区", 141002,
			map[string]any{"capacity_m3_per_day": 160000.0}},
		{"sewer_network/sw-141002-01", "尧都区污水干管1号（模拟）", "尧都区", 141002,
			map[string]any{"system": "combined", "diameter_mm": 1200.0}},
	}
	for _, tc := range cases {
		t.Run(tc.key, func(t *testing.T) {
			z := byKey[tc.key]
			if z == nil {
				t.Fatal("missing")
			}
			if z.Name != tc.name || z.Properties["county"] != tc.county || z.Properties["adcode"] != tc.adcode {
				t.Errorf("got %q county %v adcode %v, want %q %q %v",
					z.Name, z.Properties["county"], z.Properties["adcode"], tc.name, tc.county, tc.adcode)
			}
			for k, v := range tc.props {
				if z.Properties[k] != v {
					t.Errorf("%s = %v (%T), want %v", k, z.Properties[k], z.Properties[k], v)
				}
			}
		})
	}
}
