package demo

import (
	"math"
	"math/rand/v2"
	"slices"

	"github.com/paulmach/orb"
)

// countyMidLat is the latitude whose cosine scales longitude for the
// county construction, so the cells are Voronoi cells on the ground.
const countyMidLat = 36.2

// snapEps merges vertices that clipping computed twice (once from each
// side of a border) and that differ only by rounding error.
const snapEps = 1e-9

// borderAmp is the relative amplitude of the wiggle given to shared county
// borders (see wiggle); borderStepKM is the target length of their pieces.
const (
	borderAmp    = 0.06
	borderStepKM = 2.5
)

// countyCells returns one polygon per seat (same order): the seat's Voronoi
// cell clipped to the outline, with every border shared by two cells
// replaced by one wiggly polyline that both cells use, so the cells tile the
// outline without gaps or overlaps.
func countyCells(seats []seat, outline orb.Ring, rng *rand.Rand) []orb.Polygon {
	xs := math.Cos(countyMidLat * math.Pi / 180)
	open := outline[:len(outline)-1]
	cells := make([][]orb.Point, len(seats))
	for i := range seats {
		cell := slices.Clone([]orb.Point(open))
		si := orb.Point{seats[i].lon, seats[i].lat}
		for j := range seats {
			if j != i {
				cell = clipHalfPlane(cell, si, orb.Point{seats[j].lon, seats[j].lat}, xs)
			}
		}
		cells[i] = cell
	}
	snapVertices(cells)
	return wiggleBorders(cells, rng, xs)
}

// clipHalfPlane clips the open ring poly (Sutherland–Hodgman) to the points
// at least as close to si as to sj, distances measured with longitude scaled
// by xs. The result is correct when the clipped region is connected, which
// the tests check for the shipped outline.
func clipHalfPlane(poly []orb.Point, si, sj orb.Point, xs float64) []orb.Point {
	d := orb.Point{(sj[0] - si[0]) * xs * xs, sj[1] - si[1]}
	m := orb.Point{(si[0] + sj[0]) / 2, (si[1] + sj[1]) / 2}
	side := func(p orb.Point) float64 { return d[0]*(p[0]-m[0]) + d[1]*(p[1]-m[1]) }
	cross := func(p, q orb.Point, fp, fq float64) orb.Point {
		t := fp / (fp - fq)
		return orb.Point{p[0] + t*(q[0]-p[0]), p[1] + t*(q[1]-p[1])}
	}
	out := make([]orb.Point, 0, len(poly)+2)
	for k, cur := range poly {
		prev := poly[(k+len(poly)-1)%len(poly)]
		fp, fc := side(prev), side(cur)
		switch {
		case fc <= 0 && fp > 0:
			out = append(out, cross(prev, cur, fp, fc), cur)
		case fc <= 0:
			out = append(out, cur)
		case fp < 0:
			out = append(out, cross(prev, cur, fp, fc))
		}
	}
	return out
}

// snapVertices replaces every vertex by the first vertex met (in cell and
// ring order) within snapEps of it, so a corner shared by several cells is
// bit-identical in all of them, then drops repeated consecutive vertices.
func snapVertices(cells [][]orb.Point) {
	var canon []orb.Point
	for ci, cell := range cells {
		out := cell[:0]
		for _, p := range cell {
			q, found := p, false
			for _, c := range canon {
				if math.Abs(c[0]-p[0]) < snapEps && math.Abs(c[1]-p[1]) < snapEps {
					q, found = c, true
					break
				}
			}
			if !found {
				canon = append(canon, p)
			}
			if len(out) == 0 || out[len(out)-1] != q {
				out = append(out, q)
			}
		}
		for len(out) > 1 && out[0] == out[len(out)-1] {
			out = out[:len(out)-1]
		}
		cells[ci] = out
	}
}

// wiggleBorders closes and rounds every cell, inserting the same wiggle
// points into both copies of each shared border (in opposite directions).
func wiggleBorders(cells [][]orb.Point, rng *rand.Rand, xs float64) []orb.Polygon {
	type edge = [2]orb.Point
	directed := make(map[edge]bool)
	for _, cell := range cells {
		for k, a := range cell {
			directed[edge{a, cell[(k+1)%len(cell)]}] = true
		}
	}
	wiggles := make(map[edge][]orb.Point)
	polys := make([]orb.Polygon, len(cells))
	for ci, cell := range cells {
		ring := make(orb.Ring, 0, 4*len(cell))
		for k, a := range cell {
			b := cell[(k+1)%len(cell)]
			ring = append(ring, roundPoint(a))
			if !directed[edge{b, a}] {
				continue // on the outline
			}
			key, forward := edge{a, b}, true
			if b[0] < a[0] || (b[0] == a[0] && b[1] < a[1]) {
				key, forward = edge{b, a}, false
			}
			pts, ok := wiggles[key]
			if !ok {
				km := math.Hypot((key[1][0]-key[0][0])*xs, key[1][1]-key[0][1]) * kmPerDegLat
				pts = wiggle(rng, key[0], key[1], segmentsFor(km, borderStepKM, 2, 24), borderAmp, xs)
				for i := range pts {
					pts[i] = roundPoint(pts[i])
				}
				wiggles[key] = pts
			}
			if forward {
				ring = append(ring, pts...)
			} else {
				for i := len(pts) - 1; i >= 0; i-- {
					ring = append(ring, pts[i])
				}
			}
		}
		polys[ci] = orb.Polygon{append(ring, ring[0])}
	}
	return polys
}
