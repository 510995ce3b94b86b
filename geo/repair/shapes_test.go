package repair

import (
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// countyLike returns a closed, simple, star-shaped ring of n vertices
// around c with a ragged radius near r degrees, like a county boundary.
func countyLike(rng *rand.Rand, c orb.Point, r float64, n int) orb.Ring {
	out := make(orb.Ring, 0, n+1)
	for i := 0; i < n; i++ {
		a := 2 * math.Pi * float64(i) / float64(n)
		rad := r * (0.75 + 0.15*math.Sin(5*a) + 0.1*rng.Float64())
		out = append(out, orb.Point{c[0] + rad*math.Cos(a), c[1] + 0.8*rad*math.Sin(a)})
	}
	return append(out, out[0])
}

// perturb returns a copy of r with k random vertices moved far enough to
// make edges cross, as digitising slips do.
func perturb(rng *rand.Rand, r orb.Ring, k int) orb.Polygon {
	out := append(orb.Ring(nil), r...)
	n := len(out) - 1
	b := r.Bound()
	for ; k > 0; k-- {
		i := rng.IntN(n)
		j := (i + 2 + rng.IntN(5)) % n
		out[i], out[j] = out[j], out[i]
		if rng.IntN(3) == 0 {
			out[i][0] += (rng.Float64() - 0.5) * 0.2 * (b.Max[0] - b.Min[0])
		}
	}
	out[n] = out[0]
	return orb.Polygon{out}
}

// shanxiLike builds what two of the Shanxi counties look like: a
// MultiPolygon whose main part is overlapped by a second, smaller part
// drawn across its edge.
func shanxiLike(county orb.Ring) orb.MultiPolygon {
	b := county.Bound()
	w, h := b.Max[0]-b.Min[0], b.Max[1]-b.Min[1]
	c := orb.Point{b.Max[0] - 0.1*w, (b.Min[1] + b.Max[1]) / 2}
	part := orb.Ring{{c[0] - 0.1*w, c[1] - 0.1*h}, {c[0] + 0.2*w, c[1] - 0.1*h}, {c[0] + 0.2*w, c[1] + 0.1*h}, {c[0] - 0.1*w, c[1] + 0.1*h}, {c[0] - 0.1*w, c[1] - 0.1*h}}
	return orb.MultiPolygon{{county}, {part}}
}

// overlapWithShifted returns p and a copy of its shell shifted by a tenth
// of its width as one MultiPolygon.
func overlapWithShifted(p orb.Polygon) orb.MultiPolygon {
	b := p[0].Bound()
	dx := 0.1 * (b.Max[0] - b.Min[0])
	moved := make(orb.Ring, len(p[0]))
	for i, pt := range p[0] {
		moved[i] = orb.Point{pt[0] + dx, pt[1]}
	}
	return orb.MultiPolygon{p, {moved}}
}

// linfenCounties loads the Linfen county polygons when the shared data is
// present ($ZONEGATE_LINFEN, or ../shared/data/linfen/counties.geojson from
// the repository root); nil otherwise.
func linfenCounties(t *testing.T) []orb.Polygon {
	t.Helper()
	paths := []string{os.Getenv("ZONEGATE_LINFEN"), filepath.Join("..", "..", "..", "shared", "data", "linfen", "counties.geojson")}
	for _, p := range paths {
		if p == "" {
			continue
		}
		raw, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		fc, err := geojson.UnmarshalFeatureCollection(raw)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		var out []orb.Polygon
		for _, f := range fc.Features {
			switch g := f.Geometry.(type) {
			case orb.Polygon:
				out = append(out, g)
			case orb.MultiPolygon:
				out = append(out, g...)
			}
		}
		t.Logf("using %d Linfen county polygons from %s", len(out), p)
		return out
	}
	t.Log("no Linfen data; using generated shapes only")
	return nil
}
