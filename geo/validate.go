package geo

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
)

// Problem codes reported in GeometryError.Problem. They are stable: clients
// and the HTTP layer may switch on them.
const (
	// ProblemEmpty: nil geometry, or one without any coordinates.
	ProblemEmpty = "empty"
	// ProblemWrongType: the geometry type is not accepted by the layer's
	// class (orb.Collection, orb.Ring and orb.Bound never are).
	ProblemWrongType = "wrong_type"
	// ProblemInvalidCoordinate: NaN, ±Inf, longitude outside [-180, 180] or
	// latitude outside [-90, 90].
	ProblemInvalidCoordinate = "invalid_coordinate"
	// ProblemTooFewPoints: a ring with fewer than 4 points, or a line with
	// fewer than 2 distinct points, after consecutive duplicates are dropped.
	ProblemTooFewPoints = "too_few_points"
	// ProblemUnclosedRing: a ring whose first and last points differ.
	ProblemUnclosedRing = "unclosed_ring"
	// ProblemSelfIntersection: a ring crosses or touches itself (other than
	// at its closing point), has a spike (an edge doubling back over the
	// previous one), or rings of one polygon touch in a way that splits its
	// interior into pieces.
	ProblemSelfIntersection = "self_intersection"
	// ProblemHoleOutsideShell: a hole lies outside its shell, crosses it, or
	// shares a segment with it.
	ProblemHoleOutsideShell = "hole_outside_shell"
	// ProblemHolesOverlap: two holes cross, share a segment, or one lies
	// inside the other.
	ProblemHolesOverlap = "holes_overlap"
	// ProblemPolygonsOverlap: two parts of a MultiPolygon have interiors
	// that overlap.
	ProblemPolygonsOverlap = "polygons_overlap"
	// ProblemTooManyVertices: more vertices than ValidateOptions.MaxVertices.
	ProblemTooManyVertices = "too_many_vertices"
	// ProblemTooManyParts: a MultiPolygon with more parts than
	// ValidateOptions.MaxParts.
	ProblemTooManyParts = "too_many_parts"
	// ProblemTooManyHoles: a polygon with more holes than
	// ValidateOptions.MaxHoles.
	ProblemTooManyHoles = "too_many_holes"
)

// IsLimitProblem reports whether problem is a size limit (too_many_*,
// too_complex) rather than a defect of the geometry.
func IsLimitProblem(problem string) bool {
	switch problem {
	case ProblemTooManyVertices, ProblemTooManyParts, ProblemTooManyHoles, ProblemTooComplex:
		return true
	}
	return false
}

// GeometryError describes one problem with a geometry. It wraps ErrInvalid,
// so errors.Is(err, ErrInvalid) holds; use errors.As to read the fields.
//
// Indices refer to the geometry as given (before any duplicate vertices are
// dropped). For a LineString, MultiPoint or MultiLineString, Polygon and
// Ring are -1, Vertex is the point's index within its line or multipoint,
// and Detail names the line for a MultiLineString.
type GeometryError struct {
	// Problem is one of the Problem* codes.
	Problem string
	// Polygon is the index of the polygon in a MultiPolygon (0 for a
	// Polygon), -1 when not applicable.
	Polygon int
	// Ring is 0 for the shell, 1… for holes, -1 when not applicable.
	Ring int
	// Vertex is the vertex index in the ring or line, -1 when not
	// applicable. For an intersection it is the end vertex of the first of
	// the two edges involved.
	Vertex int
	// Location is where the problem is (e.g. the intersection point), nil
	// if unknown.
	Location *orb.Point
	// Detail is a human-readable English explanation.
	Detail string
}

// Error formats the error as
// "polygon 0 ring 1 vertex 7: self_intersection at (111.52, 36.09): edges 6-7
// and 12-13 cross", leaving out the parts that do not apply.
func (e *GeometryError) Error() string {
	var b strings.Builder
	var where []string
	if e.Polygon >= 0 {
		where = append(where, "polygon "+strconv.Itoa(e.Polygon))
	}
	if e.Ring >= 0 {
		where = append(where, "ring "+strconv.Itoa(e.Ring))
	}
	if e.Vertex >= 0 {
		where = append(where, "vertex "+strconv.Itoa(e.Vertex))
	}
	if len(where) > 0 {
		b.WriteString(strings.Join(where, " "))
		b.WriteString(": ")
	}
	b.WriteString(e.Problem)
	if e.Location != nil {
		b.WriteString(" at ")
		b.WriteString(formatPoint(*e.Location))
	}
	if e.Detail != "" {
		b.WriteString(": ")
		b.WriteString(e.Detail)
	}
	return b.String()
}

// Unwrap returns ErrInvalid.
func (e *GeometryError) Unwrap() error { return ErrInvalid }

// formatPoint prints a coordinate rounded to 1e-7 degrees (about 1 cm),
// without trailing zeros: "(111.52, 36.09)".
func formatPoint(p orb.Point) string {
	f := func(v float64) string {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return strconv.FormatFloat(v, 'g', -1, 64)
		}
		return strconv.FormatFloat(math.Round(v*1e7)/1e7, 'f', -1, 64)
	}
	return "(" + f(p[0]) + ", " + f(p[1]) + ")"
}

// DefaultMaxVertices is the default limit on the total number of vertices
// in one geometry.
const DefaultMaxVertices = 100000

// DefaultMaxParts is the default limit on the polygons of one MultiPolygon.
const DefaultMaxParts = 10000

// DefaultMaxHoles is the default limit on the holes of one polygon.
const DefaultMaxHoles = 10000

// ValidateOptions tunes ValidateGeometryWith. The limits are checked before
// any other work, on counts alone.
type ValidateOptions struct {
	// MaxVertices limits the total number of vertices in the geometry.
	// Zero means DefaultMaxVertices; a negative value disables the limit.
	MaxVertices int
	// MaxParts limits the polygons of a MultiPolygon. Zero means
	// DefaultMaxParts; negative disables the limit.
	MaxParts int
	// MaxHoles limits the holes of each polygon. Zero means
	// DefaultMaxHoles; negative disables the limit.
	MaxHoles int
}

// DefaultValidateOptions returns the options ValidateGeometry uses:
// the Default* limits.
func DefaultValidateOptions() ValidateOptions {
	return ValidateOptions{MaxVertices: DefaultMaxVertices, MaxParts: DefaultMaxParts, MaxHoles: DefaultMaxHoles}
}

// limitOrDefault maps an option to a limit: zero is def, negative is none (0).
func limitOrDefault(v, def int) int {
	switch {
	case v == 0:
		return def
	case v < 0:
		return 0
	}
	return v
}

// checkLimits applies o's limits to g's counts before any other work.
func checkLimits(g orb.Geometry, o ValidateOptions) error {
	tooMany := func(problem string, polygon int, detail string) error {
		return &GeometryError{Problem: problem, Polygon: polygon, Ring: -1, Vertex: -1, Detail: detail}
	}
	if limit, n := limitOrDefault(o.MaxVertices, DefaultMaxVertices), CountVertices(g); limit > 0 && n > limit {
		return tooMany(ProblemTooManyVertices, -1, fmt.Sprintf("geometry has %d vertices, the limit is %d", n, limit))
	}
	if mp, ok := g.(orb.MultiPolygon); ok {
		if limit := limitOrDefault(o.MaxParts, DefaultMaxParts); limit > 0 && len(mp) > limit {
			return tooMany(ProblemTooManyParts, -1, fmt.Sprintf("MultiPolygon has %d parts; the limit is %d", len(mp), limit))
		}
	}
	polys, _ := MultiPolygonOf(g)
	if limit := limitOrDefault(o.MaxHoles, DefaultMaxHoles); limit > 0 {
		for i, p := range polys {
			if holes := len(p) - 1; holes > limit {
				return tooMany(ProblemTooManyHoles, i, fmt.Sprintf("polygon %d has %d holes, the limit is %d", i, holes, limit))
			}
		}
	}
	return nil
}

// ValidateGeometry checks g against class with DefaultValidateOptions. See
// ValidateGeometryWith.
func ValidateGeometry(g orb.Geometry, class GeometryClass) error {
	return ValidateGeometryWith(g, class, DefaultValidateOptions())
}

// ValidateGeometryWith checks that g is a valid geometry of the family class
// accepts and returns nil or a *GeometryError for the first problem found.
// Checks run in this order, over the whole geometry each: type and class,
// the limits of o (vertices, parts, holes), coordinates, ring closure and point counts, intersections,
// then containment of holes and overlap of MultiPolygon parts.
//
// The rules follow OGC Simple Features: polygon rings are closed, have at
// least 4 points and are simple (no crossing, no touching itself except at
// the closing point, no overlapping collinear edges); holes lie inside their
// shell; rings of a polygon may touch one another only at single points that
// leave the interior connected; MultiPolygon parts may touch at points or
// along shared edges but their interiors must not overlap. LineStrings need
// two distinct points and may cross themselves (routes do). Ring orientation
// is not checked and consecutive duplicate vertices are tolerated:
// NormalizeGeometry fixes both and is meant to run first.
//
// Cost is O(n log n) time and O(n) memory for n vertices: edge pairs are
// found through R-trees of edge bounding boxes and the search stops at the
// first problem; a geometry that would need more than a fixed multiple of
// n pair and point tests is refused as too_complex (see workBudget).
func ValidateGeometryWith(g orb.Geometry, class GeometryClass, o ValidateOptions) error {
	if g == nil {
		return &GeometryError{Problem: ProblemEmpty, Polygon: -1, Ring: -1, Vertex: -1, Detail: "no geometry"}
	}
	if err := checkClass(g, class); err != nil {
		return err
	}
	if err := checkLimits(g, o); err != nil {
		return err
	}
	switch g := g.(type) {
	case orb.Point:
		return checkPoint(g, -1)
	case orb.MultiPoint:
		return checkMultiPoint(g)
	case orb.LineString:
		return checkLine(g, -1)
	case orb.MultiLineString:
		return checkMultiLine(g)
	case orb.Polygon:
		return validatePolygons([]orb.Polygon{g})
	case orb.MultiPolygon:
		return validatePolygons(g)
	}
	return nil // unreachable: checkClass admits only the types above
}

// checkClass reports wrong_type unless class accepts g's type.
func checkClass(g orb.Geometry, class GeometryClass) error {
	var family GeometryClass
	switch g.(type) {
	case orb.Point, orb.MultiPoint:
		family = ClassPoint
	case orb.LineString, orb.MultiLineString:
		family = ClassLine
	case orb.Polygon, orb.MultiPolygon:
		family = ClassPolygon
	}
	wrong := func(detail string) error {
		return &GeometryError{Problem: ProblemWrongType, Polygon: -1, Ring: -1, Vertex: -1, Detail: detail}
	}
	switch class {
	case ClassPoint, ClassLine, ClassPolygon, ClassAny:
	default:
		return wrong(fmt.Sprintf("unknown geometry class %q", class))
	}
	if family == "" {
		return wrong(fmt.Sprintf("%s is not accepted; use Point, LineString, Polygon or their Multi forms", g.GeoJSONType()))
	}
	if class != ClassAny && class != family {
		return wrong(fmt.Sprintf("layer class %q does not accept %s", class, g.GeoJSONType()))
	}
	return nil
}

// CountVertices returns the number of coordinates in g (rings,
// collections and every multi-geometry included).
func CountVertices(g orb.Geometry) int {
	switch g := g.(type) {
	case orb.Point:
		return 1
	case orb.MultiPoint:
		return len(g)
	case orb.LineString:
		return len(g)
	case orb.Ring:
		return len(g)
	case orb.MultiLineString:
		n := 0
		for _, l := range g {
			n += len(l)
		}
		return n
	case orb.Polygon:
		n := 0
		for _, r := range g {
			n += len(r)
		}
		return n
	case orb.MultiPolygon:
		n := 0
		for _, p := range g {
			n += CountVertices(p)
		}
		return n
	case orb.Collection:
		n := 0
		for _, c := range g {
			n += CountVertices(c)
		}
		return n
	}
	return 0
}

// validCoord reports whether p is a finite lon/lat within range. NaN fails
// every comparison and so is rejected too.
func validCoord(p orb.Point) bool {
	return p[0] >= -180 && p[0] <= 180 && p[1] >= -90 && p[1] <= 90
}

// coordDetail explains why p is not a valid coordinate.
func coordDetail(p orb.Point) string {
	switch {
	case math.IsNaN(p[0]) || math.IsNaN(p[1]):
		return "coordinate is NaN"
	case math.IsInf(p[0], 0) || math.IsInf(p[1], 0):
		return "coordinate is infinite"
	case !(p[0] >= -180 && p[0] <= 180):
		return fmt.Sprintf("longitude %s is outside [-180, 180]", strconv.FormatFloat(p[0], 'f', -1, 64))
	default:
		return fmt.Sprintf("latitude %s is outside [-90, 90]", strconv.FormatFloat(p[1], 'f', -1, 64))
	}
}

// checkPoint validates one point; vertex is its index in a MultiPoint or -1.
func checkPoint(p orb.Point, vertex int) error {
	if validCoord(p) {
		return nil
	}
	return &GeometryError{Problem: ProblemInvalidCoordinate, Polygon: -1, Ring: -1, Vertex: vertex,
		Location: locationOf(p), Detail: coordDetail(p)}
}

// locationOf returns &p when p is finite (a useful place to point at), else nil.
func locationOf(p orb.Point) *orb.Point {
	if math.IsNaN(p[0]) || math.IsNaN(p[1]) || math.IsInf(p[0], 0) || math.IsInf(p[1], 0) {
		return nil
	}
	return &p
}

func checkMultiPoint(mp orb.MultiPoint) error {
	if len(mp) == 0 {
		return &GeometryError{Problem: ProblemEmpty, Polygon: -1, Ring: -1, Vertex: -1, Detail: "MultiPoint has no points"}
	}
	for i, p := range mp {
		if err := checkPoint(p, i); err != nil {
			return err
		}
	}
	return nil
}

// checkLine validates one line; part is its index in a MultiLineString or -1.
func checkLine(ls orb.LineString, part int) error {
	name := "LineString"
	if part >= 0 {
		name = fmt.Sprintf("line %d", part)
	}
	if len(ls) == 0 {
		problem := ProblemEmpty
		if part >= 0 {
			problem = ProblemTooFewPoints
		}
		return &GeometryError{Problem: problem, Polygon: -1, Ring: -1, Vertex: -1, Detail: name + " has no points"}
	}
	for i, p := range ls {
		if !validCoord(p) {
			return &GeometryError{Problem: ProblemInvalidCoordinate, Polygon: -1, Ring: -1, Vertex: i,
				Location: locationOf(p), Detail: name + ": " + coordDetail(p)}
		}
	}
	for _, p := range ls[1:] {
		if p != ls[0] {
			return nil
		}
	}
	return &GeometryError{Problem: ProblemTooFewPoints, Polygon: -1, Ring: -1, Vertex: -1, Location: locationOf(ls[0]),
		Detail: name + " needs at least 2 distinct points"}
}

func checkMultiLine(ml orb.MultiLineString) error {
	if len(ml) == 0 {
		return &GeometryError{Problem: ProblemEmpty, Polygon: -1, Ring: -1, Vertex: -1, Detail: "MultiLineString has no lines"}
	}
	for i, l := range ml {
		if err := checkLine(l, i); err != nil {
			return err
		}
	}
	return nil
}
