package tiles

import "github.com/paulmach/orb"

// clipRing clips the closed ring r to the box b and returns the closed
// result (nil when nothing is left). Parts of the ring outside the box are
// replaced by runs along the box's edges, as Sutherland–Hodgman does. tmp
// and dst are scratch buffers the result may live in; r is not modified.
//
// It does the work of orb/clip.Ring (the tests hold it to that) in two
// passes instead of four, one per axis against a slab, writing into reused
// buffers: on the heavy benchmark set most vertices lie outside the tile
// and clipping was a third of the rendering time.
func clipRing(r []orb.Point, b orb.Bound, tmp, dst *[]orb.Point) []orb.Point {
	x := clipSlab(r, 0, b.Min[0], b.Max[0], (*tmp)[:0])
	*tmp = x
	if len(x) < 4 {
		return nil
	}
	y := clipSlab(x, 1, b.Min[1], b.Max[1], (*dst)[:0])
	*dst = y
	if len(y) < 4 {
		return nil
	}
	return y
}

// clipSlab appends to out the closed ring pts clipped to lo ≤ p[axis] ≤ hi
// and returns out, closed, or out unchanged if nothing is inside. A ring
// cannot pass from one side of the slab to the other without crossing it,
// so the output connects boundary points on one side only, along that
// side.
func clipSlab(pts []orb.Point, axis int, lo, hi float64, out []orb.Point) []orb.Point {
	n := len(pts)
	if n == 0 {
		return out
	}
	start := len(out)
	if k := pts[0][axis]; k >= lo && k <= hi {
		out = append(out, pts[0])
	}
	for i := 0; i+1 < n; i++ {
		a, b := pts[i], pts[i+1]
		ak, bk := a[axis], b[axis]
		switch {
		case ak < lo:
			if bk > lo {
				out = append(out, cut(a, b, axis, lo))
				if bk > hi {
					out = append(out, cut(a, b, axis, hi))
				}
			}
		case ak > hi:
			if bk < hi {
				out = append(out, cut(a, b, axis, hi))
				if bk < lo {
					out = append(out, cut(a, b, axis, lo))
				}
			}
		default:
			if bk < lo {
				out = append(out, cut(a, b, axis, lo))
			} else if bk > hi {
				out = append(out, cut(a, b, axis, hi))
			}
		}
		if bk >= lo && bk <= hi {
			out = append(out, b)
		}
	}
	if len(out) > start && out[start] != out[len(out)-1] {
		out = append(out, out[start])
	}
	return out
}

// cut returns the point of segment ab where coordinate axis equals k;
// a[axis] and b[axis] lie on either side of k.
func cut(a, b orb.Point, axis int, k float64) orb.Point {
	t := (k - a[axis]) / (b[axis] - a[axis])
	p := orb.Point{a[0] + t*(b[0]-a[0]), a[1] + t*(b[1]-a[1])}
	p[axis] = k
	return p
}

// boundOf returns the bounding box of pts (which must not be empty):
// orb.MultiPoint.Bound is several times slower, and every ring is measured
// on every tile.
func boundOf(pts []orb.Point) orb.Bound {
	b := orb.Bound{Min: pts[0], Max: pts[0]}
	for _, p := range pts[1:] {
		if p[0] < b.Min[0] {
			b.Min[0] = p[0]
		} else if p[0] > b.Max[0] {
			b.Max[0] = p[0]
		}
		if p[1] < b.Min[1] {
			b.Min[1] = p[1]
		} else if p[1] > b.Max[1] {
			b.Max[1] = p[1]
		}
	}
	return b
}
