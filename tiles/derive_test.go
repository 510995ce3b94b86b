package tiles_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"

	"github.com/zonegate/zonegate/geo/index"
	"github.com/zonegate/zonegate/tiles"
)

// A Renderer over an index built with tiles.Derive renders every tile
// byte for byte as Encode does over a plain index and takes every zone's
// data from the index, small polygons, lines and points included: it
// prepares none itself, so no first tile pays for preparing.
func TestRendererUsesDerivedData(t *testing.T) {
	rng := rand.New(rand.NewPCG(seed(t, 11), 5))
	ts, plain, zs := randomSet(rng)
	ix := index.New(index.WithDeriver(tiles.Derive))
	ix.Apply(zs...)
	derived := ix.Snapshot()
	kinds := map[string]int{}
	for _, z := range zs {
		d, n := tiles.Derive(z)
		if d == nil || n <= 0 {
			t.Fatalf("zone %s (%T): Derive gave %v, %d bytes", z.ID, z.Geometry, d, n)
		}
		kinds[fmt.Sprintf("%T", z.Geometry)]++
	}
	if kinds["orb.Polygon"] == 0 || len(kinds) < 2 {
		t.Fatalf("zones by geometry %v: the set must have polygons and other zones", kinds)
	}
	if st := derived.Stats(); st.DerivedBytes <= 0 {
		t.Fatalf("Stats().DerivedBytes = %d, want > 0", st.DerivedBytes)
	}
	r := tiles.NewRenderer(tiles.Options{})
	drawn := 0
	for range 150 {
		z := maptile.Zoom(rng.IntN(15) + 4)
		tile := maptile.At(orb.Point{110.5 + 2*rng.Float64(), 35 + 2*rng.Float64()}, z)
		want, err := tiles.Encode(plain, ts, tile, at2020, tiles.Options{})
		if err != nil {
			t.Fatal(err)
		}
		got, err := r.Encode(derived, ts, tile, at2020)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("tile %v: Renderer over the derived index gives %d bytes, Encode %d", tile, len(got), len(want))
		}
		if len(got) > 0 {
			drawn++
		}
	}
	if drawn < 50 {
		t.Fatalf("only %d of 150 tiles had features: the test would prove little", drawn)
	}
	if n, _ := r.PreparedStats(); n != 0 {
		t.Errorf("renderer prepared %d zones itself; over a derived index it should prepare none", n)
	}
}

// A Renderer with options other than the defaults Derive draws levels with
// must not use the derived levels: it renders as Encode does with its
// options.
func TestRendererWithOtherOptionsMatchesEncode(t *testing.T) {
	rng := rand.New(rand.NewPCG(seed(t, 12), 5))
	ts, plain, zs := randomSet(rng)
	ix := index.New(index.WithDeriver(tiles.Derive))
	ix.Apply(zs...)
	for _, o := range []tiles.Options{{SimplifyPx: 1}, {Extent: 512}, {SimplifyPx: -1}} {
		r := tiles.NewRenderer(o)
		for range 40 {
			z := maptile.Zoom(rng.IntN(12) + 4)
			tile := maptile.At(orb.Point{110.5 + 2*rng.Float64(), 35 + 2*rng.Float64()}, z)
			want, err := tiles.Encode(plain, ts, tile, at2020, o)
			if err != nil {
				t.Fatal(err)
			}
			got, err := r.Encode(ix.Snapshot(), ts, tile, at2020)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("options %+v tile %v: Renderer over the derived index gives %d bytes, Encode %d", o, tile, len(got), len(want))
			}
		}
	}
}
