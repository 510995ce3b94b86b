package main

import (
	"math"

	"github.com/paulmach/orb"
)

// banded is a polygon prepared for point-in-polygon tests: the edges of
// all its rings sorted into horizontal bands, so a test walks only the
// edges of the band the point's latitude falls in, instead of every edge
// (orb's planar test walks them all: 446 µs a point on the heavy stars).
// Tile38's geometry library, which the floor used, indexes its
// polygons' segments likewise. Rings of every part and hole count alike
// (even-odd), which is the polygon's interior for valid geometry.
type banded struct {
	minY, maxY, bandH float64
	pts               []orb.Point // edge i runs pts[i] to ends[i]
	ends              []orb.Point
	bands             [][]int32 // edge numbers per band
}

// prepare builds the bands of a Polygon or MultiPolygon: about one band
// per 8 edges, at most 1,024.
func prepare(g orb.Geometry) *banded {
	var rings []orb.Ring
	switch g := g.(type) {
	case orb.Polygon:
		rings = g
	case orb.MultiPolygon:
		for _, p := range g {
			rings = append(rings, p...)
		}
	}
	b := &banded{minY: math.Inf(1), maxY: math.Inf(-1)}
	for _, r := range rings {
		for i := 0; i+1 < len(r); i++ {
			b.pts, b.ends = append(b.pts, r[i]), append(b.ends, r[i+1])
			b.minY, b.maxY = min(b.minY, r[i][1]), max(b.maxY, r[i][1])
		}
	}
	n := max(1, min(len(b.pts)/8, 1024))
	b.bands = make([][]int32, n)
	b.bandH = (b.maxY - b.minY) / float64(n)
	if b.bandH == 0 {
		b.bandH = 1
	}
	for i := range b.pts {
		lo, hi := b.band(min(b.pts[i][1], b.ends[i][1])), b.band(max(b.pts[i][1], b.ends[i][1]))
		for k := lo; k <= hi; k++ {
			b.bands[k] = append(b.bands[k], int32(i))
		}
	}
	return b
}

// band is the band holding latitude y, clamped to the bands.
func (b *banded) band(y float64) int {
	return min(max(int((y-b.minY)/b.bandH), 0), len(b.bands)-1)
}

// contains is the crossing-number test over the point's band.
func (b *banded) contains(p orb.Point) bool {
	if p[1] < b.minY || p[1] > b.maxY {
		return false
	}
	in := false
	for _, i := range b.bands[b.band(p[1])] {
		a, e := b.pts[i], b.ends[i]
		if (a[1] > p[1]) != (e[1] > p[1]) && p[0] < (e[0]-a[0])*(p[1]-a[1])/(e[1]-a[1])+a[0] {
			in = !in
		}
	}
	return in
}
