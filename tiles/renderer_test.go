package tiles_test

import (
	"bytes"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"

	"github.com/zonegate/zonegate/tiles"
)

// A long-lived Renderer, used from several goroutines at once (run with
// -race), renders every tile byte for byte as Encode does, and keeps
// per-zone data only for polygon zones.
func TestRendererMatchesEncode(t *testing.T) {
	rng := rand.New(rand.NewPCG(seed(t, 7), 3))
	ts, src, zs := randomSet(rng)
	var tl []maptile.Tile
	for range 120 {
		z := maptile.Zoom(rng.IntN(15) + 4)
		tl = append(tl, maptile.At(orb.Point{110.5 + 2*rng.Float64(), 35 + 2*rng.Float64()}, z))
	}
	want := make([][]byte, len(tl))
	for i, tile := range tl {
		b, err := tiles.Encode(src, ts, tile, at2020, tiles.Options{})
		if err != nil {
			t.Fatal(err)
		}
		want[i] = b
	}
	r := tiles.NewRenderer(tiles.Options{})
	var wg sync.WaitGroup
	for g := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range 2 * len(tl) { // each tile twice: cold and prepared
				i := (k + g*17) % len(tl)
				b, err := r.Encode(src, ts, tl[i], at2020)
				if err != nil {
					t.Error(err)
					return
				}
				if !bytes.Equal(b, want[i]) {
					t.Errorf("tile %v: Renderer gives %d bytes, Encode %d", tl[i], len(b), len(want[i]))
				}
			}
		}()
	}
	wg.Wait()
	if n, _ := r.PreparedStats(); n == 0 || n > len(zs) {
		t.Errorf("%d zones prepared; the set has %d zones and some meet the tiles", n, len(zs))
	}
	if got := r.Options(); got.Extent != 4096 || got.SimplifyPx != 0.5 {
		t.Errorf("Options() = %+v, want the defaults", got)
	}
}
