package index

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"

	"github.com/zonegate/zonegate/geo/synth"
)

// nearQuantised returns points of bucket (bi, bj) within about a quantum
// of a pairQuant pair's stored vertices and edges (header hdr, vertex
// words vs), n of each kind a vertex or edge: the stored vertex itself and
// points jittered by up to a quantum about it, and points on a stored edge
// moved across it by up to a quantum. Near them the stored geometry is off
// by as much as it is from the point, so quantContains must refuse or be
// right.
func nearQuantised(rng *rand.Rand, g *pointGrid, bi, bj int, hdr uint32, vs []uint32, n int) []orb.Point {
	c := g.fr.refPoint(bi, bj, refFractions[0])
	q := 1 / math.Float64frombits(uint64(hdr>>16&0x7ff)<<52)
	var out []orb.Point
	in := func(p orb.Point) {
		if p[0] >= g.minX && p[0] <= g.maxX && p[1] >= g.minY && p[1] <= g.maxY &&
			g.bucketX(p[0]) == bi && g.bucketY(p[1]) == bj {
			out = append(out, p)
		}
	}
	var prev orb.Point
	for _, v := range vs {
		a := orb.Point{c[0] + float64(int32(int16(uint16(v)))>>1)*q, c[1] + float64(int32(v)>>17)*q}
		in(a)
		for range n {
			in(orb.Point{a[0] + (2*rng.Float64()-1)*q, a[1] + (2*rng.Float64()-1)*q})
		}
		if v&quantChain == 0 {
			dx, dy := a[0]-prev[0], a[1]-prev[1]
			l := math.Hypot(dx, dy)
			for range 4 * n {
				t, h := rng.Float64(), (2*rng.Float64()-1)*q
				in(orb.Point{prev[0] + t*dx - h*dy/l, prev[1] + t*dy + h*dx/l})
			}
		}
		prev = a
	}
	return out
}

// TestQuantContainsMatchesExact checks quantContains directly: for the
// pairQuant pairs of a grid over jagged stars with holes, whenever it
// certifies an answer for a point of the bucket, that answer is the exact
// ray cast's, for random points, the polygons' true vertices and points on
// their true edges, and points within a quantum of the stored vertices
// and edges, where it must also refuse some (the bound is not vacuous).
func TestQuantContainsMatchesExact(t *testing.T) {
	t.Parallel()
	set := synth.Stars{N: 60, Origin: orb.Point{111, 35.5}, Size: [2]float64{0.2, 0.2},
		MinVertices: 4, MaxVertices: 300, RMin: 0.01, RMax: 0.03, Jagged: true, Seed: [2]uint64{3, 4}}
	zs := starZones(set)
	ix := NewWithPairEdges()
	ix.Apply(zs...)
	s := ix.Snapshot()
	s.WaitReady()
	g := s.grid.Load()
	rng := rand.New(rand.NewPCG(9, 10))
	pairs, tests, refused := 0, 0, 0
	for b := 0; b+1 < len(g.off); b++ {
		bi, bj := b%g.nx, b/g.nx
		c := g.fr.refPoint(bi, bj, refFractions[0])
		ws := g.words[g.off[b]:g.off[b+1]]
		for w := 0; w < len(ws); {
			switch ws[w] & 3 {
			case pairEdges:
				t.Fatalf("bucket %d: an indexed pair in a quantised grid", b)
			case pairQuant:
			default:
				w++
				continue
			}
			k := ws[w] >> 2
			hdr, vs, size := quantWords(ws[w:])
			w += size
			pairs++
			if pairs%3 != 0 {
				continue // a sample keeps the test quick
			}
			pp := &g.recs[k].e.poly
			ps := nearQuantised(rng, g, bi, bj, hdr, vs, 4)
			for range 20 {
				ps = append(ps, g.fr.refPoint(bi, bj, [2]float64{rng.Float64(), rng.Float64()}))
			}
			for e := 0; e+1 < len(pp.pts); e++ { // true vertices and edge points in the bucket
				a, d := pp.pts[e], pp.pts[e+1]
				for _, p := range []orb.Point{a, lerp(a, d, rng.Float64()), lerp(a, d, 0.5)} {
					if g.bucketX(p[0]) == bi && g.bucketY(p[1]) == bj && p[0] >= g.minX && p[0] <= g.maxX && p[1] >= g.minY && p[1] <= g.maxY {
						ps = append(ps, p)
					}
				}
			}
			for _, p := range ps {
				got, ok := g.quantContains(p, c, bi, bj, hdr, vs)
				tests++
				if !ok {
					refused++
					continue
				}
				if want := pp.bruteContains(p); got != want {
					t.Fatalf("bucket %d, record %d, point %v: quantContains %v, exact %v", b, k, p, got, want)
				}
			}
		}
	}
	t.Logf("%d quantised pairs, %d points tested, %d refused", pairs, tests, refused)
	if pairs < 1000 || refused == 0 || 4*(tests-refused) < tests {
		t.Fatalf("%d pairs, %d of %d points refused: the test does not exercise the bound", pairs, refused, tests)
	}
}
