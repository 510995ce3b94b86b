package tiles

import "math"

// chebN is the number of Chebyshev nodes (degree + 1) of the fitted
// Mercator y.
const chebN = 10

// maxChebErr is the largest difference in tile units the fitted y may
// have from the exact formula at the check points, or 16 rounding errors
// of the world size when that is more (the exact formula itself is only
// that precise: it subtracts the tile's offset from a world coordinate of
// up to extent·2^z); above it the frame uses the exact formula. At 1e-9
// units a rounding to the integer grid flips only for a coordinate within
// 1e-9 of a half unit, about once in 10⁹ vertices; in the tests' tiles
// the output is byte for byte the same as with the exact formula.
const maxChebErr = 1e-9

// ycheb is Mercator y (tile units) as a Chebyshev series in latitude over
// [lo, hi]. Mercator y costs a sine and a logarithm per vertex, a fifth
// of the rendering time at low zoom; the series costs a few
// multiplications. Over one tile's latitude range from zoom 6 on the
// degree-9 series is exact to far below 1e-9 units; fitY checks that and
// leaves ok false when not.
type ycheb struct {
	ok     bool
	lo, hi float64 // latitude range
	mid    float64 // (lo+hi)/2
	inv    float64 // 2/(hi-lo)
	c      [chebN]float64
}

// fitY fits f's y over latitudes [lo, hi] by interpolation at the
// Chebyshev nodes and checks the fit against the exact formula between
// them.
func fitY(f *frame, lo, hi float64) ycheb {
	c := ycheb{lo: lo, hi: hi, mid: (lo + hi) / 2}
	if !(hi > lo) {
		return c
	}
	c.inv = 2 / (hi - lo)
	var x, fv [chebN]float64
	for k := range chebN {
		x[k] = math.Cos(math.Pi * (float64(k) + 0.5) / chebN)
		fv[k] = f.yExact(c.mid + x[k]/c.inv)
	}
	for k := range chebN { // T_j(x_k) by the recurrence T_{j+1} = 2x·T_j − T_{j−1}
		t0, t1 := 1.0, x[k]
		for j := range chebN {
			c.c[j] += fv[k] * t0
			t0, t1 = t1, 2*x[k]*t1-t0
		}
	}
	for j := range chebN {
		c.c[j] *= 2.0 / chebN
	}
	c.c[0] /= 2
	limit := max(maxChebErr, 16*f.scale*0x1p-53)
	for k := range 2*chebN + 1 { // the ends and points between the nodes
		lat := lo + (hi-lo)*float64(k)/(2*chebN)
		if math.Abs(c.eval(lat)-f.yExact(lat)) > limit {
			return c
		}
	}
	c.ok = true
	return c
}

// eval returns the series at lat by Clenshaw's recurrence.
func (c *ycheb) eval(lat float64) float64 {
	u := (lat - c.mid) * c.inv
	u2 := 2 * u
	var b1, b2 float64
	for j := chebN - 1; j >= 1; j-- {
		b1, b2 = u2*b1-b2+c.c[j], b1
	}
	return u*b1 - b2 + c.c[0]
}
