// Package trucks generates the demo's coal-truck tracks: a deterministic
// fleet driving the designated coal routes of the synthetic demo region
// (data/demo), most of them compliant, some entering a coal-ban zone and
// some leaving their route for a few hundred metres, with a position every
// 30 seconds. It is pure: the same Config always gives the same fleet, on
// every machine, with no clock and no I/O.
package trucks

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/data/demo"
	"github.com/zonegate/zonegate/geo"
)

// Kind is what a demo truck does.
type Kind string

// The kinds of demo trucks.
const (
	// Compliant trucks stay on one designated route, on its centre line,
	// and never enter a coal-ban zone (they may pass burn-ban zones).
	Compliant Kind = "compliant"
	// EntersCoalBan trucks follow a route into a county seat's coal-ban
	// zone and stop about a kilometre and a half inside.
	EntersCoalBan Kind = "enters_coal_ban"
	// OffRoute trucks follow a route outside coal-ban zones, leave it
	// sideways by 300–600 m for one to two kilometres, and come back.
	OffRoute Kind = "off_route"
)

// Interval is the time between two positions of a truck.
const Interval = 30 * time.Second

// DefaultSeed is the PCG seed of the demo fleet.
const DefaultSeed = 0x636f616c // "coal"

// DefaultStart is when the demo fleet starts driving:
// 2020-11-02T08:00:00+08:00, a Monday inside the road-check campaign.
var DefaultStart = time.Date(2020, 11, 2, 0, 0, 0, 0, time.UTC)

// Config chooses the fleet. Zero fields take the defaults.
type Config struct {
	Seed          uint64    // 0: DefaultSeed
	Start         time.Time // first departure; zero: DefaultStart
	Compliant     int       // 0: 22
	EntersCoalBan int       // 0: 4
	OffRoute      int       // 0: 4
}

// Position is one reported position of a truck (WGS84).
type Position struct {
	Time time.Time `json:"time"`
	At   orb.Point `json:"at"`
}

// Truck is one demo truck and its track. Positions are Interval apart, in
// time order; every Time is Start plus a multiple of Interval.
type Truck struct {
	Plate string `json:"plate"`
	Kind  Kind   `json:"kind"`
	Road  string `json:"road"` // id of the coal route it drives
	Cargo string `json:"cargo"`
	// OffRouteM is, for OffRoute trucks, how far it leaves the route.
	OffRouteM float64    `json:"off_route_m,omitempty"`
	Track     []Position `json:"track"`
	// Checks are the station checks of the truck, in time order: one at
	// its closest approach to every demo checkpoint it passes within
	// CheckRadiusM. All carry the truck's one load.
	Checks []Check `json:"checks,omitempty"`
}

// LineString returns the track as a line.
func (t *Truck) LineString() orb.LineString {
	ls := make(orb.LineString, len(t.Track))
	for i, p := range t.Track {
		ls[i] = p.At
	}
	return ls
}

// region is what the generator needs from the demo region.
type region struct {
	routes      []route
	coalBan     []area
	allLines    []orb.LineString // every route line, for off-route checks
	checkpoints []checkpoint     // in the demo region's zone order
}

type route struct {
	id       string
	path     path
	corridor float64
	clear    [][2]float64 // arc intervals well clear of coal-ban zones
	entries  []float64    // arcs where the line enters a coal-ban zone
}

// Generate returns the demo fleet with its station checks (see Check):
// the compliant trucks first, then those entering coal-ban zones, then the
// off-route ones. It fails only if the
// demo region offers no place for a kind of truck, which would be a bug.
func Generate(cfg Config) ([]Truck, error) {
	if cfg.Seed == 0 {
		cfg.Seed = DefaultSeed
	}
	if cfg.Start.IsZero() {
		cfg.Start = DefaultStart
	}
	counts := []struct {
		kind Kind
		n    int
	}{{Compliant, orDefault(cfg.Compliant, 22)}, {EntersCoalBan, orDefault(cfg.EntersCoalBan, 4)}, {OffRoute, orDefault(cfg.OffRoute, 4)}}
	reg := demoRegion()
	rng := rand.New(rand.NewPCG(cfg.Seed, 1))
	var fleet []Truck
	for _, c := range counts {
		for range c.n {
			t, err := reg.truck(rng, c.kind)
			if err != nil {
				return nil, err
			}
			// Departures spread over the first 20 minutes, on the 30 s grid.
			start := cfg.Start.Add(time.Duration(rng.IntN(40)) * Interval)
			for i := range t.Track {
				t.Track[i].Time = start.Add(time.Duration(i) * Interval)
			}
			t.Plate = plate(rng, len(fleet))
			t.Cargo = "coal"
			fleet = append(fleet, t)
		}
	}
	reg.addChecks(fleet, cfg.Seed)
	return fleet, nil
}

func orDefault(v, def int) int {
	if v <= 0 {
		return def
	}
	return v
}

// plate makes a Linfen (晋L) plate, unique by the fleet index i.
func plate(rng *rand.Rand, i int) string {
	const letters = "ABCDEFGHJKMNPQRSTUVWXYZ"
	return fmt.Sprintf("晋L·%c%c%03d", letters[rng.IntN(len(letters))], letters[i%len(letters)], 100+rng.IntN(900))
}

// demoRegion extracts the coal routes and coal-ban zones of the demo region.
func demoRegion() *region {
	_, zones := demo.Region()
	reg := &region{}
	for _, z := range zones {
		switch {
		case z.Kind == geo.KindCoalBan:
			reg.coalBan = append(reg.coalBan, area{bound: z.Geometry.Bound(), geom: z.Geometry})
		case z.Kind == geo.KindCheckpoint && z.Layer == demo.LayerCheckpoints:
			if p, ok := z.Geometry.(orb.Point); ok {
				reg.checkpoints = append(reg.checkpoints, checkpoint{id: z.ID, at: p})
			}
		case z.Kind == geo.KindCoalRoute:
			line, ok := z.Geometry.(orb.LineString)
			if !ok || len(line) < 2 {
				continue
			}
			corridor, _ := z.Properties["corridor_m"].(float64)
			if corridor <= 0 {
				corridor = 50
			}
			reg.routes = append(reg.routes, route{id: z.ID, path: newPath(line), corridor: corridor})
			reg.allLines = append(reg.allLines, line)
		}
	}
	for i := range reg.routes {
		reg.routes[i].scan(reg.coalBan)
	}
	return reg
}

// Scanning parameters: sample spacing along a route and how far a clear
// interval keeps from the nearest coal-ban sample.
const (
	scanStepM   = 25.0
	clearMargin = 800.0
)

// scan samples the route every scanStepM and records where it enters
// coal-ban zones and the intervals that stay clearMargin away from them
// (measured along the route).
func (r *route) scan(coalBan []area) {
	n := int(r.path.length()/scanStepM) + 1
	in := make([]bool, n+1)
	for k := 0; k <= n; k++ {
		in[k] = insideAny(coalBan, r.path.at(float64(k)*scanStepM))
	}
	runStart := -1
	flush := func(end int) {
		lo, hi := float64(runStart)*scanStepM, float64(end)*scanStepM
		if runStart > 0 {
			lo += clearMargin
		}
		if end < n {
			hi -= clearMargin
		}
		if hi > lo {
			r.clear = append(r.clear, [2]float64{lo, hi})
		}
	}
	for k := 0; k <= n; k++ {
		switch {
		case !in[k] && runStart < 0:
			runStart = k
		case in[k] && runStart >= 0:
			flush(k - 1)
			runStart = -1
			r.entries = append(r.entries, float64(k)*scanStepM)
		}
	}
	if runStart >= 0 {
		flush(n)
	}
}
