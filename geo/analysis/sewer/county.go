package sewer

import (
	"cmp"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/zonegate/zonegate/geo"
)

// County is one reporting unit of Coverage: an administrative boundary and
// the built-up area that belongs to it, both in lon/lat.
type County struct {
	ID, Name string
	Boundary orb.MultiPolygon
	BuiltUp  orb.MultiPolygon
}

// CountiesFromZones builds the reporting units from admin zones (one
// County per zone with polygon geometry, sorted by id) and built-up zones.
// Each built-up polygon belongs to the county that contains most of its
// shell's vertices (the first such county on a tie); a polygon no county
// contains any vertex of is left out.
func CountiesFromZones(counties, builtUp []*geo.Zone) []County {
	var out []County
	for _, z := range counties {
		if mp := asMultiPolygon(z.Geometry); len(mp) > 0 {
			out = append(out, County{ID: z.ID, Name: z.Name, Boundary: mp})
		}
	}
	slices.SortFunc(out, func(a, b County) int { return cmp.Compare(a.ID, b.ID) })
	bounds := make([]orb.Bound, len(out))
	for i := range out {
		bounds[i] = out[i].Boundary.Bound()
	}
	for _, z := range builtUp {
		for _, poly := range asMultiPolygon(z.Geometry) {
			best, bestN := -1, 0
			for i := range out {
				n := 0
				for _, p := range poly[0] {
					if bounds[i].Contains(p) && planar.MultiPolygonContains(out[i].Boundary, p) {
						n++
					}
				}
				if n > bestN {
					best, bestN = i, n
				}
			}
			if best >= 0 {
				out[best].BuiltUp = append(out[best].BuiltUp, poly)
			}
		}
	}
	return out
}

// asMultiPolygon returns polygon geometry as a MultiPolygon, anything else
// as nil. Empty polygons are dropped.
func asMultiPolygon(g orb.Geometry) orb.MultiPolygon {
	mp, _ := geo.MultiPolygonOf(g)
	out := mp[:0:0]
	for _, p := range mp {
		if len(p) > 0 && len(p[0]) > 0 {
			out = append(out, p)
		}
	}
	return out
}
