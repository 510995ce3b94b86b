package geo_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo"
)

// sq returns the closed counter-clockwise square ring [x0,x1]×[y0,y1].
func sq(x0, y0, x1, y1 float64) orb.Ring {
	return orb.Ring{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}
}

// sqCW returns the same square wound clockwise.
func sqCW(x0, y0, x1, y1 float64) orb.Ring {
	return orb.Ring{{x0, y0}, {x0, y1}, {x1, y1}, {x1, y0}, {x0, y0}}
}

func pt(x, y float64) *orb.Point { return &orb.Point{x, y} }

// want is the expected error; nil means the geometry is valid.
type want struct {
	problem               string
	polygon, ring, vertex int
	at                    *orb.Point // nil: no location expected
	detail                string     // substring of Detail
}

type validateCase struct {
	name  string
	g     orb.Geometry
	class geo.GeometryClass
	want  *want
}

func runValidateCases(t *testing.T, cases []validateCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := geo.ValidateGeometry(tc.g, tc.class)
			checkGeometryError(t, err, tc.want)
		})
	}
}

func checkGeometryError(t *testing.T, err error, w *want) {
	t.Helper()
	if w == nil {
		if err != nil {
			t.Fatalf("got %v, want valid", err)
		}
		return
	}
	if !errors.Is(err, geo.ErrInvalid) {
		t.Fatalf("got %v, want an error wrapping ErrInvalid", err)
	}
	var ge *geo.GeometryError
	if !errors.As(err, &ge) {
		t.Fatalf("got %T %v, want *GeometryError", err, err)
	}
	if ge.Problem != w.problem || ge.Polygon != w.polygon || ge.Ring != w.ring || ge.Vertex != w.vertex {
		t.Errorf("got %s polygon %d ring %d vertex %d, want %s polygon %d ring %d vertex %d (%v)",
			ge.Problem, ge.Polygon, ge.Ring, ge.Vertex, w.problem, w.polygon, w.ring, w.vertex, err)
	}
	switch {
	case w.at == nil && ge.Location != nil:
		t.Errorf("location %v, want none (%v)", *ge.Location, err)
	case w.at != nil && ge.Location == nil:
		t.Errorf("no location, want %v (%v)", *w.at, err)
	case w.at != nil && (math.Abs(ge.Location[0]-w.at[0]) > 1e-12 || math.Abs(ge.Location[1]-w.at[1]) > 1e-12):
		t.Errorf("location %v, want %v (%v)", *ge.Location, *w.at, err)
	}
	if ge.Detail == "" || !strings.Contains(ge.Detail, w.detail) {
		t.Errorf("detail %q, want it to contain %q", ge.Detail, w.detail)
	}
}

func TestValidatePolygon(t *testing.T) {
	runValidateCases(t, []validateCase{
		{name: "square", g: orb.Polygon{sq(0, 0, 10, 10)}, class: geo.ClassPolygon},
		{name: "square_clockwise_accepted", g: orb.Polygon{sqCW(0, 0, 10, 10)}, class: geo.ClassPolygon},
		{name: "triangle_four_points", g: orb.Polygon{{{0, 0}, {4, 0}, {2, 3}, {0, 0}}}, class: geo.ClassPolygon},
		{name: "real_coordinates", g: orb.Polygon{{{111.50, 36.05}, {111.56, 36.05}, {111.56, 36.11}, {111.50, 36.11}, {111.50, 36.05}}}, class: geo.ClassPolygon},
		{name: "with_hole", g: orb.Polygon{sq(0, 0, 10, 10), sqCW(2, 2, 4, 4)}, class: geo.ClassPolygon},
		{name: "collinear_vertex_on_straight_edge", g: orb.Polygon{{{0, 0}, {5, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}}, class: geo.ClassPolygon},
		{
			// duplicates are tolerated by validation and removed by NormalizeGeometry
			name: "duplicate_vertex_normalised", class: geo.ClassPolygon,
			g: orb.Polygon{{{0, 0}, {10, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 10}, {0, 0}}},
		},
		{
			//  +-----------+
			//  |  +--+     |
			//  |  |  |     |
			//  |  +--X--+  |   holes touch at X = (4,4): allowed
			//  |     |  |  |
			//  |     +--+  |
			//  +-----------+
			name: "touching_holes_at_one_point_ok", class: geo.ClassPolygon,
			g: orb.Polygon{sq(0, 0, 10, 10), sqCW(2, 4, 4, 6), sqCW(4, 2, 6, 4)},
		},
		{
			name: "hole_touching_shell_at_one_point_ok", class: geo.ClassPolygon,
			g: orb.Polygon{sq(0, 0, 10, 10), {{0, 5}, {3, 7}, {3, 3}, {0, 5}}},
		},
		{
			// a bow-tie: edges 0-1 and 2-3 cross at (1,1)
			//  3   1
			//   \ /
			//    X
			//   / \
			//  0---2
			name: "bow_tie", class: geo.ClassPolygon,
			g:    orb.Polygon{{{0, 0}, {2, 2}, {2, 0}, {0, 2}, {0, 0}}},
			want: &want{geo.ProblemSelfIntersection, 0, 0, 1, pt(1, 1), "edges 0-1 and 2-3 cross"},
		},
		{
			// the ring goes up to (2,6) and comes back down over itself
			name: "spike", class: geo.ClassPolygon,
			g:    orb.Polygon{{{0, 0}, {4, 0}, {4, 4}, {2, 4}, {2, 6}, {2, 5}, {0, 4}, {0, 0}}},
			want: &want{geo.ProblemSelfIntersection, 0, 0, 4, pt(2, 6), "spike"},
		},
		{
			// figure eight: the ring passes through (5,5) twice
			name: "touches_itself_at_vertex", class: geo.ClassPolygon,
			g:    orb.Polygon{{{0, 0}, {5, 5}, {10, 0}, {10, 10}, {5, 5}, {0, 10}, {0, 0}}},
			want: &want{geo.ProblemSelfIntersection, 0, 0, 1, pt(5, 5), "edges 0-1 and 3-4 touch"},
		},
		{
			name: "collinear_overlapping_edges", class: geo.ClassPolygon,
			g:    orb.Polygon{{{0, 0}, {10, 0}, {10, 5}, {4, 5}, {4, 0}, {2, 0}, {2, -3}, {0, -3}, {0, 0}}},
			want: &want{geo.ProblemSelfIntersection, 0, 0, 1, pt(4, 0), "edges 0-1 and 3-4 touch"},
		},
		{
			// the closing edge runs back over the first one
			name: "zero_area_triangle", class: geo.ClassPolygon,
			g:    orb.Polygon{{{0, 0}, {1, 0}, {2, 0}, {0, 0}}},
			want: &want{geo.ProblemSelfIntersection, 0, 0, 0, pt(0, 0), "edges 0-1 and 2-3 overlap: the ring doubles back on itself (a spike)"},
		},
		{
			name: "hole_outside", class: geo.ClassPolygon,
			g:    orb.Polygon{sq(0, 0, 10, 10), sqCW(20, 20, 22, 22)},
			want: &want{geo.ProblemHoleOutsideShell, 0, 1, 0, pt(20, 20), "hole 1 lies outside the shell"},
		},
		{
			name: "hole_crossing_shell", class: geo.ClassPolygon,
			g:    orb.Polygon{sq(0, 0, 10, 10), {{8, 4}, {12, 4}, {12, 6}, {8, 6}, {8, 4}}},
			want: &want{geo.ProblemHoleOutsideShell, 0, 1, 1, pt(10, 4), "hole 1 and the shell cross"},
		},
		{
			name: "hole_sharing_shell_edge", class: geo.ClassPolygon,
			g:    orb.Polygon{sq(0, 0, 10, 10), {{0, 2}, {0, 4}, {2, 4}, {2, 2}, {0, 2}}},
			want: &want{geo.ProblemHoleOutsideShell, 0, 1, 1, pt(0, 2), "overlap"},
		},
		{
			name: "nested_holes", class: geo.ClassPolygon,
			g:    orb.Polygon{sq(0, 0, 10, 10), sqCW(1, 1, 9, 9), sqCW(3, 3, 5, 5)},
			want: &want{geo.ProblemHolesOverlap, 0, 2, 0, pt(3, 3), "hole 2 lies inside hole 1"},
		},
		{
			name: "holes_crossing", class: geo.ClassPolygon,
			g:    orb.Polygon{sq(0, 0, 10, 10), sq(1, 1, 5, 5), sq(3, 3, 7, 7)},
			want: &want{geo.ProblemHolesOverlap, 0, 2, 1, pt(5, 3), "holes 1 and 2 cross"},
		},
		{
			// the hole touches the shell at (0,5) and (10,5), cutting the
			// polygon in two
			name: "hole_touching_shell_twice", class: geo.ClassPolygon,
			g:    orb.Polygon{sq(0, 0, 10, 10), {{0, 5}, {5, 2}, {10, 5}, {5, 8}, {0, 5}}},
			want: &want{geo.ProblemSelfIntersection, 0, 1, -1, pt(10, 5), "interior into pieces"},
		},
		{
			name: "unclosed", class: geo.ClassPolygon,
			g:    orb.Polygon{{{0, 0}, {10, 0}, {10, 10}, {0, 10}}},
			want: &want{geo.ProblemUnclosedRing, 0, 0, 3, pt(0, 10), "differs from first point (0, 0)"},
		},
		{
			name: "three_point_ring", class: geo.ClassPolygon,
			g:    orb.Polygon{{{0, 0}, {10, 0}, {0, 0}}},
			want: &want{geo.ProblemTooFewPoints, 0, 0, -1, pt(0, 0), "3 points"},
		},
		{
			name: "four_points_with_duplicate", class: geo.ClassPolygon,
			g:    orb.Polygon{{{0, 0}, {10, 0}, {10, 0}, {0, 0}}},
			want: &want{geo.ProblemTooFewPoints, 0, 0, -1, pt(0, 0), "3 points"},
		},
		{
			name: "empty_hole_ring", class: geo.ClassPolygon,
			g:    orb.Polygon{sq(0, 0, 10, 10), {}},
			want: &want{geo.ProblemTooFewPoints, 0, 1, -1, nil, "no points"},
		},
		{
			name: "nan", class: geo.ClassPolygon,
			g:    orb.Polygon{{{0, 0}, {10, 0}, {math.NaN(), 10}, {0, 10}, {0, 0}}},
			want: &want{geo.ProblemInvalidCoordinate, 0, 0, 2, nil, "NaN"},
		},
		{
			name: "lon_181", class: geo.ClassPolygon,
			g:    orb.Polygon{{{170, 0}, {181, 0}, {181, 10}, {170, 10}, {170, 0}}},
			want: &want{geo.ProblemInvalidCoordinate, 0, 0, 1, pt(181, 0), "longitude 181 is outside [-180, 180]"},
		},
		{
			name: "lat_minus_91_in_hole", class: geo.ClassPolygon,
			g:    orb.Polygon{sq(0, 0, 10, 10), {{1, 1}, {1, -91}, {2, 2}, {1, 1}}},
			want: &want{geo.ProblemInvalidCoordinate, 0, 1, 1, pt(1, -91), "latitude -91"},
		},
		{
			name: "infinity", class: geo.ClassPolygon,
			g:    orb.Polygon{{{0, 0}, {math.Inf(1), 0}, {10, 10}, {0, 0}}},
			want: &want{geo.ProblemInvalidCoordinate, 0, 0, 1, nil, "infinite"},
		},
		{
			name: "no_rings", class: geo.ClassPolygon, g: orb.Polygon{},
			want: &want{geo.ProblemEmpty, 0, -1, -1, nil, "no rings"},
		},
	})
}

func TestValidateMultiPolygon(t *testing.T) {
	runValidateCases(t, []validateCase{
		{name: "disjoint", g: orb.MultiPolygon{{sq(0, 0, 1, 1)}, {sq(5, 5, 6, 6)}}, class: geo.ClassPolygon},
		{name: "touching_at_corner", g: orb.MultiPolygon{{sq(0, 0, 1, 1)}, {sq(1, 1, 2, 2)}}, class: geo.ClassPolygon},
		{name: "sharing_an_edge", g: orb.MultiPolygon{{sq(0, 0, 1, 1)}, {sq(1, 0, 2, 1)}}, class: geo.ClassPolygon},
		{name: "sharing_part_of_an_edge", g: orb.MultiPolygon{{sq(0, 0, 2, 2)}, {sq(2, 1, 3, 3)}}, class: geo.ClassPolygon},
		{name: "island_in_lake", g: orb.MultiPolygon{{sq(0, 0, 10, 10), sqCW(2, 2, 8, 8)}, {sq(3, 3, 5, 5)}}, class: geo.ClassPolygon},
		{name: "island_touching_lake_shore", g: orb.MultiPolygon{{sq(0, 0, 10, 10), sqCW(2, 2, 8, 8)}, {sq(2, 3, 5, 5)}}, class: geo.ClassPolygon},
		{
			name: "overlapping_squares", class: geo.ClassPolygon,
			g:    orb.MultiPolygon{{sq(0, 0, 4, 4)}, {sq(2, 2, 6, 6)}},
			want: &want{geo.ProblemPolygonsOverlap, 1, 0, 1, pt(4, 2), "polygons 0 and 1 overlap"},
		},
		{
			name: "part_inside_part", class: geo.ClassPolygon,
			g:    orb.MultiPolygon{{sq(0, 0, 10, 10)}, {sq(2, 2, 4, 4)}},
			want: &want{geo.ProblemPolygonsOverlap, 1, 0, 0, pt(2, 2), "runs inside polygon 0"},
		},
		{
			name: "part_containing_part", class: geo.ClassPolygon,
			g:    orb.MultiPolygon{{sq(2, 2, 4, 4)}, {sq(0, 0, 10, 10)}},
			want: &want{geo.ProblemPolygonsOverlap, 0, 0, 0, pt(2, 2), "ring 0 of polygon 0 runs inside polygon 1"},
		},
		{
			// a triangle inscribed in the square: it touches the square's
			// boundary only at its three corners, no edges cross
			name: "inscribed_triangle", class: geo.ClassPolygon,
			g:    orb.MultiPolygon{{sq(0, 0, 10, 10)}, {{{5, 0}, {10, 5}, {5, 10}, {5, 0}}}},
			want: &want{geo.ProblemPolygonsOverlap, 1, 0, 1, pt(7.5, 2.5), "overlap"},
		},
		{
			name: "same_side_shared_edge", class: geo.ClassPolygon,
			g:    orb.MultiPolygon{{sq(0, 0, 10, 10)}, {sq(5, 0, 15, 10)}},
			want: &want{geo.ProblemPolygonsOverlap, 1, 0, 1, pt(5, 0), "edge 0-1 of polygon 1 ring 0 and edge 0-1 of polygon 0 ring 0 overlap"},
		},
		{
			name: "identical_parts_opposite_winding", class: geo.ClassPolygon,
			g:    orb.MultiPolygon{{sq(0, 0, 1, 1)}, {sqCW(0, 0, 1, 1)}},
			want: &want{geo.ProblemPolygonsOverlap, 1, 0, 1, pt(0, 0), "overlap"},
		},
		{
			name: "bad_second_part_reports_its_index", class: geo.ClassPolygon,
			g:    orb.MultiPolygon{{sq(0, 0, 1, 1)}, {{{5, 5}, {7, 7}, {7, 5}, {5, 7}, {5, 5}}}},
			want: &want{geo.ProblemSelfIntersection, 1, 0, 1, pt(6, 6), "edges 0-1 and 2-3 cross"},
		},
		{
			name: "empty_part", class: geo.ClassPolygon, g: orb.MultiPolygon{{sq(0, 0, 1, 1)}, {}},
			want: &want{geo.ProblemEmpty, 1, -1, -1, nil, "no rings"},
		},
		{
			name: "no_parts", class: geo.ClassPolygon, g: orb.MultiPolygon{},
			want: &want{geo.ProblemEmpty, -1, -1, -1, nil, "no polygons"},
		},
	})
}

func TestValidatePointsAndLines(t *testing.T) {
	runValidateCases(t, []validateCase{
		{name: "point", g: orb.Point{111.5186, 36.0880}, class: geo.ClassPoint},
		{name: "point_on_antimeridian_and_pole", g: orb.Point{-180, 90}, class: geo.ClassPoint},
		{name: "multipoint", g: orb.MultiPoint{{1, 1}, {1, 1}, {2, 2}}, class: geo.ClassPoint},
		{name: "line", g: orb.LineString{{111.40, 36.00}, {111.52, 36.09}}, class: geo.ClassLine},
		{name: "self_crossing_route_ok", g: orb.LineString{{0, 0}, {2, 2}, {2, 0}, {0, 2}}, class: geo.ClassLine},
		{name: "line_with_duplicates", g: orb.LineString{{0, 0}, {0, 0}, {1, 1}}, class: geo.ClassLine},
		{name: "multiline", g: orb.MultiLineString{{{0, 0}, {1, 1}}, {{2, 2}, {3, 3}}}, class: geo.ClassLine},
		{
			name: "point_nan", class: geo.ClassPoint, g: orb.Point{math.NaN(), 36},
			want: &want{geo.ProblemInvalidCoordinate, -1, -1, -1, nil, "NaN"},
		},
		{
			name: "point_lon_181", class: geo.ClassPoint, g: orb.Point{181, 36},
			want: &want{geo.ProblemInvalidCoordinate, -1, -1, -1, pt(181, 36), "longitude 181"},
		},
		{
			name: "multipoint_bad_second", class: geo.ClassPoint, g: orb.MultiPoint{{1, 1}, {1, 95}},
			want: &want{geo.ProblemInvalidCoordinate, -1, -1, 1, pt(1, 95), "latitude 95"},
		},
		{
			name: "multipoint_empty", class: geo.ClassPoint, g: orb.MultiPoint{},
			want: &want{geo.ProblemEmpty, -1, -1, -1, nil, "no points"},
		},
		{
			name: "line_one_point", class: geo.ClassLine, g: orb.LineString{{1, 1}},
			want: &want{geo.ProblemTooFewPoints, -1, -1, -1, pt(1, 1), "2 distinct points"},
		},
		{
			name: "line_two_equal_points", class: geo.ClassLine, g: orb.LineString{{1, 1}, {1, 1}},
			want: &want{geo.ProblemTooFewPoints, -1, -1, -1, pt(1, 1), "2 distinct points"},
		},
		{
			name: "line_empty", class: geo.ClassLine, g: orb.LineString{},
			want: &want{geo.ProblemEmpty, -1, -1, -1, nil, "no points"},
		},
		{
			name: "line_nan", class: geo.ClassLine, g: orb.LineString{{1, 1}, {math.NaN(), 1}},
			want: &want{geo.ProblemInvalidCoordinate, -1, -1, 1, nil, "NaN"},
		},
		{
			name: "multiline_short_second_line", class: geo.ClassLine, g: orb.MultiLineString{{{0, 0}, {1, 1}}, {{2, 2}}},
			want: &want{geo.ProblemTooFewPoints, -1, -1, -1, pt(2, 2), "line 1 needs at least 2 distinct points"},
		},
		{
			name: "multiline_empty", class: geo.ClassLine, g: orb.MultiLineString{},
			want: &want{geo.ProblemEmpty, -1, -1, -1, nil, "no lines"},
		},
		{
			name: "nil", class: geo.ClassAny, g: nil,
			want: &want{geo.ProblemEmpty, -1, -1, -1, nil, "no geometry"},
		},
	})
}

func TestValidateWrongType(t *testing.T) {
	poly := orb.Polygon{sq(0, 0, 1, 1)}
	line := orb.LineString{{0, 0}, {1, 1}}
	point := orb.Point{1, 1}
	wrong := func(detail string) *want { return &want{geo.ProblemWrongType, -1, -1, -1, nil, detail} }
	runValidateCases(t, []validateCase{
		{name: "polygon_class_line", g: line, class: geo.ClassPolygon, want: wrong(`"polygon" does not accept LineString`)},
		{name: "polygon_class_point", g: point, class: geo.ClassPolygon, want: wrong(`does not accept Point`)},
		{name: "polygon_class_multipoint", g: orb.MultiPoint{{1, 1}}, class: geo.ClassPolygon, want: wrong(`does not accept MultiPoint`)},
		{name: "line_class_polygon", g: poly, class: geo.ClassLine, want: wrong(`"line" does not accept Polygon`)},
		{name: "line_class_multipolygon", g: orb.MultiPolygon{poly}, class: geo.ClassLine, want: wrong(`does not accept MultiPolygon`)},
		{name: "line_class_point", g: point, class: geo.ClassLine, want: wrong(`does not accept Point`)},
		{name: "point_class_line", g: line, class: geo.ClassPoint, want: wrong(`"point" does not accept LineString`)},
		{name: "point_class_multiline", g: orb.MultiLineString{line}, class: geo.ClassPoint, want: wrong(`does not accept MultiLineString`)},
		{name: "any_collection", g: orb.Collection{point}, class: geo.ClassAny, want: wrong(`GeometryCollection is not accepted`)},
		{name: "polygon_collection", g: orb.Collection{poly}, class: geo.ClassPolygon, want: wrong(`GeometryCollection is not accepted`)},
		{name: "any_ring", g: sq(0, 0, 1, 1), class: geo.ClassAny, want: wrong(`Polygon is not accepted`)},
		{name: "any_bound", g: orb.Bound{Min: orb.Point{0, 0}, Max: orb.Point{1, 1}}, class: geo.ClassAny, want: wrong(`is not accepted`)},
		{name: "unknown_class", g: point, class: geo.GeometryClass("raster"), want: wrong(`unknown geometry class "raster"`)},
		{name: "any_point", g: point, class: geo.ClassAny},
		{name: "any_line", g: line, class: geo.ClassAny},
		{name: "any_polygon", g: poly, class: geo.ClassAny},
		{name: "any_multipolygon", g: orb.MultiPolygon{poly}, class: geo.ClassAny},
		{name: "any_multiline", g: orb.MultiLineString{line}, class: geo.ClassAny},
		{name: "any_multipoint", g: orb.MultiPoint{point}, class: geo.ClassAny},
	})
}

func TestValidateTooManyVertices(t *testing.T) {
	poly := orb.Polygon{sq(0, 0, 10, 10), sqCW(2, 2, 4, 4)} // 10 vertices
	cases := []struct {
		name string
		max  int
		want *want
	}{
		{"limit_below_count", 9, &want{geo.ProblemTooManyVertices, -1, -1, -1, nil, "geometry has 10 vertices, the limit is 9"}},
		{"limit_equal_count", 10, nil},
		{"negative_disables", -1, nil},
		{"zero_means_default", 0, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			checkGeometryError(t, geo.ValidateGeometryWith(poly, geo.ClassPolygon, geo.ValidateOptions{MaxVertices: tc.max}), tc.want)
		})
	}
	t.Run("default_limit", func(t *testing.T) {
		if got := geo.DefaultValidateOptions().MaxVertices; got != 100000 {
			t.Fatalf("default MaxVertices = %d, want 100000", got)
		}
		long := make(orb.LineString, 100001)
		for i := range long {
			long[i] = orb.Point{float64(i) * 1e-3, 0}
		}
		checkGeometryError(t, geo.ValidateGeometry(long, geo.ClassLine),
			&want{geo.ProblemTooManyVertices, -1, -1, -1, nil, "100001 vertices, the limit is 100000"})
		checkGeometryError(t, geo.ValidateGeometry(long[:100000], geo.ClassLine), nil)
	})
}

func TestGeometryErrorString(t *testing.T) {
	cases := []struct {
		name string
		err  *geo.GeometryError
		want string
	}{
		{"full", &geo.GeometryError{Problem: "self_intersection", Polygon: 0, Ring: 1, Vertex: 7, Location: pt(111.52, 36.09), Detail: "edges 6-7 and 12-13 cross"},
			"polygon 0 ring 1 vertex 7: self_intersection at (111.52, 36.09): edges 6-7 and 12-13 cross"},
		{"rounded_location", &geo.GeometryError{Problem: "self_intersection", Polygon: 2, Ring: 0, Vertex: -1, Location: pt(111.123456789, 36.000000004)},
			"polygon 2 ring 0: self_intersection at (111.1234568, 36)"},
		{"nothing_applies", &geo.GeometryError{Problem: "empty", Polygon: -1, Ring: -1, Vertex: -1, Detail: "no geometry"},
			"empty: no geometry"},
		{"vertex_only", &geo.GeometryError{Problem: "invalid_coordinate", Polygon: -1, Ring: -1, Vertex: 3, Detail: "coordinate is NaN"},
			"vertex 3: invalid_coordinate: coordinate is NaN"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.err.Error(); got != tc.want {
				t.Errorf("Error() = %q, want %q", got, tc.want)
			}
			if !errors.Is(tc.err, geo.ErrInvalid) {
				t.Errorf("errors.Is(err, ErrInvalid) = false")
			}
		})
	}
}

// Zone.Validate reports geometry problems through ValidateGeometry.
func TestZoneValidateUsesGeometryRules(t *testing.T) {
	z := &geo.Zone{Layer: "coal", ID: "z1", Kind: geo.KindCoalBan, Status: geo.StatusDraft,
		Geometry: orb.Polygon{{{0, 0}, {2, 2}, {2, 0}, {0, 2}, {0, 0}}}}
	err := z.Validate()
	var ge *geo.GeometryError
	if !errors.As(err, &ge) || ge.Problem != geo.ProblemSelfIntersection {
		t.Fatalf("Zone.Validate() = %v, want a self_intersection GeometryError", err)
	}
}
