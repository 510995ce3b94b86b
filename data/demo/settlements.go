package demo

import (
	"math"
	"math/rand/v2"

	"github.com/paulmach/orb"
)

// Settlement shape parameters (see newStar).
const (
	builtUpMinFrac  = 0.72 // built-up vertex radii lie in [0.72, 1]·builtUpKM
	burnBanMinFrac  = 0.85 // burn-ban vertex radii lie in [0.85, 1]·burnBanKM
	coalBanBufferKM = 1.0  // coal-ban = built-up pushed out 1 km along each ray
	holeMaxKM       = 1.2  // largest radius of the village hole in a burn-ban zone
	holeVertices    = 10
)

// settlement is the generated geometry around one county seat.
type settlement struct {
	builtUp orb.Polygon
	coalBan orb.Polygon      // contains builtUp
	burnBan orb.Polygon      // contains coalBan; may have one hole, clear of coalBan
	plant   orb.Point        // inside builtUp
	sewers  []orb.LineString // trunk sewers, ending at the plant
	streets []orb.LineString // street sewers (streetGrid)
}

// buildSettlement draws the settlement of s from rng.
//
// Containment holds by construction: the coal-ban star has the built-up
// star's angles with every radius 1 km longer; the burn-ban star's inscribed
// disc is wider than the coal-ban star's largest radius (the seat table is
// tuned for it); the hole lies in the annulus between the two; the plant and
// the sewers lie in the built-up star's inscribed disc.
func buildSettlement(s seat, rng *rand.Rand) settlement {
	f := newFrame(s.lon, s.lat)
	nBuilt, nBurn := 24, 32
	if s.builtUpKM >= 6 {
		nBuilt, nBurn = 48, 48
	}
	bu := newStar(rng, nBuilt, s.builtUpKM, builtUpMinFrac)
	cb := bu.grown(coalBanBufferKM)
	bb := newStar(rng, nBurn, s.burnBanKM, burnBanMinFrac)

	out := settlement{
		builtUp: orb.Polygon{bu.ring(f)},
		coalBan: orb.Polygon{cb.ring(f)},
		burnBan: orb.Polygon{bb.ring(f)},
	}
	if s.hole {
		inner, outer := cb.maxR(), bb.inscribed()
		d := (inner + outer) / 2
		rho := min(holeMaxKM, 0.4*(outer-inner))
		a := rng.Float64() * 2 * math.Pi
		out.burnBan = append(out.burnBan,
			circleRing(rng, f, d*math.Cos(a), d*math.Sin(a), rho, holeVertices))
	}

	safe := bu.inscribed()
	pa := rng.Float64() * 2 * math.Pi
	px, py := 0.4*safe*math.Cos(pa), 0.4*safe*math.Sin(pa)
	out.plant = f.at(px, py)
	out.sewers = trunkSewers(rng, f, s.trunks, safe, px, py)
	out.streets = streetGrid(f, safe)
	return out
}

// trunkSewers draws n trunk sewers that start 0.65·safe km from the centre,
// spread around it, and run with a slight bend to the plant at (px, py) km.
// Every vertex stays within 0.75·safe of the centre, so the lines stay in
// the disc of radius safe.
func trunkSewers(rng *rand.Rand, f frame, n int, safe, px, py float64) []orb.LineString {
	lines := make([]orb.LineString, 0, n)
	a0 := rng.Float64() * 2 * math.Pi
	for t := range n {
		a := a0 + 2*math.Pi*float64(t)/float64(n) + (rng.Float64()-0.5)*0.4
		sx, sy := 0.65*safe*math.Cos(a), 0.65*safe*math.Sin(a)
		dx, dy := px-sx, py-sy
		ln := math.Hypot(dx, dy)
		line := orb.LineString{f.at(sx, sy)}
		for _, u := range []float64{1.0 / 3, 2.0 / 3} {
			off := (rng.Float64()*2 - 1) * 0.08 * safe / ln
			line = append(line, f.at(sx+u*dx-off*dy, sy+u*dy+off*dx))
		}
		lines = append(lines, append(line, f.at(px, py)))
	}
	return lines
}
