package trucks

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/paulmach/orb"
)

// Trip parameters.
const (
	minSpeedKMH   = 40.0
	maxSpeedKMH   = 60.0
	minTripM      = 12_000.0
	maxTripM      = 30_000.0
	approachM     = 8_000.0 // driven before entering a coal-ban zone
	insideM       = 1_500.0 // driven inside it
	detourStartM  = 4_000.0 // where an off-route truck leaves its route
	detourRampM   = 300.0   // how long it takes to get sideways
	minDetourM    = 300.0   // sideways distance
	maxDetourM    = 600.0
	minDetourLenM = 1_000.0 // how long it stays away
	maxDetourLenM = 2_000.0
	offRouteClear = 2.0 // an off-route truck ends this many corridor widths from every route
	maxAttempts   = 200
)

// truck builds the track (positions without times) of one truck of kind k.
func (reg *region) truck(rng *rand.Rand, k Kind) (Truck, error) {
	step := (minSpeedKMH + rng.Float64()*(maxSpeedKMH-minSpeedKMH)) / 3.6 * Interval.Seconds()
	for range maxAttempts {
		r := &reg.routes[rng.IntN(len(reg.routes))]
		var t Truck
		var ok bool
		switch k {
		case Compliant:
			t, ok = reg.compliant(rng, r, step)
		case EntersCoalBan:
			t, ok = reg.entering(rng, r, step)
		case OffRoute:
			t, ok = reg.offRoute(rng, r, step)
		}
		if ok {
			t.Kind, t.Road = k, r.id
			return t, nil
		}
	}
	return Truck{}, fmt.Errorf("demo trucks: no place for a %s truck in %d attempts", k, maxAttempts)
}

// clearStretch picks an interval of r at least minTripM long, well clear of
// coal-ban zones, and a trip length and start within it.
func clearStretch(rng *rand.Rand, r *route) (s0, length float64, ok bool) {
	var long [][2]float64
	for _, c := range r.clear {
		if c[1]-c[0] >= minTripM {
			long = append(long, c)
		}
	}
	if len(long) == 0 {
		return 0, 0, false
	}
	c := long[rng.IntN(len(long))]
	length = math.Min(c[1]-c[0], minTripM+rng.Float64()*(maxTripM-minTripM))
	return c[0] + rng.Float64()*(c[1]-c[0]-length), length, true
}

// along samples the route from s0 for length metres every step metres,
// forward or backward, and moves each sample sideways by side(d), where d
// is the distance driven.
func along(r *route, s0, length, step float64, forward bool, side func(d float64) float64) []Position {
	var track []Position
	for d := 0.0; d <= length; d += step {
		s := s0 + d
		if !forward {
			s = s0 + length - d
		}
		p := r.path.at(s)
		if off := side(d); off != 0 {
			e, n := r.path.normal(s)
			p = offset(p, e*off, n*off)
		}
		track = append(track, Position{At: p})
	}
	return track
}

func noSide(float64) float64 { return 0 }

// compliant drives a clear stretch of r on its centre line.
func (reg *region) compliant(rng *rand.Rand, r *route, step float64) (Truck, bool) {
	s0, length, ok := clearStretch(rng, r)
	if !ok {
		return Truck{}, false
	}
	t := Truck{Track: along(r, s0, length, step, rng.IntN(2) == 0, noSide)}
	for _, p := range t.Track {
		if insideAny(reg.coalBan, p.At) {
			return Truck{}, false
		}
	}
	return t, true
}

// entering drives r towards one of its coal-ban entries and on into the
// zone.
func (reg *region) entering(rng *rand.Rand, r *route, step float64) (Truck, bool) {
	if len(r.entries) == 0 {
		return Truck{}, false
	}
	e := r.entries[rng.IntN(len(r.entries))]
	s0 := math.Max(0, e-approachM*(0.75+rng.Float64()/2))
	end := math.Min(r.path.length(), e+insideM)
	t := Truck{Track: along(r, s0, end-s0, step, true, noSide)}
	for _, p := range t.Track {
		if insideAny(reg.coalBan, p.At) {
			return t, true
		}
	}
	return Truck{}, false
}

// offRoute drives a clear stretch of r and leaves it sideways on the way.
func (reg *region) offRoute(rng *rand.Rand, r *route, step float64) (Truck, bool) {
	s0, length, ok := clearStretch(rng, r)
	if !ok {
		return Truck{}, false
	}
	dist := minDetourM + rng.Float64()*(maxDetourM-minDetourM)
	if rng.IntN(2) == 0 {
		dist = -dist
	}
	hold := minDetourLenM + rng.Float64()*(maxDetourLenM-minDetourLenM)
	side := func(d float64) float64 {
		x := d - detourStartM
		switch {
		case x <= 0 || x >= 2*detourRampM+hold:
			return 0
		case x < detourRampM:
			return dist * x / detourRampM
		case x > detourRampM+hold:
			return dist * (2*detourRampM + hold - x) / detourRampM
		}
		return dist
	}
	t := Truck{Track: along(r, s0, length, step, true, side), OffRouteM: math.Abs(dist)}
	left := false
	for _, p := range t.Track {
		if insideAny(reg.coalBan, p.At) {
			return Truck{}, false
		}
		left = left || reg.awayFromRoutes(p.At, offRouteClear*r.corridor)
	}
	return t, left
}

// awayFromRoutes reports whether p is more than m metres from every route.
func (reg *region) awayFromRoutes(p orb.Point, m float64) bool {
	for _, l := range reg.allLines {
		if distanceToLine(p, l) <= m {
			return false
		}
	}
	return true
}
