package tiles

import (
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
	"google.golang.org/protobuf/encoding/protowire"

	"github.com/zonegate/zonegate/geo"
)

// Levels must stay within their memory bound (together at most as many
// points as the ring, each at most three quarters), decode back to a ring with the
// recorded bound and ends, and wound for the ring's role; a ring like the
// heavy benchmark set's must have levels down to zoom 8, so that a z8 tile
// reads no source vertex.
func TestLevelsBoundedAndDecodable(t *testing.T) {
	rng := rand.New(rand.NewPCG(testSeed(t, 23), 5))
	o := Options{}.withDefaults()
	var vertices, bytes int64
	for i := range 300 {
		c := orb.Point{-170 + 340*rng.Float64(), -80 + 160*rng.Float64()}
		n := sigMinEdges + 1 + rng.IntN(3000)
		rmax := []float64{0.0005, 0.04, 2, 30}[i%4]
		shell := randomRing(rng, c, rmax, n)
		hole := randomRing(rng, c, rmax/20, sigMinEdges+1+rng.IntN(300))
		hole.Reverse()
		pz := prepareZone(&geo.Zone{Geometry: orb.Polygon{shell, hole}}, o)
		for k, pr := range pz.polygons[0] {
			ring := []orb.Ring{shell, hole}[k]
			total := 0
			for z, lv := range pr.levels {
				total += int(lv.n)
				if int(lv.n) > 3*(len(ring)-1)/4 {
					t.Fatalf("ring %d.%d zoom %d: level keeps %d of %d points", i, k, z, lv.n, len(ring)-1)
				}
				checkLevel(t, &lv, k == 0)
			}
			if total > len(ring)-1 {
				t.Fatalf("ring %d.%d: levels hold %d points, the ring %d", i, k, total, len(ring)-1)
			}
			vertices += int64(len(ring) - 1)
			bytes += levelBytes(pr.levels)
		}
	}
	t.Logf("levels take %.2f bytes per source vertex", float64(bytes)/float64(vertices))

	heavy := randomRing(rng, orb.Point{111.5, 36}, 0.04, 1100)
	if pr := prepareZone(&geo.Zone{Geometry: orb.Polygon{heavy}}, o).polygons[0][0]; len(pr.levels) < 9 {
		t.Errorf("a 1,100-point star of 0.04° has levels for zooms 0-%d; want 0-8 at least", len(pr.levels)-1)
	}
}

// checkLevel decodes lv and checks its ends, bound and winding.
func checkLevel(t *testing.T, lv *level, shell bool) {
	t.Helper()
	if lv.n == 0 {
		return
	}
	pts := []orb.Point{{float64(lv.first[0]), float64(lv.first[1])}}
	x, y := lv.first[0], lv.first[1]
	for d := lv.deltas; len(d) > 0; {
		dx, k := protowire.ConsumeVarint(d)
		dy, m := protowire.ConsumeVarint(d[k:])
		if k < 0 || m < 0 {
			t.Fatal("level deltas do not decode")
		}
		d = d[k+m:]
		x, y = x+unzigzag(dx), y+unzigzag(dy)
		pts = append(pts, orb.Point{float64(x), float64(y)})
	}
	if len(pts) != int(lv.n) || (x != lv.last[0] || y != lv.last[1]) {
		t.Fatalf("level decodes to %d points ending at %d,%d; recorded %d ending at %v", len(pts), x, y, lv.n, lv.last)
	}
	b := boundOf(pts)
	if b.Min != (orb.Point{float64(lv.min[0]), float64(lv.min[1])}) || b.Max != (orb.Point{float64(lv.max[0]), float64(lv.max[1])}) {
		t.Fatalf("level bound %v, recorded %v %v", b, lv.min, lv.max)
	}
	if b.Max[0]-b.Min[0] < 1<<20 && b.Max[1]-b.Min[1] < 1<<20 {
		for i := range pts {
			pts[i] = orb.Point{pts[i][0] - b.Min[0], pts[i][1] - b.Min[1]}
		}
		if a := area2(pts); a == 0 || (a > 0) != shell {
			t.Fatalf("level (shell %v) has area %v", shell, a)
		}
	}
}
