package demo

import (
	"math"
	"math/rand/v2"

	"github.com/paulmach/orb"
)

// Route drawing parameters.
const (
	routeStepKM    = 2.0  // target vertex spacing along a route
	routeAmp       = 0.03 // relative sideways wiggle between waypoints
	routeCorridorM = 50.0 // tolerance of the designated route, in metres
)

// Checkpoint types, as stored in the "type" property.
const (
	cpFixed    = "fixed_station"
	cpOverload = "overload_station"
	cpExit     = "highway_exit"
	cpMobile   = "mobile_team"
)

// routeDef is one designated coal route: a road number, its name and the
// waypoints it passes (county seats are exact vertices of the result).
type routeDef struct {
	road   string
	nameZH string
	nameEN string
	way    []orb.Point
	// borderType, when set, puts a checkpoint of that type at every county
	// border the route crosses; firstOnly limits it to the first border.
	borderType string
	firstOnly  bool
	// exitsNear puts a highway_exit checkpoint at the vertex nearest each
	// of these seats (by slug).
	exitsNear []string
	// corridorM overrides routeCorridorM (the "corridor_m" property).
	corridorM float64
}

// corridor returns the route's corridor half-width in metres.
func (d routeDef) corridor() float64 {
	if d.corridorM > 0 {
		return d.corridorM
	}
	return routeCorridorM
}

// routeTable returns the designated routes: real road numbers along
// plausible corridors, drawn through the real county seats.
func routeTable(seats []seat) []routeDef {
	at := func(slug string) orb.Point {
		s := seats[seatBySlug(seats, slug)]
		return orb.Point{s.lon, s.lat}
	}
	return []routeDef{
		{road: "G108", nameZH: "G108 国道（汾河谷地南北线）", nameEN: "G108 national road (Fen valley north-south)",
			way:        []orb.Point{{111.79, 36.70}, at("huozhou"), at("hongtong"), at("yaodu"), at("xiangfen"), at("houma"), {111.31, 35.545}},
			borderType: cpFixed},
		{road: "G5", nameZH: "G5 京昆高速", nameEN: "G5 Beijing-Kunming expressway",
			way: []orb.Point{{111.66, 36.72}, {111.66, 36.56}, {111.63, 36.40}, {111.62, 36.26}, {111.57, 36.12},
				{111.50, 35.98}, {111.44, 35.80}, {111.40, 35.68}, {111.35, 35.56}},
			// An expressway's corridor is wider: it takes in the
			// interchange ramps and service areas.
			exitsNear: []string{"hongtong", "yaodu", "houma"}, corridorM: 100},
		{road: "G309", nameZH: "G309 国道（东西线）", nameEN: "G309 national road (east-west)",
			way: []orb.Point{{110.55, 36.50}, at("daning"), {110.93, 36.45}, at("puxian"), {111.30, 36.25}, at("yaodu"),
				{111.72, 36.17}, at("guxian"), {112.08, 36.20}, at("anze"), {112.50, 36.12}},
			borderType: cpOverload},
		{road: "G209", nameZH: "G209 国道（沿黄线）", nameEN: "G209 national road (Yellow River line)",
			way: []orb.Point{{110.57, 36.88}, at("yonghe"), {110.72, 36.60}, at("daning"), {110.70, 36.28}, at("jixian"),
				at("xiangning"), {110.95, 35.76}}},
		{road: "S327", nameZH: "S327 省道（侯马—翼城）", nameEN: "S327 provincial road (Houma-Yicheng)",
			way:        []orb.Point{at("houma"), at("quwo"), {111.60, 35.70}, at("yicheng"), {111.97, 35.68}},
			borderType: cpMobile, firstOnly: true},
		{road: "S231", nameZH: "S231 省道（尧都—浮山—安泽）", nameEN: "S231 provincial road (Yaodu-Fushan-Anze)",
			way: []orb.Point{at("yaodu"), {111.68, 36.02}, at("fushan"), {112.05, 36.05}, at("anze")}},
		{road: "S229", nameZH: "S229 省道（隰县—汾西—霍州）", nameEN: "S229 provincial road (Xixian-Fenxi-Huozhou)",
			way:        []orb.Point{at("xixian"), {111.15, 36.70}, {111.38, 36.66}, at("fenxi"), at("huozhou")},
			borderType: cpMobile, firstOnly: true},
		{road: "S330", nameZH: "S330 省道（乡宁—襄汾）", nameEN: "S330 provincial road (Xiangning-Xiangfen)",
			way: []orb.Point{at("xiangning"), {111.05, 35.93}, {111.25, 35.90}, at("xiangfen")}},
	}
}

// drawRoute joins the waypoints with gently wiggling pieces about
// routeStepKM long. Waypoints are vertices of the result; every vertex is
// rounded.
func drawRoute(rng *rand.Rand, way []orb.Point) orb.LineString {
	xs := math.Cos(countyMidLat * math.Pi / 180)
	line := orb.LineString{roundPoint(way[0])}
	for k := 1; k < len(way); k++ {
		a, b := way[k-1], way[k]
		km := math.Hypot((b[0]-a[0])*xs, b[1]-a[1]) * kmPerDegLat
		for _, p := range wiggle(rng, a, b, segmentsFor(km, routeStepKM, 1, 60), routeAmp, xs) {
			line = append(line, roundPoint(p))
		}
		line = append(line, roundPoint(b))
	}
	return line
}

// checkpointSite is one generated checkpoint before it becomes a zone.
type checkpointSite struct {
	road   string
	typ    string
	county int // index into the seat table
	at     orb.Point
}

// checkpointSites places the checkpoints of one route: at the first vertex
// inside each newly entered county (for routes with a borderType) and at
// the vertex nearest each listed seat (highway exits).
func checkpointSites(def routeDef, line orb.LineString, counties []orb.Polygon, seats []seat) []checkpointSite {
	var sites []checkpointSite
	if def.borderType != "" {
		prev := countyOf(counties, line[0])
		for _, p := range line[1:] {
			c := countyOf(counties, p)
			if c >= 0 && prev >= 0 && c != prev {
				sites = append(sites, checkpointSite{road: def.road, typ: def.borderType, county: c, at: p})
				if def.firstOnly {
					break
				}
			}
			prev = c
		}
	}
	for _, slug := range def.exitsNear {
		s := seats[seatBySlug(seats, slug)]
		seatPt := orb.Point{s.lon, s.lat}
		best := line[0]
		for _, p := range line[1:] {
			if sqDist(p, seatPt) < sqDist(best, seatPt) {
				best = p
			}
		}
		sites = append(sites, checkpointSite{road: def.road, typ: cpExit, county: countyOf(counties, best), at: best})
	}
	return sites
}

// sqDist is the squared planar distance in degrees (enough to rank).
func sqDist(a, b orb.Point) float64 {
	dx, dy := a[0]-b[0], a[1]-b[1]
	return dx*dx + dy*dy
}
