package trucks_test

import (
	"math"
	"os"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/paulmach/orb"
	orbgeo "github.com/paulmach/orb/geo"
	"github.com/zonegate/zonegate/data/demo"
	"github.com/zonegate/zonegate/data/demo/trucks"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/index"
)

// seed returns $SEED or the generator's default, and logs it.
func seed(t *testing.T) uint64 {
	s := uint64(trucks.DefaultSeed)
	if v := os.Getenv("SEED"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			t.Fatalf("SEED=%q: %v", v, err)
		}
		s = n
	}
	t.Logf("seed %d (override with SEED=...)", s)
	return s
}

func TestGenerateIsDeterministic(t *testing.T) {
	cfg := trucks.Config{Seed: seed(t)}
	a, err := trucks.Generate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	b, err := trucks.Generate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two fleets generated from one Config differ")
	}
	c, err := trucks.Generate(trucks.Config{Seed: cfg.Seed + 1})
	if err != nil {
		t.Fatal(err)
	}
	if reflect.DeepEqual(a, c) {
		t.Error("fleets from different seeds are equal")
	}
}

// TestGenerateFleetShape checks the counts, plates and the 30 s clock.
func TestGenerateFleetShape(t *testing.T) {
	start := time.Date(2020, 12, 1, 0, 0, 0, 0, time.UTC)
	fleet, err := trucks.Generate(trucks.Config{Seed: seed(t), Start: start})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[trucks.Kind]int{}
	plates := map[string]bool{}
	for _, tr := range fleet {
		kinds[tr.Kind]++
		if plates[tr.Plate] {
			t.Errorf("plate %s used twice", tr.Plate)
		}
		plates[tr.Plate] = true
		if len(tr.Track) < 10 {
			t.Errorf("%s: %d positions, want at least 10", tr.Plate, len(tr.Track))
		}
		for i, p := range tr.Track {
			if d := p.Time.Sub(start); d < 0 || d%trucks.Interval != 0 {
				t.Errorf("%s position %d at %v: not on the 30 s grid from %v", tr.Plate, i, p.Time, start)
			}
			if i > 0 && p.Time.Sub(tr.Track[i-1].Time) != trucks.Interval {
				t.Errorf("%s positions %d and %d are %v apart", tr.Plate, i-1, i, p.Time.Sub(tr.Track[i-1].Time))
			}
		}
	}
	want := map[trucks.Kind]int{trucks.Compliant: 22, trucks.EntersCoalBan: 4, trucks.OffRoute: 4}
	if !reflect.DeepEqual(kinds, want) {
		t.Errorf("kinds = %v, want %v", kinds, want)
	}
}

// TestGeneratedTrucksDoWhatTheirKindSays checks every truck against the
// demo region independently of the generator: coal-ban zones with the
// zone index (positions and the segments between them), corridors by
// brute force (each route densified to 5 m, haversine distances).
func TestGeneratedTrucksDoWhatTheirKindSays(t *testing.T) {
	fleet, err := trucks.Generate(trucks.Config{Seed: seed(t)})
	if err != nil {
		t.Fatal(err)
	}
	_, zones := demo.Region()
	ix := index.New()
	ix.Apply(zones...)
	snap := ix.Snapshot()
	routes := map[string]orb.LineString{}
	corridor := map[string]float64{}
	for _, z := range zones {
		if z.Kind == geo.KindCoalRoute {
			routes[z.ID] = z.Geometry.(orb.LineString)
			corridor[z.ID] = z.Properties["corridor_m"].(float64)
		}
	}
	for _, tr := range fleet {
		q := index.Query{At: tr.Track[0].Time, Layers: []string{demo.LayerCoalBan}}
		crossings := snap.Crossings(tr.LineString(), q)
		inside := 0
		for _, p := range tr.Track {
			inside += len(snap.ZonesAt(nil, p.At, q))
		}
		switch tr.Kind {
		case trucks.Compliant, trucks.OffRoute:
			if len(crossings) > 0 || inside > 0 {
				t.Errorf("%s (%s): track enters %d coal-ban zones (%d positions inside), want none", tr.Plate, tr.Kind, len(crossings), inside)
			}
		case trucks.EntersCoalBan:
			if len(crossings) == 0 || inside == 0 {
				t.Errorf("%s (%s): crosses %d coal-ban zones with %d positions inside, want at least one of each", tr.Plate, tr.Kind, len(crossings), inside)
			}
		}
		switch tr.Kind {
		case trucks.Compliant, trucks.EntersCoalBan:
			for i, p := range tr.Track {
				if d := bruteDistance(p.At, routes[tr.Road]); d > 3 {
					t.Errorf("%s (%s) position %d is %.1f m from its route %s, want on it", tr.Plate, tr.Kind, i, d, tr.Road)
				}
			}
		case trucks.OffRoute:
			farthest := 0.0
			for _, p := range tr.Track {
				nearest := math.Inf(1)
				for _, l := range routes {
					nearest = math.Min(nearest, bruteDistance(p.At, l))
				}
				farthest = math.Max(farthest, nearest)
			}
			if farthest <= 2*corridor[tr.Road] {
				t.Errorf("%s (off route): at most %.0f m from the nearest route, want more than %.0f m", tr.Plate, farthest, 2*corridor[tr.Road])
			}
		}
	}
}

// bruteDistance is the haversine distance from p to line, the minimum over
// the line's points every 5 m, skipping segments far from p. It
// overestimates by at most 2.5 m, so a point on the line is within 3 m.
func bruteDistance(p orb.Point, line orb.LineString) float64 {
	best := math.Inf(1)
	for i := 1; i < len(line); i++ {
		a, b := line[i-1], line[i]
		if math.Min(orbgeo.DistanceHaversine(p, a), orbgeo.DistanceHaversine(p, b)) > orbgeo.DistanceHaversine(a, b)+best {
			continue
		}
		n := int(orbgeo.DistanceHaversine(a, b)/5) + 1
		for k := 0; k <= n; k++ {
			f := float64(k) / float64(n)
			q := orb.Point{a[0] + f*(b[0]-a[0]), a[1] + f*(b[1]-a[1])}
			best = math.Min(best, orbgeo.DistanceHaversine(p, q))
		}
	}
	return best
}
