package tiles

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/zonegate/zonegate/geo"
)

// randomBox returns a box of random size and place over the rings of
// randomRing around the unit square, sometimes degenerate-thin.
func randomBox(rng *rand.Rand) orb.Bound {
	x, y := rng.Float64()*3-1, rng.Float64()*3-1
	w, h := 0.01+rng.Float64()*1.2, 0.01+rng.Float64()*1.2
	return orb.Bound{Min: orb.Point{x, y}, Max: orb.Point{x + w, y + h}}
}

// clippedArea returns the area of clipRing's result, 0 when empty.
func clippedArea(r []orb.Point) float64 {
	if r == nil {
		return 0
	}
	return planar.Area(orb.Ring(r))
}

// collapseRuns must leave clipRing's result unchanged, point for point,
// whatever the ring and the box.
func TestCollapseRunsKeepsClipExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(testSeed(t, 3), 7))
	var tmp, dst, tmp2, dst2 []orb.Point
	collapsed := 0
	for i := range 3000 {
		c := orb.Point{rng.Float64()*2 - 0.5, rng.Float64()*2 - 0.5}
		r := randomRing(rng, c, 0.1+rng.Float64()*1.5, 3+rng.IntN(600))
		pr := prepareRing(r)
		box := randomBox(rng)
		want := slices.Clone(clipRing(r, box, &tmp, &dst))
		in := []orb.Point(r)
		if pr.runs != nil {
			in = collapseRuns(r, pr.runs, box, nil)
		}
		collapsed += len(r) - len(in)
		got := clipRing(in, box, &tmp2, &dst2)
		if !slices.Equal(got, want) {
			t.Fatalf("ring %d (%d points, box %v): clip of the collapsed ring differs\ngot  %v\nwant %v", i, len(r), box, got, want)
		}
	}
	if collapsed == 0 {
		t.Fatal("no run was ever collapsed: the test exercises nothing")
	}
	t.Logf("%d points collapsed away", collapsed)
}

// mercatorRing returns r projected to the unit square, as significance
// measures it.
func mercatorRing(r orb.Ring) []orb.Point {
	out := make([]orb.Point, len(r))
	for i, p := range r {
		out[i] = mercator(p)
	}
	return out
}

// Keeping the points whose significance exceeds ε² must give exactly the
// points Douglas–Peucker (the per-tile simplifier, itself held to orb's)
// keeps on the whole ring at tolerance ε, at every ε.
func TestSignificanceMatchesDouglasPeucker(t *testing.T) {
	rng := rand.New(rand.NewPCG(testSeed(t, 4), 7))
	var s simplifier
	for i := range 400 {
		c := orb.Point{111 + rng.Float64(), 35.5 + rng.Float64()}
		r := randomRing(rng, c, 0.001+rng.Float64()*0.05, 3+rng.IntN(500))
		sig := significance(r)
		m := mercatorRing(r)
		for range 8 {
			eps := math.Exp2(-14 - 16*rng.Float64()) // from 1e-4 down to 1e-9 of the world
			want := s.simplify(slices.Clone(m), eps)
			var got []orb.Point
			for k, v := range sig {
				if float64(v) > eps*eps {
					got = append(got, m[k])
				}
			}
			if !slices.Equal(got, want) {
				t.Fatalf("ring %d (%d points) at ε=%g: %d points kept by significance, %d by Douglas–Peucker", i, len(r), eps, len(got), len(want))
			}
		}
	}
}

// collapseSig clips to the same region as the ring simplified by
// significance and then clipped whole: equal area, and every probe point
// of the box inside one exactly when inside the other.
func TestCollapseSigKeepsRegion(t *testing.T) {
	rng := rand.New(rand.NewPCG(testSeed(t, 5), 7))
	var tmp, dst, tmp2, dst2 []orb.Point
	for i := range 1500 {
		c := orb.Point{rng.Float64()*2 - 0.5, rng.Float64()*2 - 0.5}
		r := randomRing(rng, c, 0.1+rng.Float64()*1.5, sigMinEdges+2+rng.IntN(600))
		pr := prepareRing(r)
		if pr.sig == nil {
			t.Fatalf("ring of %d points has no significance", len(r))
		}
		box := randomBox(rng)
		thr2 := []float64{-1, 0, 1e-14, 1e-12, 1e-10}[rng.IntN(5)]
		simplified := keepSig(r, pr.sig, thr2, nil)
		want := slices.Clone(clipRing(simplified, box, &tmp, &dst))
		got := clipRing(collapseSig(r, pr.runs, pr.sig, box, thr2, nil), box, &tmp2, &dst2)
		if wa, ga := clippedArea(want), clippedArea(got); math.Abs(wa-ga) > 1e-9 {
			t.Fatalf("ring %d (box %v, thr² %g): area %v, whole-ring clip gives %v", i, box, thr2, ga, wa)
		}
		for range 30 {
			p := orb.Point{box.Min[0] + rng.Float64()*(box.Max[0]-box.Min[0]), box.Min[1] + rng.Float64()*(box.Max[1]-box.Min[1])}
			in := got != nil && planar.RingContains(orb.Ring(got), p)
			win := want != nil && planar.RingContains(orb.Ring(want), p)
			if in != win {
				t.Fatalf("ring %d (box %v, thr² %g): probe %v inside = %v, whole-ring clip says %v", i, box, thr2, p, in, win)
			}
		}
	}
}

func TestPreparedCacheStaysBounded(t *testing.T) {
	rng := rand.New(rand.NewPCG(testSeed(t, 6), 7))
	zone := func(i int) *geo.Zone {
		return &geo.Zone{Layer: "l", ID: fmt.Sprint(i), Geometry: orb.Polygon{randomRing(rng, orb.Point{111, 36}, 0.01, 500)}}
	}
	one := prepareZone(zone(0), Options{}.withDefaults()).bytes
	c := newPreparedCache(10 * one)
	var zs []*geo.Zone
	for i := range 100 {
		z := zone(i)
		zs = append(zs, z)
		if c.get(z, Options{}.withDefaults()) == nil {
			t.Fatalf("zone %d: not prepared", i)
		}
		if n, b := c.stats(); b > c.max || n == 0 {
			t.Fatalf("after %d zones: %d entries of %d bytes, bound %d", i+1, n, b, c.max)
		}
	}
	if got := c.get(zs[99], Options{}.withDefaults()); got != c.get(zs[99], Options{}.withDefaults()) {
		t.Fatal("a cached zone is prepared again")
	}
	if pz := c.get(&geo.Zone{ID: "p", Geometry: orb.Point{1, 2}}, Options{}.withDefaults()); len(pz.polygons) != 0 || len(pz.props) == 0 {
		t.Fatalf("a point zone: %d prepared polygons, %d properties; want none and its properties", len(pz.polygons), len(pz.props))
	}
	var wg sync.WaitGroup // concurrent use; run with -race
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range 200 {
				c.get(zs[(g*31+k)%len(zs)], Options{}.withDefaults())
			}
		}()
	}
	wg.Wait()
	if _, b := c.stats(); b > c.max {
		t.Fatalf("%d bytes held, bound %d", b, c.max)
	}
}

// A prepared zone carries the feature properties appendProps makes, so a
// tile copies them instead of sorting and formatting them per feature,
// and counts them against the cache bound.
func TestPreparedZoneCarriesProps(t *testing.T) {
	t.Parallel()
	z := &geo.Zone{Layer: "bans", ID: "sq", Name: "Square", Kind: "coal_ban", Version: 3,
		Geometry:   orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}},
		Properties: map[string]any{"n": 2.5, "nested": map[string]any{"a": 1}, "id": "shadowed", "note": nil}}
	z.Validity.From = time.Date(2020, 5, 15, 0, 0, 0, 0, time.FixedZone("", 8*3600))
	want, err := appendProps(nil, z)
	if err != nil {
		t.Fatal(err)
	}
	pz := prepareZone(z, Options{}.withDefaults())
	if pz.propsErr != nil || !slices.Equal(pz.props, want) {
		t.Fatalf("prepared props %v (%v), want %v", pz.props, pz.propsErr, want)
	}
	bare := *z
	bare.Properties, bare.Validity.From = nil, time.Time{}
	if more := pz.bytes - prepareZone(&bare, Options{}.withDefaults()).bytes; more < 2*propBytes {
		t.Errorf("two more properties and valid_from add %d bytes to the zone's size", more)
	}
}
