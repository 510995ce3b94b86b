package demo

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo"
)

// Street-sewer grid parameters (see streetGrid).
const (
	streetHalfFrac  = 0.68 // the grid spans ±0.68·safe km around the seat
	streetSpacingKM = 0.7  // target spacing of parallel streets
	streetMaxPerDir = 12
)

// streetGrid draws the street sewers of a county town: north–south and
// east–west streets on a square grid of half-side 0.68·safe km (its
// corners stay within 0.97·safe, inside the built-up star's inscribed
// disc). The north-east quadrant is left unserved: streets east of the
// centre stop at the centre line going north, streets north of it stop at
// it going east. Streets run west to east, then south to north, in that
// order. No randomness is used, so the other shapes do not move.
func streetGrid(f frame, safe float64) []orb.LineString {
	half := streetHalfFrac * safe
	n := min(streetMaxPerDir, int(2*half/streetSpacingKM)+1)
	n = max(n, 2)
	step := 2 * half / float64(n-1)
	var lines []orb.LineString
	for k := range n { // north–south streets
		x := -half + float64(k)*step
		top := half
		if x > 1e-9 {
			top = 0
		}
		lines = append(lines, orb.LineString{f.at(x, -half), f.at(x, top)})
	}
	for k := range n { // east–west streets
		y := -half + float64(k)*step
		right := half
		if y > 1e-9 {
			right = 0
		}
		lines = append(lines, orb.LineString{f.at(-half, y), f.at(right, y)})
	}
	return lines
}

// separateShare is the share of a town's street sewers already converted
// to the separate system. It is made up so that 尧都区 and some county
// towns meet their targets (40 % and 30 %) and others do not.
func separateShare(adcode int) float64 {
	if adcode == 141002 {
		return 0.5
	}
	return float64(adcode*7%11) / 20 // 0 … 0.5
}

// addSewers adds the trunk sewers (to the plant) and the street sewers of
// one county seat. Trunk 1 is combined, the others separate; the first
// round(share·n) of the n streets are separate, the rest combined. Every
// line carries "system", "diameter_mm" and "role" (trunk or street).
func addSewers(s seat, set settlement,
	add func(layer string, kind geo.Kind, id, name string, props map[string]any, g orb.Geometry)) {
	for t, line := range set.sewers {
		p := enName(countyProps(s), fmt.Sprintf("%s trunk sewer %d (synthetic)", s.nameEN, t+1))
		p["system"], p["diameter_mm"], p["role"] = "separate", 800.0, "trunk"
		if t == 0 {
			p["system"], p["diameter_mm"] = "combined", 1200.0
		}
		add(LayerSewerNetwork, geo.KindSewerNetwork, fmt.Sprintf("sw-%d-%02d", s.adcode, t+1),
			fmt.Sprintf("%s污水干管%d号（模拟）", s.name, t+1), p, line)
	}
	separate := int(math.Round(separateShare(s.adcode) * float64(len(set.streets))))
	for t, line := range set.streets {
		p := enName(countyProps(s), fmt.Sprintf("%s street sewer %d (synthetic)", s.nameEN, t+1))
		p["system"], p["diameter_mm"], p["role"] = "combined", 600.0, "street"
		if t < separate {
			p["system"], p["diameter_mm"] = "separate", 400.0
		}
		add(LayerSewerNetwork, geo.KindSewerNetwork, fmt.Sprintf("sw-%d-s%02d", s.adcode, t+1),
			fmt.Sprintf("%s污水支管%d号（模拟）", s.name, t+1), p, line)
	}
}
