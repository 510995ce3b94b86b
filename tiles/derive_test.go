package tiles_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"

	"github.com/zonegate/zonegate/geo/index"
	"github.com/zonegate/zonegate/tiles"
)

// A Renderer over an index built with tiles.Derive renders every tile
// byte for byte as Encode does over a plain index and prepares no zone
// itself: Derive kept data for every zone with a ring of more than 32
// edges, properties of its own or a validity, and the renderer draws the
// other zones on the spot, so no first tile pays for preparing.
func TestRendererUsesDerivedData(t *testing.T) {
	rng := rand.New(rand.NewPCG(seed(t, 11), 5))
	ts, _, zs := randomSet(rng)
	for i, z := range zs {
		if i%4 == 0 {
			z.Properties = map[string]any{"owner": fmt.Sprint("owner ", i), "area_km2": float64(i) / 3, "name": "replaced by Name"}
		} else if i%4 == 1 {
			z.Properties = map[string]any{"id": "replaced by ID"}
		}
		if i%7 == 0 {
			z.Validity.From = time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)
		}
		if i%11 == 0 {
			z.Validity.To = time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC)
		}
	}
	plainIx := index.New()
	plainIx.Apply(zs...)
	plain := plainIx.Snapshot()
	ix := index.New(index.WithDeriver(tiles.Derive))
	ix.Apply(zs...)
	derived := ix.Snapshot()
	counts := map[string]int{}
	for i, z := range zs {
		large := false
		if p, ok := z.Geometry.(orb.Polygon); ok {
			for _, r := range p {
				large = large || len(r)-1 > 32
			}
		}
		own := i%4 == 0 || !z.Validity.From.IsZero() || !z.Validity.To.IsZero()
		d, n := tiles.Derive(z)
		if want := large || own; (d != nil) != want || (n > 0) != want {
			t.Fatalf("zone %s (large ring %v, own properties or validity %v): Derive gave data %v, %d bytes", z.ID, large, own, d != nil, n)
		}
		counts[fmt.Sprintf("large=%v own=%v", large, own)]++
	}
	if len(counts) != 4 {
		t.Fatalf("zones by kind %v: the set must have every mix of small and large, with and without properties", counts)
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
