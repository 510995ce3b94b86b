package repair

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo"
)

// Action codes reported in Action.Code. They are stable: clients may switch
// on them.
const (
	// ActionClosedRing: a ring's last point differed from its first; the
	// first point was appended.
	ActionClosedRing = "closed_ring"
	// ActionRemovedDuplicatePoints: consecutive equal vertices were dropped.
	ActionRemovedDuplicatePoints = "removed_duplicate_points"
	// ActionRemovedCollinearPoints: vertices lying on the straight line
	// between their neighbours were dropped (area unchanged).
	ActionRemovedCollinearPoints = "removed_collinear_points"
	// ActionRemovedSpike: a vertex where the boundary doubles back on
	// itself (a zero-width spike) was dropped.
	ActionRemovedSpike = "removed_spike"
	// ActionDroppedDegenerateRing: a hole or part with fewer than 3
	// distinct points or no area was dropped; others remain.
	ActionDroppedDegenerateRing = "dropped_degenerate_ring"
	// ActionSplitSelfIntersection: a ring crossing or touching itself was
	// split at its crossings into simple rings; areas enclosed an even
	// number of times (like GEOS MakeValid) are left out.
	ActionSplitSelfIntersection = "split_self_intersection"
	// ActionClippedHoles: holes lying partly or wholly outside their shell,
	// or overlapping each other, were merged and cut to the shell.
	ActionClippedHoles = "clipped_holes"
	// ActionUnionOverlappingParts: parts of a MultiPolygon whose interiors
	// overlapped were unioned.
	ActionUnionOverlappingParts = "union_overlapping_parts"
	// ActionReoriented: rings were rewound (shells counter-clockwise, holes
	// clockwise).
	ActionReoriented = "reoriented"
)

// Refusal reasons reported in Refusal.Reason.
const (
	// ReasonNotPolygonal: the geometry is not a Polygon or MultiPolygon.
	ReasonNotPolygonal = "not_polygonal"
	// ReasonInvalidCoordinate: NaN, ±Inf, or a longitude/latitude out of
	// range — there is no way to know what was meant.
	ReasonInvalidCoordinate = "invalid_coordinate"
	// ReasonTooFewPoints: no ring has 3 distinct points.
	ReasonTooFewPoints = "too_few_points"
	// ReasonZeroArea: every ring encloses no area (all points collinear, or
	// self-intersections cancel everything out).
	ReasonZeroArea = "zero_area"
	// ReasonOverlayFailed: the overlay could not produce a valid result
	// (numerical degeneracy); the detail names the step.
	ReasonOverlayFailed = "overlay_failed"
)

// Action is one change made to a geometry.
type Action struct {
	// Code is one of the Action* constants.
	Code string `json:"code"`
	// Detail says where and how much, in English.
	Detail string `json:"detail,omitempty"`
}

// Report says what Geometry changed. Areas are in km² on the authalic
// sphere (radius 6371007.181 m, equal-area to the WGS84 ellipsoid), by the
// spherical-excess line integral; "before" counts every part and subtracts
// every hole as given, so overlapping parts count twice and the lobes of a
// bow-tie cancel.
type Report struct {
	Actions       []Action `json:"actions"`
	AreaBeforeKm2 float64  `json:"area_before_km2"`
	AreaAfterKm2  float64  `json:"area_after_km2"`
}

// Changed reports whether any action was taken.
func (r Report) Changed() bool { return len(r.Actions) > 0 }

// Codes returns the action codes joined by commas, e.g.
// "closed_ring,union_overlapping_parts".
func (r Report) Codes() string {
	codes := make([]string, len(r.Actions))
	for i, a := range r.Actions {
		codes[i] = a.Code
	}
	return strings.Join(codes, ",")
}

// String formats the report as "union_overlapping_parts; area 12.5 → 11.9 km²".
func (r Report) String() string {
	return fmt.Sprintf("%s; area %s → %s km²", r.Codes(), formatKm2(r.AreaBeforeKm2), formatKm2(r.AreaAfterKm2))
}

func formatKm2(v float64) string {
	switch a := math.Abs(v); {
	case a == 0:
		return "0"
	case a >= 100:
		return fmt.Sprintf("%.1f", v)
	case a >= 1:
		return fmt.Sprintf("%.3f", v)
	default:
		return fmt.Sprintf("%.6f", v)
	}
}

// Refusal says why a geometry cannot be repaired. It wraps geo.ErrInvalid.
type Refusal struct {
	// Reason is one of the Reason* constants.
	Reason string
	// Detail explains, in English.
	Detail string
}

func (e *Refusal) Error() string {
	return "cannot repair: " + e.Reason + ": " + e.Detail
}

// Unwrap returns geo.ErrInvalid.
func (e *Refusal) Unwrap() error { return geo.ErrInvalid }

// maxPasses bounds how often the pipeline reruns on its own output when
// rounding of computed crossing points leaves a new, tiny defect.
const maxPasses = 3

// Geometry repairs a Polygon or MultiPolygon in lon/lat. It returns a
// geometry valid by geo.ValidateGeometry (without a vertex limit; the caller
// applies its own), wound per RFC 7946, with the report of what changed; or
// a *Refusal. g is not modified. A geometry that is already valid comes back
// with no actions other than removed duplicates, collinear points and
// reorientation, if any.
func Geometry(g orb.Geometry) (orb.Geometry, Report, error) {
	polys, err := polygonsOf(g)
	if err != nil {
		return nil, Report{}, err
	}
	var rep Report
	rep.AreaBeforeKm2 = asGivenAreaKm2(polys)
	out, err := repairPolygons(polys, &rep)
	for pass := 1; err == nil && pass < maxPasses; pass++ {
		verr := geo.ValidateGeometryWith(out, geo.ClassPolygon, geo.ValidateOptions{MaxVertices: -1})
		if verr == nil {
			break
		}
		var again Report
		out, err = repairPolygons(polygonsFromGeometry(out), &again)
	}
	if err != nil {
		return nil, Report{}, err
	}
	if verr := geo.ValidateGeometryWith(out, geo.ClassPolygon, geo.ValidateOptions{MaxVertices: -1}); verr != nil {
		return nil, Report{}, &Refusal{Reason: ReasonOverlayFailed, Detail: fmt.Sprintf("result still invalid: %v", verr)}
	}
	rep.AreaAfterKm2 = geodesicAreaKm2(polygonsFromGeometry(out))
	return out, rep, nil
}

// polygonsOf returns g's polygons, or a refusal for anything else.
func polygonsOf(g orb.Geometry) ([]orb.Polygon, error) {
	switch g := g.(type) {
	case orb.Polygon:
		return []orb.Polygon{g}, nil
	case orb.MultiPolygon:
		return g, nil
	case nil:
		return nil, &Refusal{Reason: ReasonNotPolygonal, Detail: "no geometry"}
	default:
		return nil, &Refusal{Reason: ReasonNotPolygonal, Detail: g.GeoJSONType() + " is not a Polygon or MultiPolygon"}
	}
}

func polygonsFromGeometry(g orb.Geometry) []orb.Polygon {
	p, _ := polygonsOf(g)
	return p
}

// repairPolygons runs the pipeline once: clean rings, split them into simple
// loops, rebuild each polygon as (XOR of shell loops) − (union of hole
// loops), union the parts if they overlap, and rewind.
func repairPolygons(polys []orb.Polygon, rep *Report) (orb.Geometry, error) {
	if err := checkCoordinates(polys); err != nil {
		return nil, err
	}
	var notes actionSet
	var parts []orb.Polygon
	for pi, p := range polys {
		built, err := repairPolygon(pi, p, &notes)
		if err != nil {
			return nil, err
		}
		parts = append(parts, built...)
	}
	if len(parts) == 0 {
		return nil, emptyRefusal(&notes)
	}
	var out orb.Geometry
	if len(parts) == 1 {
		out = parts[0]
	} else {
		out = orb.MultiPolygon(parts)
		var gerr *geo.GeometryError
		verr := geo.ValidateGeometryWith(out, geo.ClassPolygon, geo.ValidateOptions{MaxVertices: -1})
		if errors.As(verr, &gerr) && gerr.Problem == geo.ProblemPolygonsOverlap {
			u, err := unionParts(parts)
			if err != nil {
				return nil, err
			}
			before := planarArea(parts)
			out = u
			notes.add(ActionUnionOverlappingParts, fmt.Sprintf("%d parts overlapped; %.3g%% of their summed area was counted twice",
				len(parts), 100*(before-planarAreaOf(u))/before))
		}
	}
	out = geo.NormalizeGeometry(out)
	for _, a := range notes.list {
		if rep.has(a.Code) {
			continue
		}
		rep.Actions = append(rep.Actions, a)
	}
	return out, nil
}

func (r *Report) has(code string) bool {
	for _, a := range r.Actions {
		if a.Code == code {
			return true
		}
	}
	return false
}

// emptyRefusal explains why nothing was left.
func emptyRefusal(notes *actionSet) error {
	if !notes.someRingHasArea {
		return &Refusal{Reason: ReasonTooFewPoints, Detail: "no ring has 3 distinct points that are not on one line"}
	}
	return &Refusal{Reason: ReasonZeroArea, Detail: "the rings enclose no area once their self-intersections are resolved"}
}

// checkCoordinates refuses NaN, infinite and out-of-range coordinates.
func checkCoordinates(polys []orb.Polygon) error {
	for pi, p := range polys {
		for ri, r := range p {
			for vi, pt := range r {
				if pt[0] >= -180 && pt[0] <= 180 && pt[1] >= -90 && pt[1] <= 90 {
					continue
				}
				return &Refusal{Reason: ReasonInvalidCoordinate,
					Detail: fmt.Sprintf("polygon %d ring %d vertex %d: (%v, %v) is not a finite longitude/latitude", pi, ri, vi, pt[0], pt[1])}
			}
		}
	}
	return nil
}

// actionSet collects actions, one per code, merging details.
type actionSet struct {
	list []Action
	// someRingHasArea is set when any ring survives cleaning, so an empty
	// result can say whether the rings were degenerate or cancelled out.
	someRingHasArea bool
}

func (s *actionSet) add(code, detail string) {
	for i := range s.list {
		if s.list[i].Code == code {
			if detail != "" && !strings.Contains(s.list[i].Detail, detail) {
				if s.list[i].Detail != "" {
					s.list[i].Detail += "; "
				}
				s.list[i].Detail += detail
			}
			return
		}
	}
	s.list = append(s.list, Action{Code: code, Detail: detail})
}
