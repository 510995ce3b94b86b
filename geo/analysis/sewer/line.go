package sewer

import (
	"cmp"
	"math"
	"slices"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/crs"
)

// System is the drainage system of a sewer line, read from the zone
// property "system".
type System string

// The drainage systems. A line whose "system" property is missing or
// names neither is SystemUnknown: it serves its surroundings (coverage)
// but counts in neither length of the conversion rate.
const (
	SystemCombined System = "combined" // 雨污合流: storm and foul water in one pipe
	SystemSeparate System = "separate" // 雨污分流: separate storm and foul sewers
	SystemUnknown  System = "unknown"
)

// ParseSystem maps a "system" property value to a System: the strings
// "combined" and "separate" (exactly) to themselves, anything else,
// including nil, to SystemUnknown.
func ParseSystem(v any) System {
	switch s, _ := v.(string); System(s) {
	case SystemCombined:
		return SystemCombined
	case SystemSeparate:
		return SystemSeparate
	}
	return SystemUnknown
}

// Line is one sewer feature: its identity, system and geometry in lon/lat.
type Line struct {
	Layer, ID, Name string
	System          System
	Geometry        orb.MultiLineString
}

// LinesFromZones returns the zones whose geometry is a LineString or
// MultiLineString as Lines, sorted by (layer, id); zones with other
// geometry (e.g. published coverage polygons of kind sewer_network) are
// skipped. Vertices with non-finite coordinates drop the zone.
func LinesFromZones(zones []*geo.Zone) []Line {
	var out []Line
	for _, z := range zones {
		var mls orb.MultiLineString
		switch g := z.Geometry.(type) {
		case orb.LineString:
			mls = orb.MultiLineString{g}
		case orb.MultiLineString:
			mls = g
		default:
			continue
		}
		if !finiteLines(mls) {
			continue
		}
		out = append(out, Line{Layer: z.Layer, ID: z.ID, Name: z.Name,
			System: ParseSystem(z.Properties["system"]), Geometry: mls})
	}
	slices.SortFunc(out, func(a, b Line) int {
		return cmp.Or(cmp.Compare(a.Layer, b.Layer), cmp.Compare(a.ID, b.ID))
	})
	return out
}

// finiteLines reports whether every coordinate of mls is finite.
func finiteLines(mls orb.MultiLineString) bool {
	for _, ls := range mls {
		for _, p := range ls {
			if !finite(p) {
				return false
			}
		}
	}
	return true
}

func finite(p orb.Point) bool {
	return !math.IsNaN(p[0]) && !math.IsNaN(p[1]) && !math.IsInf(p[0], 0) && !math.IsInf(p[1], 0)
}

// PlaneFor returns the metric plane the package measures in for data
// centred in b: the CGCS2000 3° Gauss–Krüger zone whose central meridian
// is nearest to b's centre (zone 37, EPSG:4525, for Linfen), or a
// transverse Mercator on the nearest 3° meridian where no zone applies
// (the western hemisphere). An empty bound yields the projection for its
// single point.
func PlaneFor(b orb.Bound) crs.TM {
	lon := b.Center()[0]
	if tm, err := crs.GaussKruger3(crs.Zone3(lon)); err == nil {
		return tm
	}
	return crs.TransverseMercator(3 * math.Round(lon/3))
}

// linesBound returns the bound of every vertex of lines (an empty bound at
// the origin when there are none).
func linesBound(lines []Line) orb.Bound {
	first := true
	var b orb.Bound
	for _, l := range lines {
		for _, ls := range l.Geometry {
			for _, p := range ls {
				if first {
					b, first = orb.Bound{Min: p, Max: p}, false
					continue
				}
				b = b.Extend(p)
			}
		}
	}
	return b
}

// planeSegments returns the segments of lines in the plane tm; segment.line
// indexes lines. Zero-length segments are kept (they still serve their
// point); single-vertex line strings become one degenerate segment.
func planeSegments(tm crs.TM, lines []Line) []segment {
	var segs []segment
	for i, l := range lines {
		for _, ls := range l.Geometry {
			if len(ls) == 0 {
				continue
			}
			prev := tm.Forward(ls[0])
			if len(ls) == 1 {
				segs = append(segs, segment{a: prev, b: prev, line: i})
			}
			for _, p := range ls[1:] {
				q := tm.Forward(p)
				segs = append(segs, segment{a: prev, b: q, line: i})
				prev = q
			}
		}
	}
	return segs
}
