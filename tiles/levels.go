package tiles

import (
	"math"
	"slices"

	"github.com/paulmach/orb"
	"google.golang.org/protobuf/encoding/protowire"
)

// maxLevelScale is the largest world size (extent·2^z units) a level is
// drawn at, so its coordinates fit an int32.
const maxLevelScale = 1 << 30

// level is one ring of a polygon zone drawn once for a whole zoom level,
// in that zoom's world units (the tile grid, extent·2^z units across, x
// east from −180°, y south from +maxLat): Douglas–Peucker by the ring's
// significance at the zoom's tolerance, thinned as thinProject thins,
// projected exactly, snapped to the integer grid, with duplicates and
// spikes removed (pushVertex, trimSeam) and wound as MVT 2.1 asks of the
// ring's role. A tile of that zoom only translates it, and clips it when
// it is not wholly inside the tile: at low zoom a large ring keeps a few
// of its vertices, and no tile reads the others.
type level struct {
	// n is the ring's number of points (open), 0 when nothing is left at
	// this zoom; first and last are its first and last point.
	n           int32
	first, last [2]int32
	// deltas holds points 1 … n−1 as MVT LineTo parameters: zigzag
	// varints of each point's offset from its predecessor, which do not
	// depend on the tile, so a tile copies them (about 2 bytes a point at
	// low zoom).
	deltas   []byte
	min, max [2]int32 // bound of the ring
}

// levelSpec is what a level depends on besides the ring and the zoom: the
// options it was drawn with. A frame uses levels only when its own spec
// is the same.
type levelSpec struct {
	extent     uint32
	simplifyPx float64
}

// specOf returns the level spec of o (defaults applied).
func specOf(o Options) levelSpec { return levelSpec{extent: o.Extent, simplifyPx: o.SimplifyPx} }

// buildLevels draws the closed lon/lat ring r, with its points projected
// by mercator in merc and significance values sig, at zoom 0, 1, … for as
// long as a level saves vertices: it stops at the first zoom whose level
// keeps more than three quarters of r's vertices or would take the levels
// together past r's vertex count. A level point takes two varints, 2–3
// bytes at the zooms levels cover (10 at most), so levels cost about 2
// bytes per vertex of r (the heavy benchmark set: 4.4 MB for 2.2 million
// vertices). shell says whether r is an
// exterior ring. It returns nil when simplification is off (the zero spec
// too).
func buildLevels(r orb.Ring, merc []orb.Point, sig []float32, shell bool, spec levelSpec) []level {
	tol := spec.simplifyPx * float64(spec.extent) / tilePixels
	n := len(r) - 1
	if tol <= 0 || n < 3 {
		return nil
	}
	b := boundOf(r)
	phi := min(math.Max(math.Abs(b.Min[1]), math.Abs(b.Max[1])), maxLat)
	cos := math.Cos(phi * math.Pi / 180)
	var (
		levels     []level
		kept, thin []int32
		out        orb.Ring
		budget     = n
		scale      = float64(spec.extent)
	)
	for z := 0; z <= MaxZoom && scale <= maxLevelScale; z, scale = z+1, scale*2 {
		thr2 := (tol / scale) * (tol / scale)
		kept = kept[:0]
		for i, v := range sig {
			if float64(v) > thr2 {
				kept = append(kept, int32(i))
			}
		}
		// As newFrame, with the ring's own latitude farthest from the
		// equator: vertices closer than degTol are closer than tol units
		// anywhere on the ring.
		degTol := tol * 360 * cos / scale
		degArea := 2 * thinArea(tol) * cos * (360 / scale) * (360 / scale)
		thin = thinIndexes(thin[:0], r, kept, degTol*degTol, degArea)
		out = out[:0]
		for _, i := range thin {
			out = pushVertex(out, orb.Point{math.Round(merc[i][0] * scale), math.Round(merc[i][1] * scale)})
		}
		out = trimSeam(out)
		if len(out) > 3*n/4 || len(out) > budget {
			break
		}
		levels = append(levels, newLevel(out, shell))
		budget -= len(out)
	}
	return slices.Clip(levels)
}

// newLevel returns the level holding the open ring out (world units,
// snapped, repaired), wound for its role; empty when out has fewer than
// three points or no area. out may be reversed in place.
func newLevel(out orb.Ring, shell bool) level {
	if len(out) < 3 {
		return level{}
	}
	b := boundOf(out)
	// area2 is exact below 2^26 units; measured from the bound's corner
	// that holds for every ring small enough to lie inside a tile, the
	// only ones drawn without being measured again after clipping.
	a := 0.0
	for i := range out {
		p, q := out[i], out[(i+1)%len(out)]
		px, py, qx, qy := p[0]-b.Min[0], p[1]-b.Min[1], q[0]-b.Min[0], q[1]-b.Min[1]
		a += px*qy - qx*py
	}
	if a == 0 {
		return level{}
	}
	if (a < 0) == shell {
		out.Reverse()
	}
	lv := level{
		n:     int32(len(out)),
		first: [2]int32{int32(out[0][0]), int32(out[0][1])},
		last:  [2]int32{int32(out[len(out)-1][0]), int32(out[len(out)-1][1])},
		min:   [2]int32{int32(b.Min[0]), int32(b.Min[1])},
		max:   [2]int32{int32(b.Max[0]), int32(b.Max[1])},
	}
	w := geomWriter{cx: lv.first[0], cy: lv.first[1]}
	for _, p := range out[1:] {
		w.to(int32(p[0]), int32(p[1]))
	}
	lv.deltas = slices.Clip(w.buf)
	return lv
}

// thinIndexes appends to dst the indexes of the points of r named by idx
// that thinProject keeps with squared radius r2 and doubled triangle area
// a2 (both in degrees), and returns dst.
func thinIndexes(dst []int32, r []orb.Point, idx []int32, r2, a2 float64) []int32 {
	n := len(idx)
	if n == 0 {
		return dst
	}
	last := r[idx[0]]
	dst = append(dst, idx[0])
	for k := 1; k < n-1; k++ {
		p, next := r[idx[k]], r[idx[k+1]]
		dx, dy := p[0]-last[0], p[1]-last[1]
		if dx*dx+dy*dy < r2 {
			continue
		}
		if cross := dx*(next[1]-last[1]) - dy*(next[0]-last[0]); cross < a2 && cross > -a2 {
			continue
		}
		dst = append(dst, idx[k])
		last = p
	}
	if n > 1 {
		dst = append(dst, idx[n-1])
	}
	return dst
}

// levelBytes is the approximate memory of levels.
func levelBytes(levels []level) int64 {
	b := int64(24 * cap(levels))
	for _, lv := range levels {
		b += int64(cap(lv.deltas))
	}
	return b
}

// drawLevel writes the ring lv (of a ring whose role shell says) in the
// frame's tile: translated when it lies inside the buffered tile, else
// clipped to it and repaired as ring repairs. It reports whether it wrote
// anything.
func (f *frame) drawLevel(lv *level, shell bool) bool {
	if lv.n == 0 {
		return false
	}
	lo, hi := -f.buf, f.extent+f.buf
	x0, y0 := int32(f.x0), int32(f.y0)
	minX, minY := float64(lv.min[0]-x0), float64(lv.min[1]-y0)
	maxX, maxY := float64(lv.max[0]-x0), float64(lv.max[1]-y0)
	if maxX < lo || minX > hi || maxY < lo || minY > hi {
		return false
	}
	if minX >= lo && maxX <= hi && minY >= lo && maxY <= hi {
		f.geom.levelRing(lv, x0, y0)
		return true
	}
	pts := append(f.scratchC[:0], orb.Point{float64(lv.first[0] - x0), float64(lv.first[1] - y0)})
	x, y := lv.first[0], lv.first[1]
	for d := lv.deltas; len(d) > 0; {
		var dx, dy uint64
		dx, d = nextVarint(d)
		dy, d = nextVarint(d)
		x, y = x+unzigzag(dx), y+unzigzag(dy)
		pts = append(pts, orb.Point{float64(x - x0), float64(y - y0)})
	}
	pts = append(pts, pts[0])
	f.scratchC = pts
	box := orb.Bound{Min: orb.Point{lo, lo}, Max: orb.Point{hi, hi}}
	src := clipRing(pts, box, &f.scratchA, &f.scratchB)
	if src == nil {
		return false
	}
	r := f.finishRing(src, shell)
	if r == nil {
		return false
	}
	f.geom.ring(r)
	return true
}

// nextVarint returns the varint d starts with and the rest of d; d holds
// well-formed varints (a level's deltas). Most deltas at low zoom take
// one or two bytes, read here without protowire's general loop.
func nextVarint(d []byte) (uint64, []byte) {
	if b := d[0]; b < 0x80 {
		return uint64(b), d[1:]
	}
	if len(d) > 1 && d[1] < 0x80 {
		return uint64(d[0]&0x7f) | uint64(d[1])<<7, d[2:]
	}
	v, k := protowire.ConsumeVarint(d)
	return v, d[k:]
}

// unzigzag inverts zigzag for a parameter read back as a varint.
func unzigzag(v uint64) int32 { return int32(uint32(v)>>1) ^ -int32(uint32(v)&1) }
