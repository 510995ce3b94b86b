package index

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/synth"
)

// TestPairWordsMatchBruteForce is the oracle of the point grid's bucket
// states: with boundary edges stored in the buckets, every answer equals an
// exact ray cast over every edge of every zone, for random points, the
// zones' vertices, edge midpoints and points on bucket lines, over
// overlapping jagged stars, stars with holes, and squares sharing edges
// and vertices. It also checks that each kind of pair occurs. It runs with
// the edges stored as indices and as quantised geometry, adding for the
// latter points within a quantum of the stored vertices and edges.
func TestPairWordsMatchBruteForce(t *testing.T) {
	t.Parallel()
	for _, indexed := range []bool{true, false} {
		t.Run(map[bool]string{true: "indexed", false: "quantised"}[indexed], func(t *testing.T) {
			t.Parallel()
			pairWordsMatchBruteForce(t, indexed)
		})
	}
}

func pairWordsMatchBruteForce(t *testing.T, indexed bool) {
	set := synth.Stars{N: 80, Origin: orb.Point{111, 35.5}, Size: [2]float64{0.3, 0.3},
		MinVertices: 4, MaxVertices: 400, RMin: 0.01, RMax: 0.04, Jagged: true, ClockwiseEven: true, Seed: [2]uint64{9, 9}}
	var zs []*geo.Zone
	add := func(g orb.Geometry) {
		zs = append(zs, &geo.Zone{Layer: "l", ID: fmt.Sprintf("z%03d", len(zs)), Kind: geo.KindCustom,
			Status: geo.StatusPublished, Geometry: g})
	}
	for i, p := range set.Polygons() {
		if i%5 == 0 { // a hole: the same star shrunk about its first vertex's centre
			c := p[0].Bound().Center()
			hole := make(orb.Ring, len(p[0]))
			for k, v := range p[0] {
				hole[len(hole)-1-k] = orb.Point{c[0] + (v[0]-c[0])*0.2, c[1] + (v[1]-c[1])*0.2}
			}
			p = append(p, hole)
		}
		add(p)
	}
	for i := range 6 { // a row of squares sharing edges and vertices
		x := 111.05 + 0.01*float64(i)
		add(orb.Polygon{{{x, 35.6}, {x + 0.01, 35.6}, {x + 0.01, 35.61}, {x, 35.61}, {x, 35.6}}})
	}
	ix := New()
	ix.pairEdgesFrom = 0
	ix.cur.Load().pairEdgesFrom = 0
	ix.indexedEdges = indexed
	ix.cur.Load().indexedEdges = indexed
	ix.Apply(zs...)
	s := ix.Snapshot()
	s.WaitReady()
	g := s.grid.Load()
	var kinds [4]int
	var near []orb.Point // within a quantum of quantised vertices and edges
	rng := rand.New(rand.NewPCG(5, 5))
	for b := 0; b+1 < len(g.off); b++ {
		ws := g.words[g.off[b]:g.off[b+1]]
		for w := 0; w < len(ws); {
			kind := ws[w] & 3
			kinds[kind]++
			switch kind {
			case pairEdges:
				_, _, size := pairEdgesOf(ws[w:])
				w += size
			case pairQuant:
				hdr, vs, size := quantWords(ws[w:])
				w += size
				near = append(near, nearQuantised(rng, g, b%g.nx, b/g.nx, hdr, vs, 1)...)
			default:
				w++
			}
		}
	}
	t.Logf("%d buckets; pairs: %d inside, %d through cells, %d with edge indices, %d quantised", g.nx*g.ny,
		kinds[pairInside], kinds[pairCells], kinds[pairEdges], kinds[pairQuant])
	edged := pairEdges
	if !indexed {
		edged = pairQuant
	}
	if kinds[pairInside] == 0 || kinds[pairCells] == 0 || kinds[edged] == 0 {
		t.Fatalf("pair kinds %v: the set does not exercise them all", kinds)
	}

	var ps []orb.Point
	ps = append(ps, near...)
	for range 20000 {
		ps = append(ps, orb.Point{110.95 + 0.4*rng.Float64(), 35.45 + 0.4*rng.Float64()})
	}
	for _, z := range zs {
		for _, r := range z.Geometry.(orb.Polygon) {
			for k := 0; k+1 < len(r); k += 1 + rng.IntN(8) {
				ps = append(ps, r[k], orb.Point{(r[k][0] + r[k+1][0]) / 2, (r[k][1] + r[k+1][1]) / 2})
			}
		}
	}
	for range 5000 { // on bucket lines and corners
		i, j := rng.IntN(g.nx+1), rng.IntN(g.ny+1)
		x, y := g.minX+float64(i)*g.fr.dx, g.minY+float64(j)*g.fr.dy
		ps = append(ps, orb.Point{x, y}, orb.Point{x, g.minY + rng.Float64()*(g.maxY-g.minY)})
	}
	es := make([]*entry, len(zs))
	s.tree.Scan(func(_, _ [2]float64, e *entry) bool {
		var k int
		fmt.Sscanf(e.zone.ID, "z%d", &k)
		es[k] = e
		return true
	})
	q := Query{At: time.Now()}
	var b Batch
	s.zonesAtBatch(&b, ps, q, true)
	hits := 0
	for i, p := range ps {
		var want []*geo.Zone
		for _, e := range es {
			if e.bound.Contains(p) && e.poly.bruteContains(p) {
				want = append(want, e.zone)
			}
		}
		got := s.ZonesAt(nil, p, q)
		if !slices.Equal(got, want) {
			t.Fatalf("point %v: ZonesAt %d zones, brute force %d", p, len(got), len(want))
		}
		if !slices.Equal(b.At(i), want) {
			t.Fatalf("point %v: batch %d zones, brute force %d", p, len(b.At(i)), len(want))
		}
		hits += len(want)
	}
	t.Logf("%d points, %d hits", len(ps), hits)
}

// TestPointGridMemory bounds the point grid of a heavy-set sample (synth.
// Heavy's density over a tenth of its area): its buckets and stored edges
// stay within 2.2× the raw coordinate bytes of the zones (the prepared
// polygons' own bound is TestPreparedMemory's).
func TestPointGridMemory(t *testing.T) {
	t.Parallel()
	set := synth.Heavy
	set.N, set.Size = 200, [2]float64{0.316, 0.316}
	var zs []*geo.Zone
	for i, p := range set.Polygons() {
		zs = append(zs, &geo.Zone{Layer: "h", ID: fmt.Sprint(i), Kind: geo.KindCustom, Status: geo.StatusPublished, Geometry: p})
	}
	ix := NewWithPairEdges()
	ix.Apply(zs...)
	s := ix.Snapshot()
	s.WaitReady()
	g := s.grid.Load()
	raw := 16 * s.Stats().Vertices
	ratio := float64(g.bytes()) / float64(raw)
	t.Logf("grid %dx%d: %d bytes, %.2f× raw; prepared polygons %.2f× raw", g.nx, g.ny, g.bytes(), ratio, float64(s.Stats().Bytes)/float64(raw))
	if ratio > 2.2 {
		t.Errorf("point grid uses %.2f× the raw coordinate bytes, want ≤ 2.2", ratio)
	}
}
