package label

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

func TestPointOfShapes(t *testing.T) {
	t.Parallel()
	square := orb.Polygon{{{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}}}
	// A U shape: the centroid (2, 2.4) falls in the notch; the label must not.
	u := orb.Polygon{{{0, 0}, {6, 0}, {6, 6}, {4, 6}, {4, 2}, {2, 2}, {2, 6}, {0, 6}, {0, 0}}}
	// A square with a hole in the middle: the label avoids the hole.
	holed := orb.Polygon{square[0], {{1, 1}, {1, 3}, {3, 3}, {3, 1}, {1, 1}}}
	cases := []struct {
		name string
		g    orb.Geometry
		want orb.Point
		tol  float64
	}{
		{"point", orb.Point{1, 2}, orb.Point{1, 2}, 0},
		{"line middle", orb.LineString{{0, 0}, {2, 0}, {2, 2}}, orb.Point{2, 0}, 1e-12},
		{"square centre", square, orb.Point{2, 2}, 0.01},
		{"largest part", orb.MultiPolygon{{{{10, 10}, {11, 10}, {11, 11}, {10, 10}}}, square}, orb.Point{2, 2}, 0.01},
	}
	for _, c := range cases {
		got, ok := Point(c.g, 0)
		if !ok || math.Abs(got[0]-c.want[0]) > c.tol || math.Abs(got[1]-c.want[1]) > c.tol {
			t.Errorf("%s: Point = %v, %v; want %v ± %g", c.name, got, ok, c.want, c.tol)
		}
	}
	for name, p := range map[string]orb.Polygon{"U": u, "holed": holed} {
		got, ok := Point(p, 0)
		if !ok || !planar.PolygonContains(p, got) {
			t.Errorf("%s: label point %v is not inside", name, got)
		}
		if d := signedDistance(got, p); d < 0.45 {
			t.Errorf("%s: label point %v is %g from the edge, want ≥ 0.45", name, got, d)
		}
	}
	if _, ok := Point(orb.Polygon{}, 0); ok {
		t.Error("an empty polygon has a label point")
	}
	if _, ok := Point(orb.LineString{}, 0); ok {
		t.Error("an empty line has a label point")
	}
}

// TestPointBoundedOnPathologicalInput: a ring of 100,000 zigzag vertices
// still returns a point inside, within the cell budget.
func TestPointBoundedOnPathologicalInput(t *testing.T) {
	t.Parallel()
	var r orb.Ring
	const n = 100000
	for i := range n {
		y := 0.0
		if i%2 == 1 {
			y = 0.001
		}
		r = append(r, orb.Point{float64(i) / n, y})
	}
	r = append(r, orb.Point{1, 1}, orb.Point{0, 1}, r[0])
	got, ok := Point(orb.Polygon{r}, 0)
	if !ok || !planar.PolygonContains(orb.Polygon{r}, got) {
		t.Errorf("label point %v (ok %v) is not inside the zigzag polygon", got, ok)
	}
}
