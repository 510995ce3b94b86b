package index

import (
	"github.com/paulmach/orb"

	"github.com/zonegate/zonegate/geo"
)

// onSegment reports whether p lies on the closed segment a–b, exactly.
func onSegment(p, a, b orb.Point) bool {
	if p[0] < min(a[0], b[0]) || p[0] > max(a[0], b[0]) ||
		p[1] < min(a[1], b[1]) || p[1] > max(a[1], b[1]) {
		return false
	}
	return geo.Orient(a, b, p) == 0
}
