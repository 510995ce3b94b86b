package tiles

import (
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
)

// draw writes g (lon/lat) clipped, simplified and snapped to the tile's
// integer grid into f.geom as MVT commands, and returns the MVT geometry
// type, or 0 when nothing of g is left to draw (f.geom then holds
// nothing). g is never modified. pz, when not nil, holds the prepared
// rings of g (a Polygon or MultiPolygon): they let clipping skip runs, and
// their levels stand in for the rings at low zoom.
func (f *frame) draw(g orb.Geometry, pz *preparedZone) int {
	f.geom.reset()
	switch g := g.(type) {
	case orb.Point:
		if !f.clip.Contains(g) {
			return 0
		}
		f.geom.points([]orb.Point{f.snap(f.project(g))})
		return geomPoint
	case orb.MultiPoint:
		pts := f.scratchP[:0]
		for _, p := range g {
			if f.clip.Contains(p) {
				pts = append(pts, f.snap(f.project(p)))
			}
		}
		f.scratchP = pts
		if len(pts) == 0 {
			return 0
		}
		f.geom.points(pts)
		return geomPoint
	case orb.LineString:
		return f.drawLines(f.line(nil, g))
	case orb.MultiLineString:
		var out orb.MultiLineString
		for _, l := range g {
			out = f.line(out, l)
		}
		return f.drawLines(out)
	case orb.Polygon:
		f.levels = pz != nil && pz.spec == f.spec
		if f.polygon(g, pz.rings(0)) {
			return geomPolygon
		}
	case orb.MultiPolygon:
		f.levels = pz != nil && pz.spec == f.spec
		drawn := false
		for i, p := range g {
			drawn = f.polygon(p, pz.rings(i)) || drawn
		}
		if drawn {
			return geomPolygon
		}
	}
	return 0
}

// drawLines writes ls and returns geomLineString, or 0 when ls is empty.
func (f *frame) drawLines(ls orb.MultiLineString) int {
	if len(ls) == 0 {
		return 0
	}
	for _, l := range ls {
		f.geom.line(l)
	}
	return geomLineString
}

// line appends to dst the drawable pieces of l inside the tile.
func (f *frame) line(dst orb.MultiLineString, l orb.LineString) orb.MultiLineString {
	if len(l) < 2 {
		return dst
	}
	b := boundOf(l)
	if !b.Intersects(f.clip) || f.diagonal(b) < f.minLen {
		return dst
	}
	parts := orb.MultiLineString{l}
	if !f.within(b) {
		parts = clip.LineString(f.clip, l) // allocates; l is not modified
	}
	for _, part := range parts {
		pts := f.dp.simplify(f.thinProject(f.scratchP[:0], part), f.tol)
		f.scratchP = pts
		out := orb.LineString(f.alloc(len(pts)))
		for _, p := range pts {
			q := f.snap(p)
			if len(out) > 0 && out[len(out)-1] == q {
				continue
			}
			out = append(out, q)
		}
		if len(out) < 2 || f.unitDiagonal(out.Bound()) < f.minLen {
			continue
		}
		dst = append(dst, out)
	}
	return dst
}

// unitDiagonal is the diagonal of a bound already in tile units.
func (f *frame) unitDiagonal(b orb.Bound) float64 {
	dx, dy := b.Max[0]-b.Min[0], b.Max[1]-b.Min[1]
	return dx + dy // ≥ the Euclidean diagonal; only compared with minLen
}

// polygon writes p's part in the tile and reports whether there is one.
// Holes too small to see are dropped; a hole covering the whole tile
// empties the polygon. prep is nil or holds p's prepared rings.
func (f *frame) polygon(p orb.Polygon, prep []preparedRing) bool {
	if len(p) == 0 || len(p[0]) == 0 {
		return false
	}
	pr := ringAt(prep, 0, p[0])
	sb := pr.bound
	if !sb.Intersects(f.clip) || f.area(sb) < f.minArea {
		return false
	}
	mark := f.geom.mark()
	if !f.drawRing(p[0], pr, true) {
		return false
	}
	for i, h := range p[1:] {
		if len(h) == 0 {
			continue
		}
		hr := ringAt(prep, i+1, h)
		hb := hr.bound
		if !hb.Intersects(f.clip) || f.area(hb) < f.minArea {
			continue
		}
		if f.covers(hb) {
			f.geom.rollback(mark)
			return false
		}
		f.drawRing(h, hr, false)
	}
	return true
}

// drawRing writes the ring r prepared as pr, from its level at the
// frame's zoom when it has one, and reports whether anything was left.
func (f *frame) drawRing(r orb.Ring, pr preparedRing, shell bool) bool {
	if f.levels && f.zoom < len(pr.levels) {
		return f.drawLevel(&pr.levels[f.zoom], shell)
	}
	out := f.ring(r, pr, shell)
	if out == nil {
		return false
	}
	f.geom.ring(out)
	return true
}

// ring clips, thins, projects, simplifies and snaps the lon/lat ring r
// prepared as pr. A ring with significance values is simplified (whole,
// before clipping) by them, others after clipping. It returns a closed ring with at least three distinct
// points and non-zero area, wound as MVT 2.1 asks (shell: positive area by
// the spec's formula, clockwise on screen; hole: negative), or nil.
func (f *frame) ring(r orb.Ring, pr preparedRing, shell bool) orb.Ring {
	src := []orb.Point(r)
	within := f.within(pr.bound)
	switch {
	case pr.sig != nil && within:
		src = keepSig(src, pr.sig, f.sigThr2, f.scratchC[:0])
		f.scratchC = src
	case pr.sig != nil:
		src = collapseSig(src, pr.runs, pr.sig, f.clip, f.sigThr2, f.scratchC[:0])
		f.scratchC = src
	case pr.runs != nil && !within:
		src = collapseRuns(src, pr.runs, f.clip, f.scratchC[:0])
		f.scratchC = src
	}
	if !within {
		if src = clipRing(src, f.clip, &f.scratchA, &f.scratchB); src == nil {
			return nil
		}
	}
	pts := f.thinProject(f.scratchP[:0], src)
	f.scratchP = pts
	if pr.sig == nil { // else simplified already
		pts = f.dp.simplify(pts, f.tol)
	}
	return f.finishRing(pts, shell)
}

// finishRing snaps pts (tile units, simplified) to the grid and repairs
// the result as ring describes; nil when nothing is left.
func (f *frame) finishRing(pts []orb.Point, shell bool) orb.Ring {
	out := orb.Ring(f.alloc(len(pts) + 1))
	for _, p := range pts {
		out = pushVertex(out, f.snap(p))
	}
	out = trimSeam(out)
	if len(out) < 3 {
		return nil
	}
	a := area2(out)
	if a == 0 {
		return nil
	}
	if (a < 0) == shell {
		out.Reverse()
	}
	return append(out, out[0])
}

// rings returns the prepared rings of polygon i of the zone, or nil.
func (pz *preparedZone) rings(i int) []preparedRing {
	if pz == nil || i >= len(pz.polygons) {
		return nil
	}
	return pz.polygons[i]
}

// ringAt returns prep[i] when prep holds it, else r measured on the spot
// (with no runs).
func ringAt(prep []preparedRing, i int, r orb.Ring) preparedRing {
	if i < len(prep) {
		return prep[i]
	}
	return preparedRing{bound: boundOf(r)}
}

// pushVertex appends q to the open ring under construction, skipping a
// repeat of the last vertex and removing a spike (a vertex whose next
// vertex returns to its predecessor).
func pushVertex(out orb.Ring, q orb.Point) orb.Ring {
	for {
		n := len(out)
		if n > 0 && out[n-1] == q {
			return out
		}
		if n > 1 && out[n-2] == q {
			out = out[:n-1]
			continue
		}
		return append(out, q)
	}
}

// trimSeam removes the closing duplicate and any duplicates or spikes
// where the ring's end meets its start, leaving an open ring.
func trimSeam(out orb.Ring) orb.Ring {
	for {
		n := len(out)
		switch {
		case n >= 2 && out[n-1] == out[0]:
			out = out[:n-1]
		case n >= 3 && out[n-1] == out[1]: // spike at the first vertex
			out = out[1 : n-1]
		case n >= 3 && out[n-2] == out[0]: // spike at the last vertex
			out = out[:n-2]
		default:
			return out
		}
	}
}

// area2 returns twice the signed area of the open ring r by the MVT
// formula, Σ x_i·y_{i+1} − x_{i+1}·y_i: positive for a ring running
// clockwise on screen (y down). Exact for integer coordinates below 2^26.
func area2(r orb.Ring) float64 {
	n := len(r)
	sum := 0.0
	for i := range n {
		a, b := r[i], r[(i+1)%n]
		sum += a[0]*b[1] - b[0]*a[1]
	}
	return sum
}
