package demo_test

import (
	"slices"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/zonegate/zonegate/data/demo"
	"github.com/zonegate/zonegate/geo"
)

func TestRoutesPassTheirSeats(t *testing.T) {
	seat := map[string]orb.Point{
		"huozhou": {111.723103, 36.57202}, "hongtong": {111.673692, 36.255742}, "yaodu": {111.5186, 36.0880},
		"xiangfen": {111.442932, 35.876139}, "houma": {111.371272, 35.620302}, "daning": {110.751283, 36.46383},
		"puxian": {111.09733, 36.411682}, "guxian": {111.920207, 36.26855}, "anze": {112.251372, 36.146032},
		"yonghe": {110.631276, 36.760614}, "jixian": {110.682853, 36.099355}, "xiangning": {110.857365, 35.975402},
		"quwo": {111.475529, 35.641387}, "yicheng": {111.713508, 35.738621}, "fushan": {111.850039, 35.971359},
		"xixian": {110.935809, 36.692675}, "fenxi": {111.563021, 36.653368},
	}
	want := map[string][]string{
		"G108": {"huozhou", "hongtong", "yaodu", "xiangfen", "houma"},
		"G5":   nil,
		"G309": {"daning", "puxian", "yaodu", "guxian", "anze"},
		"G209": {"yonghe", "daning", "jixian", "xiangning"},
		"S327": {"houma", "quwo", "yicheng"},
		"S231": {"yaodu", "fushan", "anze"},
		"S229": {"xixian", "fenxi", "huozhou"},
		"S330": {"xiangning", "xiangfen"},
	}
	m := regionIndex(t)
	for road, slugs := range want {
		t.Run(road, func(t *testing.T) {
			z := m[demo.LayerCoalRoutes+"/"+road]
			if z == nil {
				t.Fatal("missing")
			}
			wantCorridor := 50.0
			if road == "G5" {
				wantCorridor = 100 // the expressway's wider corridor
			}
			if z.Properties["road"] != road || z.Properties["corridor_m"] != wantCorridor || z.Properties["county"] != "临汾市" {
				t.Errorf("road %v corridor %v", z.Properties["road"], z.Properties["corridor_m"])
			}
			line := z.Geometry.(orb.LineString)
			last := -1
			for _, s := range slugs {
				i := slices.Index(line, seat[s])
				if i < 0 {
					t.Errorf("%s does not pass the %s seat %v", road, s, seat[s])
				} else if i <= last {
					t.Errorf("%s passes %s out of order", road, s)
				}
				last = i
			}
			// Vertices are about 2 km apart.
			for i := 1; i < len(line); i++ {
				if km := planar.Distance(line[i-1], line[i]) * 100; km > 3.5 {
					t.Errorf("%s: vertices %d and %d are %.1f km apart", road, i-1, i, km)
				}
			}
		})
	}
}

func TestCheckpointsLieOnRoutesNearBorders(t *testing.T) {
	_, zones := demo.Region()
	m := regionIndex(t)
	counties := countyPolygons(t)
	countyAt := func(p orb.Point) int {
		for i, c := range counties {
			if planar.PolygonContains(c, p) {
				return adcodes[i]
			}
		}
		return 0
	}
	types := map[string]int{}
	for _, z := range zones {
		if z.Layer != demo.LayerCheckpoints {
			continue
		}
		p := z.Geometry.(orb.Point)
		typ := z.Properties["type"].(string)
		types[typ]++
		route := m[demo.LayerCoalRoutes+"/"+z.Properties["road"].(string)]
		if route == nil {
			t.Errorf("%s: no route %v", z.ID, z.Properties["road"])
			continue
		}
		line := route.Geometry.(orb.LineString)
		i := slices.Index(line, p)
		if i < 0 {
			t.Errorf("%s is not a vertex of %s", z.ID, route.ID)
			continue
		}
		if got := countyAt(p); float64(got) != z.Properties["adcode"] {
			t.Errorf("%s lies in %d, adcode says %v", z.ID, got, z.Properties["adcode"])
		}
		if err := geo.ValidateID(z.ID); err != nil {
			t.Error(err)
		}
		if typ != "highway_exit" && (i == 0 || countyAt(line[i-1]) == countyAt(p)) {
			t.Errorf("%s (%s) is not at a county border", z.ID, typ)
		}
	}
	want := map[string]int{"fixed_station": 5, "overload_station": 5, "highway_exit": 3, "mobile_team": 2}
	for k, n := range want {
		if types[k] != n {
			t.Errorf("%d checkpoints of type %s, want %d", types[k], k, n)
		}
	}
	if len(types) != len(want) {
		t.Errorf("types %v, want %v", types, want)
	}
}
