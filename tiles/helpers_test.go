package tiles_test

import (
	"math"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/maptile"

	"github.com/zonegate/zonegate/data/demo"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/index"
	"github.com/zonegate/zonegate/tiles"
)

// The index snapshot is the production Source.
var _ tiles.Source = (*index.Snapshot)(nil)

// at2020 is the query time of the tests: after the demo's ban zones start.
var at2020 = time.Date(2020, 11, 1, 0, 0, 0, 0, time.UTC)

// linfen is Linfen city centre, inside every demo zone layer's coverage.
var linfen = orb.Point{111.5186, 36.0880}

// demoSet returns the demo tileset and an index holding the demo region,
// each zone at version 1 with revision = its position + 1.
func demoSet(tb testing.TB) (tiles.Tileset, *index.Index, []*geo.Zone) {
	tb.Helper()
	layers, zones := demo.Region()
	for i, z := range zones {
		z.Version, z.Revision = 1, int64(i+1)
	}
	ix := index.New()
	ix.Apply(zones...)
	return tiles.Tileset{Name: tiles.DefaultTileset, Layers: layers}, ix, zones
}

// decode unmarshals a tile, failing the test on error; an empty tile is no
// layers.
func decode(tb testing.TB, b []byte) mvt.Layers {
	tb.Helper()
	if len(b) == 0 {
		return nil
	}
	ls, err := mvt.Unmarshal(b)
	if err != nil {
		tb.Fatalf("decode tile: %v", err)
	}
	return ls
}

// layerByName returns the decoded layer called name, or nil.
func layerByName(ls mvt.Layers, name string) *mvt.Layer {
	for _, l := range ls {
		if l.Name == name {
			return l
		}
	}
	return nil
}

// seed returns the random seed of a property test: $SEED or def, printed
// so a failure can be replayed.
func seed(tb testing.TB, def uint64) uint64 {
	tb.Helper()
	s := def
	if v := os.Getenv("SEED"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			tb.Fatalf("SEED=%q: %v", v, err)
		}
		s = n
	}
	tb.Logf("seed %d (override with SEED=...)", s)
	return s
}

// refProject projects p to tile units with orb's own MVT projection
// (mvt.Layer.ProjectToTile), the reference the encoder must agree with.
func refProject(t maptile.Tile, p orb.Point) orb.Point {
	l := &mvt.Layer{Extent: 4096, Features: []*geojson.Feature{geojson.NewFeature(p)}}
	l.ProjectToTile(t)
	return l.Features[0].Geometry.(orb.Point)
}

func near(a, b orb.Point, tol float64) bool {
	return math.Abs(a[0]-b[0]) <= tol && math.Abs(a[1]-b[1]) <= tol
}
