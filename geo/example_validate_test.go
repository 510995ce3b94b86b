package geo_test

import (
	"fmt"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo"
)

func ExampleValidateGeometry() {
	bowTie := orb.Polygon{{{111.50, 36.05}, {111.54, 36.09}, {111.54, 36.05}, {111.50, 36.09}, {111.50, 36.05}}}
	fmt.Println(geo.ValidateGeometry(bowTie, geo.ClassPolygon))

	withDuplicate := orb.Polygon{{{0, 0}, {0, 1}, {0, 1}, {1, 1}, {1, 0}, {0, 0}}}
	fixed := geo.NormalizeGeometry(withDuplicate)
	fmt.Println(fixed, geo.ValidateGeometry(fixed, geo.ClassPolygon))
	// Output:
	// polygon 0 ring 0 vertex 1: self_intersection at (111.52, 36.07): edges 0-1 and 2-3 cross
	// [[[0 0] [1 0] [1 1] [0 1] [0 0]]] <nil>
}
