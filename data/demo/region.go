// Package demo generates zonegate's demo data: a synthetic region shaped
// like Linfen (临汾市), Shanxi, with counties, built-up areas, coal-ban and
// burn-ban zones, designated coal routes, checkpoints, sewage plants and
// trunk sewers. Only the county names, adcodes and county-seat coordinates
// are real; every shape is made up, and every layer and zone says so.
//
// The output is a pure function of the code: a fixed PCG seed, no map
// iteration order, no clock, and coordinates rounded to 1e-7°.
package demo

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/zonegate/zonegate/geo"
)

// seed is the fixed first PCG seed word; the second word names the purpose
// (and county), so editing one part of the generator leaves the others be.
const seed = 0x6c696e66656e // "linfen"

// Second PCG seed words, one per generator stage.
const (
	streamCounties    = 1 << 32
	streamSettlements = 2 << 32 // + adcode
	streamRoutes      = 3 << 32 // + route index
)

// Layer ids of the demo region, in the order Region returns them.
const (
	LayerCounties     = "counties"
	LayerBuiltUp      = "built_up"
	LayerCoalBan      = "coal_ban"
	LayerBurnBan      = "burn_ban"
	LayerCoalRoutes   = "coal_routes"
	LayerCheckpoints  = "checkpoints"
	LayerSewerPlants  = "sewer_plants"
	LayerSewerNetwork = "sewer_network"
)

// gazetteFrom is the valid_from of the demo coal-ban and burn-ban zones:
// 2020-05-15T00:00:00+08:00, the gazette's preliminary delineation date,
// expressed in UTC.
var gazetteFrom = time.Date(2020, 5, 14, 16, 0, 0, 0, time.UTC)

// cityAdcode is the adcode of Linfen city, used as the "adcode" of zones
// that span counties (the coal routes).
const cityAdcode = 141000

// Region returns the demo layers and their zones, generated from a fixed
// seed. Every call returns new values that are identical on every call and
// machine, so callers may modify them. Zones are published, have Version 0
// (the store assigns versions), Kind equal to their layer's kind, and are
// ordered by layer, then by county adcode (routes in a fixed road order,
// checkpoints along their routes). Coal-ban and burn-ban zones are
// valid from 2020-05-15T00:00:00+08:00; all others always.
//
// Every zone's properties include "synthetic": true, "county" (Chinese
// name; 临汾市 for routes) and "adcode". Numbers in properties are float64,
// as they come back from any JSON round trip.
func Region() ([]geo.Layer, []*geo.Zone) {
	seats := seatTable()
	counties := countyCells(seats, outlineRing(), rand.New(rand.NewPCG(seed, streamCounties)))

	var zones []*geo.Zone
	add := func(layer string, kind geo.Kind, id, name string, props map[string]any, g orb.Geometry) {
		z := &geo.Zone{
			Layer: layer, ID: id, Kind: kind, Name: name, Properties: props, Geometry: g,
			Status: geo.StatusPublished,
		}
		if kind == geo.KindCoalBan || kind == geo.KindBurnBan {
			z.Validity.From = gazetteFrom
		}
		zones = append(zones, z)
	}

	for i, s := range seats {
		p := countyProps(s)
		p["name_en"] = s.nameEN
		add(LayerCounties, geo.KindAdmin, fmt.Sprint(s.adcode), s.name, p, counties[i])
	}
	sets := make([]settlement, len(seats))
	for i, s := range seats {
		sets[i] = buildSettlement(s, rand.New(rand.NewPCG(seed, streamSettlements+uint64(s.adcode))))
	}
	for i, s := range seats {
		add(LayerBuiltUp, geo.KindBuiltUp, fmt.Sprintf("bu-%d", s.adcode), s.name+"建成区（模拟）",
			enName(countyProps(s), s.nameEN+" built-up area (synthetic)"), sets[i].builtUp)
	}
	for i, s := range seats {
		add(LayerCoalBan, geo.KindCoalBan, fmt.Sprintf("cb-%d", s.adcode), s.name+"禁煤区",
			enName(countyProps(s), s.nameEN+" coal-ban zone (synthetic)"), sets[i].coalBan)
	}
	for i, s := range seats {
		p := enName(countyProps(s), s.nameEN+" burn-ban zone (synthetic)")
		if len(sets[i].burnBan) > 1 {
			p["excluded"] = "村庄（模拟） / village (synthetic)"
		}
		add(LayerBurnBan, geo.KindBurnBan, fmt.Sprintf("bb-%d", s.adcode), s.name+"禁燃区", p, sets[i].burnBan)
	}

	var sites []checkpointSite
	for r, def := range routeTable(seats) {
		line := drawRoute(rand.New(rand.NewPCG(seed, streamRoutes+uint64(r))), def.way)
		p := map[string]any{
			"synthetic": true, "county": "临汾市", "adcode": float64(cityAdcode),
			"road": def.road, "corridor_m": def.corridor(), "name_en": def.nameEN + " (synthetic)",
			"counties": traversed(counties, seats, line),
		}
		add(LayerCoalRoutes, geo.KindCoalRoute, def.road, def.nameZH+"运煤车辆行驶路线（模拟）", p, line)
		sites = append(sites, checkpointSites(def, line, counties, seats)...)
	}
	addCheckpoints(sites, seats, add)

	for i, s := range seats {
		p := enName(countyProps(s), s.nameEN+" sewage treatment plant (synthetic)")
		p["capacity_m3_per_day"] = s.plantM3
		add(LayerSewerPlants, geo.KindSewerPlant, fmt.Sprintf("sp-%d", s.adcode), s.name+"污水处理厂（模拟）", p, sets[i].plant)
	}
	for i, s := range seats {
		addSewers(s, sets[i], add) // sewers.go
	}
	addKilns(seats, add) // kilns.go
	return layers(), zones
}

// addCheckpoints numbers the sites per road and county and adds them.
func addCheckpoints(sites []checkpointSite, seats []seat,
	add func(layer string, kind geo.Kind, id, name string, props map[string]any, g orb.Geometry)) {
	seq := make(map[string]int)
	for _, c := range sites {
		if c.county < 0 {
			continue
		}
		s := seats[c.county]
		key := c.road + "-" + s.slug
		seq[key]++
		p := enName(countyProps(s), fmt.Sprintf("%s %s checkpoint %02d (synthetic)", c.road, s.nameEN, seq[key]))
		p["type"], p["road"] = c.typ, c.road
		add(LayerCheckpoints, geo.KindCheckpoint, fmt.Sprintf("%s-%02d", key, seq[key]),
			fmt.Sprintf("%s %s %02d号检查站（模拟）", c.road, s.name, seq[key]), p, c.at)
	}
}

// countyProps returns the properties every zone of a county carries.
func countyProps(s seat) map[string]any {
	return map[string]any{"synthetic": true, "county": s.name, "adcode": float64(s.adcode)}
}

// enName sets p["name_en"] and returns p.
func enName(p map[string]any, name string) map[string]any {
	p["name_en"] = name
	return p
}

// countyOf returns the index of the first county containing p, or -1.
func countyOf(counties []orb.Polygon, p orb.Point) int {
	for i, c := range counties {
		if c.Bound().Contains(p) && planar.PolygonContains(c, p) {
			return i
		}
	}
	return -1
}

// traversed lists, in order of first visit, the names of the counties that
// the vertices of line fall in.
func traversed(counties []orb.Polygon, seats []seat, line orb.LineString) []any {
	var names []any
	seen := make([]bool, len(seats))
	for _, p := range line {
		if c := countyOf(counties, p); c >= 0 && !seen[c] {
			seen[c] = true
			names = append(names, seats[c].name)
		}
	}
	return names
}
