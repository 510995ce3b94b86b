package index

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
)

// TestPreparedMemory pins the memory design target on a heavy-set star: the
// prepared grid and edge lists of a single closed ring (which is aliased,
// not copied) stay within 1.8× the ring's raw coordinate bytes, leaving the
// index (geometry included) under 3×.
func TestPreparedMemory(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{200, 1100, 2000} {
		r := make(orb.Ring, 0, n+1)
		for i := 0; i < n; i++ {
			a := 2 * math.Pi * float64(i) / float64(n)
			rad := 0.0194 + rng.Float64()*(0.0398-0.0194)
			r = append(r, orb.Point{111.5 + rad*math.Cos(a), 36 + rad*math.Sin(a)})
		}
		r = append(r, r[0])
		var bd builder
		pp, owns := bd.prepare(orb.Polygon{r})
		if pp == nil || owns {
			t.Fatalf("n=%d: prepared=%v, copied=%v; want an aliased ring", n, pp != nil, owns)
		}
		ratio := float64(pp.bytes(false)) / float64(16*len(r))
		t.Logf("n=%d: grid %dx%d, %d bytes, %.2f× raw", n, pp.nx, pp.ny, pp.bytes(false), ratio)
		if ratio > 1.8 {
			t.Errorf("n=%d: prepared polygon uses %.2f× the raw coordinate bytes, want ≤ 1.8", n, ratio)
		}
	}
}
