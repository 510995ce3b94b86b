package index_test

import (
	"math"
	"math/big"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"

	"github.com/paulmach/orb"
)

// testSeed returns the seed for randomised tests: $SEED when set, else a
// fixed default. It is logged so a failure can be replayed.
func testSeed(t testing.TB) uint64 {
	t.Helper()
	seed := uint64(20200415)
	if s := os.Getenv("SEED"); s != "" {
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("SEED=%q: %v", s, err)
		}
		seed = v
	}
	t.Logf("seed %d (override with SEED=...)", seed)
	return seed
}

// exactCross returns the sign of (b-a)×(p-a) computed with rationals.
func exactCross(a, b, p orb.Point) int {
	r := func(v float64) *big.Rat { return new(big.Rat).SetFloat64(v) }
	bx := new(big.Rat).Sub(r(b[0]), r(a[0]))
	by := new(big.Rat).Sub(r(b[1]), r(a[1]))
	px := new(big.Rat).Sub(r(p[0]), r(a[0]))
	py := new(big.Rat).Sub(r(p[1]), r(a[1]))
	return new(big.Rat).Sub(new(big.Rat).Mul(bx, py), new(big.Rat).Mul(by, px)).Sign()
}

// crossSign is (b-a)×(p-a) in floats, falling back to rationals when the
// float result is too small to trust.
func crossSign(a, b, p orb.Point) int {
	v := (b[0]-a[0])*(p[1]-a[1]) - (b[1]-a[1])*(p[0]-a[0])
	if math.Abs(v) > 1e-9 {
		if v > 0 {
			return 1
		}
		return -1
	}
	return exactCross(a, b, p)
}

// oracleOnSegment reports whether p is on the closed segment a–b.
func oracleOnSegment(p, a, b orb.Point) bool {
	if p[0] < min(a[0], b[0]) || p[0] > max(a[0], b[0]) || p[1] < min(a[1], b[1]) || p[1] > max(a[1], b[1]) {
		return false
	}
	return crossSign(a, b, p) == 0
}

// oracleContains is plain ray casting over every ring (even-odd rule), with
// points on any edge counted inside. Rings are closed implicitly.
func oracleContains(rings []orb.Ring, p orb.Point) bool {
	in := false
	for _, r := range rings {
		for i := range r {
			a, b := r[i], r[(i+1)%len(r)]
			if oracleOnSegment(p, a, b) {
				return true
			}
			if (a[1] > p[1]) != (b[1] > p[1]) {
				lo, hi := a, b
				if lo[1] > hi[1] {
					lo, hi = hi, lo
				}
				if crossSign(lo, hi, p) > 0 { // p left of the upward edge: crossing to its right
					in = !in
				}
			}
		}
	}
	return in
}

// oracleSegmentsMeet reports whether closed segments a–b and c–d share a
// point, exactly.
func oracleSegmentsMeet(a, b, c, d orb.Point) bool {
	o1, o2 := crossSign(c, d, a), crossSign(c, d, b)
	o3, o4 := crossSign(a, b, c), crossSign(a, b, d)
	if o1 == 0 && o2 == 0 && o3 == 0 && o4 == 0 {
		return oracleOnSegment(a, c, d) || oracleOnSegment(b, c, d) ||
			oracleOnSegment(c, a, b) || oracleOnSegment(d, a, b)
	}
	return o1*o2 <= 0 && o3*o4 <= 0
}

// star returns a closed star-shaped ring around c with n vertices whose
// radii are uniform in [rmin, rmax], counter-clockwise unless cw.
func star(rng *rand.Rand, c orb.Point, rmin, rmax float64, n int, cw bool) orb.Ring {
	r := make(orb.Ring, 0, n+1)
	for i := 0; i < n; i++ {
		a := 2 * math.Pi * float64(i) / float64(n)
		rad := rmin + rng.Float64()*(rmax-rmin)
		r = append(r, orb.Point{c[0] + rad*math.Cos(a), c[1] + rad*math.Sin(a)})
	}
	r = append(r, r[0])
	if cw {
		reverse(r)
	}
	return r
}

// histogram returns a closed rectilinear ring with integer vertices: columns
// of width 1 from x0 with random heights 1..maxH above y0. It has many
// horizontal edges, collinear runs and vertices sharing a latitude.
func histogram(rng *rand.Rand, x0, y0 float64, cols, maxH int, cw bool) orb.Ring {
	r := orb.Ring{{x0, y0}}
	for i := 0; i < cols; i++ {
		h := y0 + float64(1+rng.IntN(maxH))
		r = append(r, orb.Point{x0 + float64(i), h}, orb.Point{x0 + float64(i+1), h})
	}
	r = append(r, orb.Point{x0 + float64(cols), y0}, orb.Point{x0, y0})
	if cw {
		reverse(r)
	}
	return r
}

func reverse(r orb.Ring) {
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
}

// allRings flattens an areal geometry's rings.
func allRings(g orb.Geometry) []orb.Ring {
	switch g := g.(type) {
	case orb.Polygon:
		return g
	case orb.MultiPolygon:
		var rs []orb.Ring
		for _, p := range g {
			rs = append(rs, p...)
		}
		return rs
	}
	return nil
}
