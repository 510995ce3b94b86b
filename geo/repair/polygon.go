package repair

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo"
)

// repairPolygon rebuilds polygon pi of the input: its rings are cleaned and
// split into simple loops; the result is the symmetric difference of the
// shell's loops (so a bow-tie keeps both lobes and a ring wound twice
// around an area leaves it out, as GEOS MakeValid does) minus the union of
// the holes' loops (a hole only ever removes area). A polygon that needs
// none of this is returned as it is. It returns no polygons when the shell
// is degenerate.
func repairPolygon(pi int, p orb.Polygon, notes *actionSet) ([]orb.Polygon, error) {
	var shells, holes []orb.Ring
	simple := true
	for ri, r := range p {
		c, cleanup := cleanRing(r)
		cleanup.note(pi, ri, notes)
		if c == nil {
			notes.add(ActionDroppedDegenerateRing, fmt.Sprintf("polygon %d ring %d", pi, ri))
			if ri == 0 {
				return nil, nil
			}
			continue
		}
		notes.someRingHasArea = true
		if a := doubleSignedArea(c); (ri == 0 && a < 0) || (ri > 0 && a > 0) {
			notes.add(ActionReoriented, fmt.Sprintf("polygon %d ring %d", pi, ri))
		}
		loops, split := splitRing(c)
		if split {
			simple = false
			notes.add(ActionSplitSelfIntersection, fmt.Sprintf("polygon %d ring %d into %d", pi, ri, len(loops)))
		}
		if ri == 0 {
			shells = append(shells, loops...)
		} else {
			holes = append(holes, loops...)
		}
	}
	if len(shells) == 0 {
		return nil, nil
	}
	if simple {
		kept := geo.NormalizeGeometry(orb.Polygon(append([]orb.Ring{shells[0]}, holes...)))
		if geo.ValidateGeometryWith(kept, geo.ClassPolygon, geo.ValidateOptions{MaxVertices: -1}) == nil {
			return []orb.Polygon{kept.(orb.Polygon)}, nil
		}
	}
	shell, err := xorRings(shells)
	if err != nil {
		return nil, fmt.Errorf("polygon %d shell: %w", pi, err)
	}
	if len(holes) == 0 {
		return shell, nil
	}
	hole, err := unionRings(holes)
	if err != nil {
		return nil, fmt.Errorf("polygon %d holes: %w", pi, err)
	}
	out, err := difference(shell, hole)
	if err != nil {
		return nil, fmt.Errorf("polygon %d: %w", pi, err)
	}
	// Holes inside their shell and apart from each other remove exactly
	// their own area; anything else means they were merged or clipped.
	var holeSum float64
	for _, h := range holes {
		holeSum += math.Abs(doubleSignedArea(h)) / 2
	}
	removed := planarArea(shell) - planarArea(out)
	if math.Abs(removed-holeSum) > 1e-9*math.Max(holeSum, planarArea(shell)) {
		notes.add(ActionClippedHoles, fmt.Sprintf("polygon %d: holes cut %.3g%% of their area", pi, 100*removed/holeSum))
	}
	return out, nil
}

// planarArea sums the planar areas of valid polygons (shell minus holes).
func planarArea(ps []orb.Polygon) float64 {
	sum := 0.0
	for _, p := range ps {
		for i, r := range p {
			a := math.Abs(doubleSignedArea(r)) / 2
			if i > 0 {
				a = -a
			}
			sum += a
		}
	}
	return sum
}

func planarAreaOf(g orb.Geometry) float64 { return planarArea(polygonsFromGeometry(g)) }
