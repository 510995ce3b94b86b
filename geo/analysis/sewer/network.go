package sewer

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/crs"
)

// DefaultServiceM is the default service distance in metres: a point
// within it of a sewer line counts as served.
const DefaultServiceM = 500

// Network answers point questions about a set of sewer lines: the nearest
// line and its exact distance in the metric plane (see PlaneFor). It is
// immutable once built and safe for concurrent use.
type Network struct {
	tm    crs.TM
	lines []Line
	idx   *segIndex
}

// NewNetwork indexes lines (kept, not copied; do not modify them
// afterwards). The plane is PlaneFor the lines' bounding box.
func NewNetwork(lines []Line) *Network {
	tm := PlaneFor(linesBound(lines))
	return &Network{tm: tm, lines: lines, idx: newSegIndex(planeSegments(tm, lines))}
}

// Lines returns the indexed lines, sorted as given to NewNetwork.
func (n *Network) Lines() []Line { return n.lines }

// Plane returns the projection distances are measured in.
func (n *Network) Plane() crs.TM { return n.tm }

// PointCheck is the answer for one point.
type PointCheck struct {
	// Served is true when DistanceM ≤ the service distance; always false
	// for a network without lines.
	Served bool
	// DistanceM is the distance in metres from the point to the nearest
	// line, exact in the metric plane; +Inf without lines.
	DistanceM float64
	// Nearest is the nearest line, without its geometry; nil without
	// lines.
	Nearest *Line
}

// Check returns whether p (lon/lat) is within serviceM metres of a line,
// and the nearest line. It fails, wrapping geo.ErrInvalid, for a point that
// is not finite or outside [−180, 180]×[−90, 90], or a serviceM that is not
// a positive finite number.
func (n *Network) Check(p orb.Point, serviceM float64) (PointCheck, error) {
	if !finite(p) || math.Abs(p[0]) > 180 || math.Abs(p[1]) > 90 {
		return PointCheck{}, fmt.Errorf("%w: point %v is not a longitude/latitude", geo.ErrInvalid, p)
	}
	if err := checkPositive("service distance", serviceM); err != nil {
		return PointCheck{}, err
	}
	i, d := n.idx.nearest(n.tm.Forward(p))
	if i < 0 {
		return PointCheck{DistanceM: math.Inf(1)}, nil
	}
	l := n.lines[n.idx.segs[i].line]
	l.Geometry = nil
	return PointCheck{Served: d <= serviceM, DistanceM: d, Nearest: &l}, nil
}

// checkPositive reports, wrapping geo.ErrInvalid, a value that is not a
// positive finite number.
func checkPositive(what string, v float64) error {
	if !(v > 0) || math.IsInf(v, 0) {
		return fmt.Errorf("%w: %s %g must be a positive number of metres", geo.ErrInvalid, what, v)
	}
	return nil
}
