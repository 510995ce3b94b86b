package trucks

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/paulmach/orb"
	orbgeo "github.com/paulmach/orb/geo"
)

// CheckRadiusM is how close (haversine metres) a truck must come to a
// published checkpoint to be checked there.
const CheckRadiusM = 150.0

// checkRouteLen is how many positions a check's route holds at most: the
// truck's last positions ending at the checked position.
const checkRouteLen = 5

// Cargo is what a checked truck declares it carries.
type Cargo struct {
	Fuel      string  `json:"fuel"`
	SulfurPct float64 `json:"sulfur_pct"`
	AshPct    float64 `json:"ash_pct"`
}

// Documents are the papers a checked truck carries.
type Documents struct {
	SupplyContract bool `json:"supply_contract"`
	QualityReport  bool `json:"quality_report"`
}

// Check is one simulated station check: a truck passing within
// CheckRadiusM of a demo checkpoint, checked at its closest approach.
type Check struct {
	Station string    `json:"station"` // the checkpoint's zone id
	Plate   string    `json:"plate"`
	Time    time.Time `json:"time"` // simulated time, a whole second
	At      orb.Point `json:"at"`   // the truck's position at Time
	// Route is the truck's last positions ending at At (up to five
	// points); nil when the check is at the track's first position.
	Route     orb.LineString `json:"route,omitempty"`
	DistanceM float64        `json:"distance_m"` // haversine, At to the checkpoint
	Cargo     Cargo          `json:"cargo"`
	Documents Documents      `json:"documents"`
}

// Load profiles of checked trucks. Most loads are compliant; every
// loadCycle-th checked truck lacks a quality report and another one
// carries coal above the 0.5 % sulfur limit, so denials appear.
const (
	loadCycle      = 5
	loadNoReport   = 3 // positions in the cycle
	loadHighSulfur = 1
)

// checkpoint is a published demo checkpoint.
type checkpoint struct {
	id string
	at orb.Point
}

// Checks returns the checks of the whole fleet in time order (then by
// station and plate).
func Checks(fleet []Truck) []Check {
	var all []Check
	for _, t := range fleet {
		all = append(all, t.Checks...)
	}
	slices.SortStableFunc(all, func(a, b Check) int {
		if c := a.Time.Compare(b.Time); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Station, b.Station); c != 0 {
			return c
		}
		return cmp.Compare(a.Plate, b.Plate)
	})
	return all
}

// addChecks fills the Checks of every truck of the fleet. The load of the
// j-th truck that is checked at all follows the load cycle; its values
// come from a PCG stream of seed and the truck's fleet index.
func (reg *region) addChecks(fleet []Truck, seed uint64) {
	j := 0
	for i := range fleet {
		t := &fleet[i]
		for _, cp := range reg.checkpoints {
			if c, ok := closestApproach(t, cp); ok {
				t.Checks = append(t.Checks, c)
			}
		}
		if len(t.Checks) == 0 {
			continue
		}
		slices.SortFunc(t.Checks, func(a, b Check) int {
			if c := a.Time.Compare(b.Time); c != 0 {
				return c
			}
			return cmp.Compare(a.Station, b.Station)
		})
		cargo, docs := load(rand.New(rand.NewPCG(seed, 1000+uint64(i))), j%loadCycle)
		for k := range t.Checks {
			t.Checks[k].Cargo, t.Checks[k].Documents = cargo, docs
		}
		j++
	}
}

// load draws a truck's cargo and documents for its place in the cycle.
func load(rng *rand.Rand, slot int) (Cargo, Documents) {
	c := Cargo{Fuel: "coal", SulfurPct: round(0.20+0.25*rng.Float64(), 2), AshPct: round(6+3.5*rng.Float64(), 1)}
	d := Documents{SupplyContract: true, QualityReport: true}
	switch slot {
	case loadNoReport:
		d.QualityReport = false
	case loadHighSulfur:
		c.SulfurPct = round(0.62+0.3*rng.Float64(), 2)
	}
	return c, d
}

func round(v float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(v*p) / p
}

// closestApproach finds where t's track (positions joined by straight
// segments, driven at constant speed) comes closest to cp, at a whole
// second, and returns the check there when it is within CheckRadiusM.
func closestApproach(t *Truck, cp checkpoint) (Check, bool) {
	if len(t.Track) == 0 {
		return Check{}, false
	}
	bestI, bestF, bestD := 0, 0.0, math.Inf(1)
	kx := mPerDegLon * math.Cos(cp.at[1]*math.Pi/180)
	for i := 0; i+1 < len(t.Track); i++ {
		a, b := t.Track[i].At, t.Track[i+1].At
		ax, ay := (a[0]-cp.at[0])*kx, (a[1]-cp.at[1])*mPerDegLat
		dx, dy := (b[0]-a[0])*kx, (b[1]-a[1])*mPerDegLat
		f := 0.0
		if l2 := dx*dx + dy*dy; l2 > 0 {
			f = math.Max(0, math.Min(1, -(ax*dx+ay*dy)/l2))
		}
		if d := math.Hypot(ax+f*dx, ay+f*dy); d < bestD {
			bestI, bestF, bestD = i, f, d
		}
	}
	if len(t.Track) == 1 {
		bestD = orbgeo.DistanceHaversine(t.Track[0].At, cp.at)
	}
	if bestD > 2*CheckRadiusM {
		return Check{}, false
	}
	// Whole seconds: the time and the position move together.
	secs := math.Round(bestF * Interval.Seconds())
	if secs >= Interval.Seconds() {
		bestI, secs = bestI+1, 0
	}
	p := t.Track[bestI].At
	if secs > 0 {
		f := secs / Interval.Seconds()
		a, b := t.Track[bestI].At, t.Track[bestI+1].At
		p = orb.Point{a[0] + f*(b[0]-a[0]), a[1] + f*(b[1]-a[1])}
	}
	dist := orbgeo.DistanceHaversine(p, cp.at)
	if dist > CheckRadiusM {
		return Check{}, false
	}
	c := Check{Station: cp.id, Plate: t.Plate, Time: t.Track[bestI].Time.Add(time.Duration(secs) * time.Second),
		At: p, DistanceM: round(dist, 1)}
	var route orb.LineString
	for k := max(0, bestI-(checkRouteLen-1)); k <= bestI; k++ {
		route = append(route, t.Track[k].At)
	}
	if secs > 0 {
		route = append(route, p)
	}
	if len(route) > checkRouteLen {
		route = route[len(route)-checkRouteLen:]
	}
	if len(route) >= 2 {
		c.Route = route
	}
	return c, true
}
