package index

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"

	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/synth"
)

// TestBoundedContainsMatchesExact checks the static bound against the
// per-edge filter: for every pairEdges pair of a grid over jagged stars
// (each of which must carry a bound), boundedContains answers as
// cellContains for random points of the bucket, the pair's vertices, points
// on its edges' lines (rounded onto them or next to them) and on the lines
// through the reference point, where the orientations are zero or tiny and
// the exact fallback decides.
func TestBoundedContainsMatchesExact(t *testing.T) {
	t.Parallel()
	set := synth.Stars{N: 60, Origin: orb.Point{111, 35.5}, Size: [2]float64{0.2, 0.2},
		MinVertices: 4, MaxVertices: 300, RMin: 0.01, RMax: 0.03, Jagged: true, Seed: [2]uint64{3, 4}}
	zs := starZones(set)
	ix := NewWithIndexedEdges()
	ix.Apply(zs...)
	s := ix.Snapshot()
	s.WaitReady()
	g := s.grid.Load()
	rng := rand.New(rand.NewPCG(7, 8))
	pairs, tests, fallbacks := 0, 0, 0
	for b := 0; b+1 < len(g.off); b++ {
		bi, bj := b%g.nx, b/g.nx
		ws := g.words[g.off[b]:g.off[b+1]]
		for w := 0; w < len(ws); {
			if ws[w]&3 != pairEdges {
				w++
				continue
			}
			k := ws[w] >> 2
			hdr, edges, size := pairEdgesOf(ws[w:])
			w += size
			if hdr>>16 == 0 {
				t.Fatalf("bucket %d: a pair without a static bound", b)
			}
			pairs++
			if pairs%7 != 0 {
				continue // a sample keeps the test quick
			}
			pts := g.pts[k]
			r := g.fr.refPoint(bi, bj, refFractions[(hdr>>1)&7])
			in := hdr&1 == 1
			b2 := math.Float64frombits(uint64(hdr>>16) << 52)
			var ps []orb.Point
			for range 20 {
				ps = append(ps, g.fr.refPoint(bi, bj, [2]float64{rng.Float64(), rng.Float64()}))
			}
			for _, x := range edges {
				a, c := pts[x&^sideBit32], pts[x&^sideBit32+1]
				ps = append(ps, a, c)
				for range 4 {
					f := rng.Float64()
					q := orb.Point{a[0] + f*(c[0]-a[0]), a[1] + f*(c[1]-a[1])}
					ps = append(ps, q, orb.Point{math.Nextafter(q[0], 200), q[1]},
						orb.Point{q[0] + f*(r[0]-q[0]), q[1] + f*(r[1]-q[1])})
				}
			}
			for _, p := range ps {
				if g.bucketX(p[0]) != bi || g.bucketY(p[1]) != bj {
					continue
				}
				tests++
				want := cellContains(pts, edges, sideBit32, p, r, in)
				if got := boundedContains(pts, edges, p, r, in, b2); got != want {
					t.Fatalf("bucket %d, zone %d, point %v: bounded %v, exact %v", b, k, p, got, want)
				}
				if !certain(pts, edges, p, r, b2) {
					fallbacks++
				}
			}
		}
	}
	t.Logf("%d pairs, %d points tested, %d decided in part by the exact fallback", pairs, tests, fallbacks)
	if fallbacks == 0 {
		t.Fatal("no point reached the exact fallback")
	}
}

// certain reports whether the static bound decides every edge for p.
func certain(pts []orb.Point, edges []uint32, p, r orb.Point, b2 float64) bool {
	for _, x := range edges {
		a, c := pts[x&^sideBit32], pts[x&^sideBit32+1]
		apx, apy, cpx, cpy := a[0]-p[0], a[1]-p[1], c[0]-p[0], c[1]-p[1]
		rpx, rpy := r[0]-p[0], r[1]-p[1]
		d0 := apx*cpy - apy*cpx
		d1 := apx*rpy - apy*rpx
		d2 := cpx*rpy - cpy*rpx
		if !(d0*d0 > b2) || !(d1*d1 > b2) || !(d2*d2 > b2) {
			return false
		}
	}
	return true
}

// TestStaticBoundLimits checks staticBound at the ends of its range: far
// vertices give no bound rather than an overflowing one, tiny buckets a
// normal one, and the bound grows with the vertices' distance.
func TestStaticBoundLimits(t *testing.T) {
	t.Parallel()
	c := orb.Point{0, 0}
	pts := []orb.Point{{1e300, 0}, {0, 1e300}}
	if eb := staticBound(pts, []uint32{0}, c, 1); eb != 0 {
		t.Errorf("vertices at 1e300: bound exponent %d, want 0 (none)", eb)
	}
	pts = []orb.Point{{math.Inf(1), 0}, {0, 1}}
	if eb := staticBound(pts, []uint32{0}, c, 1); eb != 0 {
		t.Errorf("an infinite vertex: bound exponent %d, want 0 (none)", eb)
	}
	pts = []orb.Point{{1e-300, 0}, {0, 1e-300}}
	if eb := staticBound(pts, []uint32{0}, c, 1e-300); eb != 2 {
		t.Errorf("a 1e-300 bucket: bound exponent %d, want 2 (the smallest normal bound)", eb)
	}
	near := staticBound([]orb.Point{{0.001, 0}, {0, 0.001}}, []uint32{0}, c, 0.002)
	far := staticBound([]orb.Point{{0.1, 0}, {0, 0.1}}, []uint32{0}, c, 0.002)
	if !(near > 0 && far > near) {
		t.Errorf("bound exponents %d near, %d far: want 0 < near < far", near, far)
	}
	// The bound must cover the filter's: for p anywhere within the
	// bucket, B2 ≥ 2·(OrientErrBound·(|l|+|r|))² for the largest products.
	m := 0.001 + 2*0.002
	b2 := math.Float64frombits(uint64(near) << 52)
	if filter := geo.OrientErrBound * 2 * m * m; b2 < 2*filter*filter {
		t.Errorf("bound %g below the filter's square %g", b2, 2*filter*filter)
	}
}
