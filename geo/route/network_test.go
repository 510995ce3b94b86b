package route_test

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/crs"
	"github.com/zonegate/zonegate/geo/route"
)

// Fixtures lie on the meridian 111.5°E near Linfen. Along a meridian the
// geodesic is the meridian itself, and a geodesic leaving it at azimuth
// 90° or 270° meets it at right angles, so every expected distance below is
// exact by construction (Destination is Vincenty's direct formula).
var (
	south = orb.Point{111.5, 36.00}
	north = orb.Point{111.5, 36.02}
	mid   = orb.Point{111.5, 36.01}
)

func lineZone(id string, corridor any, g orb.Geometry) *geo.Zone {
	z := &geo.Zone{Layer: "coal_routes", ID: id, Kind: geo.KindCoalRoute, Geometry: g,
		Properties: map[string]any{"county": "141002"}}
	if corridor != nil {
		z.Properties["corridor_m"] = corridor
	}
	return z
}

func TestContainsCorridorEdges(t *testing.T) {
	n := route.NewNetwork([]*geo.Zone{lineZone("r1", nil, orb.LineString{south, north})}, 50)
	tests := []struct {
		name string
		p    orb.Point
		want bool
	}{
		{"on the line", mid, true},
		{"vertex", north, true},
		{"east 49.99 m", crs.GeodesicDestination(mid, 90, 49.99), true},
		{"east 50.01 m", crs.GeodesicDestination(mid, 90, 50.01), false},
		{"west 49.999 m", crs.GeodesicDestination(mid, 270, 49.999), true},
		{"west 50.001 m", crs.GeodesicDestination(mid, 270, 50.001), false},
		{"north cap 49.99 m", crs.GeodesicDestination(north, 0, 49.99), true},
		{"north cap 50.01 m", crs.GeodesicDestination(north, 0, 50.01), false},
		{"south-west cap diagonal 49.99 m", crs.GeodesicDestination(south, 225, 49.99), true},
		{"south-west cap diagonal 50.01 m", crs.GeodesicDestination(south, 225, 50.01), false},
		{"far away", orb.Point{112, 36}, false},
		{"NaN", orb.Point{math.NaN(), 36}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := n.Contains(tc.p); got != tc.want {
				t.Errorf("Contains(%v) = %v, want %v", tc.p, got, tc.want)
			}
		})
	}
}

func TestCorridorWidthFromProperty(t *testing.T) {
	tests := []struct {
		name     string
		corridor any
		at       float64 // metres east of the line
		want     bool
	}{
		{"number 100 covers 99.99 m", 100.0, 99.99, true},
		{"number 100 excludes 100.01 m", 100.0, 100.01, false},
		{"numeric string", "100", 99.99, true},
		{"int", 100, 99.99, true},
		{"negative falls back to the default", -5.0, 60, false},
		{"non-number falls back to the default", true, 49.99, true},
		{"absent uses the default", nil, 50.01, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := route.NewNetwork([]*geo.Zone{lineZone("r", tc.corridor, orb.LineString{south, north})}, 50)
			if got := n.Contains(crs.GeodesicDestination(mid, 90, tc.at)); got != tc.want {
				t.Errorf("Contains at %v m = %v, want %v", tc.at, got, tc.want)
			}
		})
	}
}

func TestNetworkSkipsNonLines(t *testing.T) {
	n := route.NewNetwork([]*geo.Zone{
		nil,
		{Layer: "x", ID: "pt", Geometry: mid},
		{Layer: "x", ID: "poly", Geometry: orb.Polygon{{south, north, {111.6, 36.01}, south}}},
		lineZone("multi", nil, orb.MultiLineString{{south, mid}, {{111.6, 36}, {111.6, 36.01}}}),
	}, 0)
	if got := len(n.Routes()); got != 1 {
		t.Fatalf("%d routes, want 1", got)
	}
	r := n.Routes()[0]
	if r.ID != "multi" || r.County != "141002" || r.CorridorM != route.DefaultCorridorM {
		t.Errorf("route %+v", r)
	}
	if n.Segments() != 2 || !n.Contains(orb.Point{111.6, 36.005}) || n.Contains(north) {
		t.Errorf("segments %d; second line or gap wrong", n.Segments())
	}
}

// gapNetwork has two corridors on the meridian: south→end1 and a second
// one starting gapM metres further north.
func gapNetwork(gapM float64) (n *route.Network, end1, start2 orb.Point) {
	end1 = orb.Point{111.5, 36.01}
	start2 = crs.GeodesicDestination(end1, 0, gapM)
	n = route.NewNetwork([]*geo.Zone{
		lineZone("a", nil, orb.LineString{south, end1}),
		lineZone("b", nil, orb.LineString{start2, north}),
	}, 50)
	return n, end1, start2
}

func TestCheckHandBuilt(t *testing.T) {
	along := func(from orb.Point, m float64) orb.Point { return crs.GeodesicDestination(from, 0, m) }
	n300, end300, _ := gapNetwork(300)
	n100, _, _ := gapNetwork(100)
	n10002, end10002, _ := gapNetwork(100.02)
	single := route.NewNetwork([]*geo.Zone{lineZone("a", nil, orb.LineString{south, north})}, 50)
	tangent := crs.GeodesicDestination(north, 0, 50)
	tests := []struct {
		name       string
		n          *route.Network
		route      orb.LineString
		compliant  bool
		firstOff   *orb.Point
		firstAlong float64
		offM       float64
		pieces     int
	}{
		{name: "inside all the way", n: single, route: orb.LineString{along(south, 100), mid, along(mid, 500)}, compliant: true},
		{name: "leaves for 200 m across a 300 m gap", n: n300,
			route: orb.LineString{along(south, 500), along(end300, 350)}, firstOff: ptrPt(along(end300, 50)),
			firstAlong: crs.GeodesicDistance(along(south, 500), end300) + 50, offM: 200, pieces: 1},
		{name: "end caps touching across a 100 m gap", n: n100,
			route: orb.LineString{along(south, 500), along(end300, 150)}, compliant: true},
		{name: "2 cm gap between end caps", n: n10002,
			route: orb.LineString{along(south, 500), along(end10002, 150)}, firstOff: ptrPt(along(end10002, 50)),
			firstAlong: crs.GeodesicDistance(along(south, 500), end10002) + 50, offM: 0.02, pieces: 1},
		// The vertex on the cap's boundary is inside, which splits the
		// off-route stretch in two.
		{name: "grazing the end cap is off everywhere else", n: single,
			route:    orb.LineString{crs.GeodesicDestination(tangent, 270, 500), tangent, crs.GeodesicDestination(tangent, 90, 500)},
			firstOff: ptrPt(crs.GeodesicDestination(tangent, 270, 500)), offM: 1000, pieces: 2},
		{name: "ends on the end cap", n: single, route: orb.LineString{mid, tangent}, compliant: true},
		{name: "starts outside", n: single,
			route:    orb.LineString{crs.GeodesicDestination(mid, 90, 80), mid},
			firstOff: ptrPt(crs.GeodesicDestination(mid, 90, 80)), offM: 30, pieces: 1},
		{name: "single point outside", n: single, route: orb.LineString{crs.GeodesicDestination(mid, 90, 80)},
			firstOff: ptrPt(crs.GeodesicDestination(mid, 90, 80))},
		{name: "single point inside", n: single, route: orb.LineString{mid}, compliant: true},
		{name: "empty route", n: single, compliant: true},
		{name: "empty network", n: route.NewNetwork(nil, 50), route: orb.LineString{south, mid},
			firstOff: ptrPt(south), offM: crs.GeodesicDistance(south, mid), pieces: 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.n.Check(tc.route)
			if got.Compliant != tc.compliant {
				t.Fatalf("compliant %v, want %v (%+v)", got.Compliant, tc.compliant, got)
			}
			if math.Abs(got.OffLengthM-tc.offM) > 0.001 {
				t.Errorf("off length %.4f m, want %.4f", got.OffLengthM, tc.offM)
			}
			if len(got.Off) != tc.pieces {
				t.Errorf("%d off pieces, want %d", len(got.Off), tc.pieces)
			}
			if (got.FirstOff == nil) != (tc.firstOff == nil) {
				t.Fatalf("first off %v, want %v", got.FirstOff, tc.firstOff)
			}
			if tc.firstOff != nil {
				if d := crs.GeodesicDistance(*got.FirstOff, *tc.firstOff); d > 0.001 {
					t.Errorf("first off %v is %.4f m from %v", *got.FirstOff, d, *tc.firstOff)
				}
				if math.Abs(got.FirstOffAlongM-tc.firstAlong) > 0.001 {
					t.Errorf("first off along %.4f m, want %.4f", got.FirstOffAlongM, tc.firstAlong)
				}
			}
			var total float64
			for i := 1; i < len(tc.route); i++ {
				total += crs.GeodesicDistance(tc.route[i-1], tc.route[i])
			}
			if math.Abs(got.LengthM-total) > 0.001 {
				t.Errorf("length %.4f, want %.4f", got.LengthM, total)
			}
		})
	}
}

func ptrPt(p orb.Point) *orb.Point { return &p }
