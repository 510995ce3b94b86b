package tiles_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
	"github.com/paulmach/orb/planar"

	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/index"
	"github.com/zonegate/zonegate/geo/synth"
	"github.com/zonegate/zonegate/tiles"
)

// randomSet builds polygons (spiky stars, some with a hole), lines and
// points over a 2°×2° square near Linfen.
func randomSet(rng *rand.Rand) (tiles.Tileset, *index.Snapshot, []*geo.Zone) {
	var zs []*geo.Zone
	add := func(layer string, kind geo.Kind, i int, g orb.Geometry) {
		zs = append(zs, &geo.Zone{Layer: layer, ID: fmt.Sprintf("%s%d", layer, i), Version: 1, Kind: kind,
			Status: geo.StatusPublished, Revision: int64(len(zs) + 1), Geometry: g})
	}
	for i := range 150 {
		c := orb.Point{110.5 + 2*rng.Float64(), 35 + 2*rng.Float64()}
		rmax := 0.002 + rng.Float64()*0.3
		shell := synth.JaggedRing(rng, c, rmax*0.6*rng.Float64(), rmax, 3+rng.IntN(400))
		p := orb.Polygon{shell}
		if rng.IntN(3) == 0 { // a hole well inside the inner radius
			h := synth.JaggedRing(rng, c, 0.05*rmax, 0.15*rmax*0.6, 3+rng.IntN(30))
			h.Reverse()
			p = append(p, h)
		}
		if rng.IntN(2) == 0 {
			p[0] = synth.JaggedRing(rng, c, rmax*0.5, rmax, 3+rng.IntN(400)) // inner radius ≥ 0.5 rmax keeps the hole inside
		}
		add("poly", geo.KindCustom, i, p)
	}
	for i := range 60 {
		l := orb.LineString{{110.5 + 2*rng.Float64(), 35 + 2*rng.Float64()}}
		for range 1 + rng.IntN(50) {
			last := l[len(l)-1]
			l = append(l, orb.Point{last[0] + rng.NormFloat64()*0.05, last[1] + rng.NormFloat64()*0.05})
		}
		add("line", geo.KindCoalRoute, i, l)
	}
	for i := range 60 {
		add("point", geo.KindCheckpoint, i, orb.Point{110.5 + 2*rng.Float64(), 35 + 2*rng.Float64()})
	}
	ix := index.New()
	ix.Apply(zs...)
	ts := tiles.Tileset{Name: "random", Layers: []geo.Layer{{ID: "poly"}, {ID: "line"}, {ID: "point"}}}
	return ts, ix.Snapshot(), zs
}

// Over many random tiles of a random data set: every coordinate lies in
// [-buffer, extent+buffer], every ring is closed with at least three
// distinct points, exteriors have positive and holes negative area by the
// MVT formula, and a probe point well away from any boundary is inside a
// decoded polygon exactly when it is inside the source zone.
func TestEncodeProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(seed(t, 20201101), 3))
	ts, src, zs := randomSet(rng)
	byID := map[string]*geo.Zone{}
	for _, z := range zs {
		byID[z.ID] = z
	}
	const lo, hi = -64.0, 4096 + 64.0
	for n := range 300 {
		z := maptile.Zoom(rng.IntN(17) + 2)
		tile := maptile.At(orb.Point{110.5 + 2*rng.Float64(), 35 + 2*rng.Float64()}, z)
		b, err := tiles.Encode(src, ts, tile, at2020, tiles.Options{})
		if err != nil {
			t.Fatalf("tile %d %v: %v", n, tile, err)
		}
		for _, l := range decode(t, b) {
			for _, f := range l.Features {
				where := fmt.Sprintf("tile %v layer %s feature %v", tile, l.Name, f.Properties["id"])
				checkCoords(t, where, f.Geometry, lo, hi)
				if l.Name == "poly" {
					checkPolygons(t, where, f.Geometry)
					checkContainment(t, rng, where, tile, f.Geometry, byID[f.Properties["id"].(string)].Geometry)
				}
			}
		}
	}
}

func checkCoords(t *testing.T, where string, g orb.Geometry, lo, hi float64) {
	t.Helper()
	b := g.Bound()
	if b.Min[0] < lo || b.Min[1] < lo || b.Max[0] > hi || b.Max[1] > hi {
		t.Fatalf("%s: bound %v leaves [%v, %v]", where, b, lo, hi)
	}
}

func checkPolygons(t *testing.T, where string, g orb.Geometry) {
	t.Helper()
	var polys []orb.Polygon
	switch g := g.(type) {
	case orb.Polygon:
		polys = []orb.Polygon{g}
	case orb.MultiPolygon:
		polys = g
	default:
		t.Fatalf("%s: %T in a polygon layer", where, g)
	}
	for _, p := range polys {
		for i, r := range p {
			distinct := map[orb.Point]bool{}
			for _, q := range r {
				distinct[q] = true
			}
			if len(r) < 4 || r[0] != r[len(r)-1] || len(distinct) < 3 {
				t.Fatalf("%s: ring %d has %d points, %d distinct: %v", where, i, len(r), len(distinct), r)
			}
			if a := mvtArea2(r); (i == 0) != (a > 0) || a == 0 {
				t.Fatalf("%s: ring %d has area %v (exterior must be > 0, holes < 0)", where, i, a)
			}
		}
	}
}

// checkContainment probes random points of the tile that lie more than
// 3 px from the source geometry's boundary: simplification and snapping
// move edges by less than that, so the decoded geometry must agree with
// the source on them.
func checkContainment(t *testing.T, rng *rand.Rand, where string, tile maptile.Tile, got, src orb.Geometry) {
	t.Helper()
	proj := projectGeometry(tile, src)
	for range 30 {
		p := orb.Point{rng.Float64() * 4096, rng.Float64() * 4096}
		if boundaryDistance(proj, p) < 24 {
			continue
		}
		if in, want := contains(got, p), contains(proj, p); in != want {
			t.Fatalf("%s: probe %v inside = %v, source says %v", where, p, in, want)
		}
	}
}

func contains(g orb.Geometry, p orb.Point) bool {
	switch g := g.(type) {
	case orb.Polygon:
		return planar.PolygonContains(g, p)
	case orb.MultiPolygon:
		return planar.MultiPolygonContains(g, p)
	}
	return false
}

// projectGeometry projects a polygon to tile units without rounding,
// through refProject's formula at higher precision.
func projectGeometry(tile maptile.Tile, g orb.Geometry) orb.Polygon {
	scale := 4096 * math.Exp2(float64(tile.Z))
	pr := func(p orb.Point) orb.Point {
		s := math.Sin(p[1] * math.Pi / 180)
		return orb.Point{(p[0]/360+0.5)*scale - float64(tile.X)*4096,
			(0.5-math.Log((1+s)/(1-s))/(4*math.Pi))*scale - float64(tile.Y)*4096}
	}
	src := g.(orb.Polygon)
	out := make(orb.Polygon, len(src))
	for i, r := range src {
		out[i] = make(orb.Ring, len(r))
		for k, p := range r {
			out[i][k] = pr(p)
		}
	}
	return out
}

func boundaryDistance(p orb.Polygon, q orb.Point) float64 {
	d := math.Inf(1)
	for _, r := range p {
		for i := 0; i+1 < len(r); i++ {
			d = math.Min(d, planar.DistanceFromSegment(r[i], r[i+1], q))
		}
	}
	return d
}
