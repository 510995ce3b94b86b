package kiln_test

import (
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"

	"github.com/zonegate/zonegate/data/demo"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/analysis/kiln"
)

// demoLayers returns the demo zones of the layers the kiln analyses use.
func demoLayers() (builtUp, townships, counties, kilns []*geo.Zone) {
	_, zones := demo.Region()
	for _, z := range zones {
		switch z.Layer {
		case demo.LayerBuiltUp:
			builtUp = append(builtUp, z)
		case demo.LayerKilnTownships:
			townships = append(townships, z)
		case demo.LayerCounties:
			counties = append(counties, z)
		case demo.LayerKilns:
			kilns = append(kilns, z)
		}
	}
	return
}

// demoModel builds a model of the demo region under c.
func demoModel(t testing.TB, c kiln.Criteria, tr kiln.Terrain) *kiln.Model {
	t.Helper()
	bu, ts, cs, _ := demoLayers()
	m, err := kiln.New(kiln.Input{BuiltUp: bu, Townships: ts, Counties: cs, Terrain: tr}, c)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// rng returns a generator seeded from env SEED or the fixed default, and
// logs the seed so a failure can be replayed.
func rng(t *testing.T) *rand.Rand {
	t.Helper()
	seed := uint64(20200415)
	if s := os.Getenv("SEED"); s != "" {
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("SEED=%q: %v", s, err)
		}
		seed = v
	}
	t.Logf("seed %d (override with SEED=...)", seed)
	return rand.New(rand.NewPCG(seed, 7))
}

// planeTerrain is a Terrain of a tilted plane: elevation rises eastwards
// from base at lon0 by slopeDeg.
type planeTerrain struct{ lon0, base, slopeDeg, mPerDeg float64 }

func (p planeTerrain) Sample(lon, _ float64) (float64, string, bool) {
	return p.base + (lon-p.lon0)*p.mPerDeg*tanDeg(p.slopeDeg), "plane", true
}

func (p planeTerrain) Slope(_, _ float64) (float64, bool) { return p.slopeDeg, true }

func tanDeg(d float64) float64 { return math.Tan(d * math.Pi / 180) }
