package repair

import (
	"math"

	"github.com/paulmach/orb"
)

// repairCase is one invalid input, with the repair's expected planar area
// (in square degrees) and actions.
type repairCase struct {
	name    string
	geom    orb.Geometry
	area    float64
	actions []string
}

// sq returns the closed counter-clockwise square [x, x+s] × [y, y+s],
// offset into Shanxi (lon 111, lat 36) and scaled by 0.01°.
func sq(x, y, s float64) orb.Ring {
	return ring([][2]float64{{x, y}, {x + s, y}, {x + s, y + s}, {x, y + s}, {x, y}})
}

// ring places unit coordinates at lon 111 + 0.01x, lat 36 + 0.01y.
func ring(pts [][2]float64) orb.Ring {
	r := make(orb.Ring, len(pts))
	for i, p := range pts {
		r[i] = orb.Point{111 + 0.01*p[0], 36 + 0.01*p[1]}
	}
	return r
}

func reversed(r orb.Ring) orb.Ring {
	out := append(orb.Ring(nil), r...)
	out.Reverse()
	return out
}

// unit is one square unit of the test coordinates in square degrees.
const unit = 1e-4

// repairCases are the hand-built invalid geometries shared by the unit
// tests and the GDAL comparison.
func repairCases() []repairCase {
	return []repairCase{
		{"bow-tie", orb.Polygon{ring([][2]float64{{0, 0}, {2, 2}, {2, 0}, {0, 2}, {0, 0}})},
			2 * unit, []string{ActionSplitSelfIntersection}},
		{"figure-eight", orb.Polygon{ring([][2]float64{{0, 0}, {2, 0}, {2, 2}, {4, 2}, {4, 4}, {2, 4}, {2, 2}, {0, 2}, {0, 0}})},
			8 * unit, []string{ActionSplitSelfIntersection}},
		{"overlapping squares", orb.MultiPolygon{{sq(0, 0, 2)}, {sq(1, 1, 2)}},
			7 * unit, []string{ActionUnionOverlappingParts}},
		{"spike", orb.Polygon{ring([][2]float64{{0, 0}, {4, 0}, {4, 2}, {6, 2}, {4, 2}, {4, 4}, {0, 4}, {0, 0}})},
			16 * unit, []string{ActionRemovedSpike}},
		{"crossing spike", orb.Polygon{ring([][2]float64{{0, 0}, {4, 0}, {4, 2}, {-1, 2.5}, {4, 3}, {4, 4}, {0, 4}, {0, 0}})},
			13.7 * unit, []string{ActionSplitSelfIntersection}},
		{"duplicate vertices", orb.Polygon{ring([][2]float64{{0, 0}, {0, 0}, {2, 0}, {2, 0}, {2, 2}, {0, 2}, {0, 2}, {0, 0}})},
			4 * unit, []string{ActionRemovedDuplicatePoints}},
		{"reversed orientation", orb.Polygon{reversed(sq(0, 0, 3)), sq(1, 1, 1)},
			8 * unit, []string{ActionReoriented}},
		{"unclosed ring", orb.Polygon{ring([][2]float64{{0, 0}, {3, 0}, {3, 3}, {0, 3}})},
			9 * unit, []string{ActionClosedRing}},
		{"hole crossing the shell", orb.Polygon{sq(0, 0, 2), reversed(sq(1, 1, 2))},
			3 * unit, []string{ActionClippedHoles}},
		{"hole outside the shell", orb.Polygon{sq(0, 0, 2), reversed(sq(5, 5, 1))},
			4 * unit, []string{ActionClippedHoles}},
		{"overlapping holes", orb.Polygon{sq(0, 0, 10), reversed(sq(1, 1, 4)), reversed(sq(3, 3, 4))},
			(100 - 28) * unit, []string{ActionClippedHoles}},
		{"ring wound twice", orb.Polygon{ring([][2]float64{{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 1}, {3, 1}, {3, 3}, {1, 3}, {1, 0.5}, {0, 0.5}, {0, 0}})},
			11.5 * unit, []string{ActionSplitSelfIntersection}},
		{"collinear points", orb.Polygon{ring([][2]float64{{0, 0}, {1, 0}, {2, 0}, {2, 2}, {0, 2}, {0, 1}, {0, 0}})},
			4 * unit, []string{ActionRemovedCollinearPoints}},
	}
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(math.Abs(a), math.Abs(b)) }
