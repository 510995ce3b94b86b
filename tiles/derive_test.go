package tiles_test

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"

	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/index"
	"github.com/zonegate/zonegate/tiles"
)

// A Renderer over an index built with tiles.Derive renders every tile
// byte for byte as Encode does over a plain index, takes the large zones'
// data from the index (preparing none of them itself) and prepares only
// the small polygon zones, which Derive leaves to it.
func TestRendererUsesDerivedData(t *testing.T) {
	rng := rand.New(rand.NewPCG(seed(t, 11), 5))
	ts, plain, zs := randomSet(rng)
	ix := index.New(index.WithDeriver(tiles.Derive))
	ix.Apply(zs...)
	derived := ix.Snapshot()
	small := map[*geo.Zone]bool{} // and the zones that are no polygons
	large := 0
	for _, z := range zs {
		if _, ok := z.Geometry.(orb.Polygon); !ok {
			small[z] = true
			continue
		}
		if d, _ := tiles.Derive(z); d == nil {
			small[z] = true
		} else {
			large++
		}
	}
	if large == 0 || len(small) == 0 {
		t.Fatalf("%d large and %d small polygon zones: the set must have both", large, len(small))
	}
	if st := derived.Stats(); st.DerivedBytes <= 0 {
		t.Fatalf("Stats().DerivedBytes = %d, want > 0", st.DerivedBytes)
	}
	r := tiles.NewRenderer(tiles.Options{})
	seen := map[*geo.Zone]bool{}
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
		// The tile and more than its buffer (8 of 512 pixels): the zones
		// the renderer may meet.
		met := tile.Bound().Pad((tile.Bound().Max[0] - tile.Bound().Min[0]) / 32)
		derived.Search(met, index.Query{At: at2020, Layers: ts.LayerIDs()}, func(z *geo.Zone) bool {
			if small[z] {
				seen[z] = true
			}
			return true
		})
	}
	if n, _ := r.PreparedStats(); n > len(seen) {
		t.Errorf("renderer prepared %d zones itself; only the %d small polygon zones and other zones the tiles met are its to prepare", n, len(seen))
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
