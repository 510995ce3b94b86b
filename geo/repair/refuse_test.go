package repair

import (
	"errors"
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo"
)

func TestGeometryRefusesTheIrreparable(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name   string
		g      orb.Geometry
		reason string
	}{
		{"two distinct points", orb.Polygon{{{111, 36}, {111.5, 36.5}, {111, 36}, {111.5, 36.5}, {111, 36}}}, ReasonTooFewPoints},
		{"collinear", orb.Polygon{{{111, 36}, {111.5, 36.5}, {112, 37}, {111, 36}}}, ReasonTooFewPoints},
		{"one point", orb.Polygon{{{111, 36}}}, ReasonTooFewPoints},
		{"empty polygon", orb.Polygon{}, ReasonTooFewPoints},
		{"NaN", orb.Polygon{{{111, 36}, {math.NaN(), 36}, {112, 37}, {111, 36}}}, ReasonInvalidCoordinate},
		{"infinite", orb.Polygon{{{111, 36}, {math.Inf(1), 36}, {112, 37}, {111, 36}}}, ReasonInvalidCoordinate},
		{"projected eastings", orb.Polygon{{{554540, 4000000}, {554640, 4000000}, {554640, 4000100}, {554540, 4000000}}}, ReasonInvalidCoordinate},
		{"square wound twice", orb.Polygon{append(sq(0, 0, 1), sq(0, 0, 1)[1:]...)}, ReasonZeroArea},
		{"line", orb.LineString{{111, 36}, {112, 37}}, ReasonNotPolygonal},
		{"nil", nil, ReasonNotPolygonal},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			out, _, err := Geometry(c.g)
			var r *Refusal
			if !errors.As(err, &r) {
				t.Fatalf("Geometry = %v, %v; want a refusal", out, err)
			}
			if r.Reason != c.reason {
				t.Errorf("reason %s (%v), want %s", r.Reason, r, c.reason)
			}
			if !errors.Is(err, geo.ErrInvalid) {
				t.Error("refusal does not wrap geo.ErrInvalid")
			}
		})
	}
}

// TestGeometryKeepsValidInput checks that a valid polygon comes back
// unchanged, without actions.
func TestGeometryKeepsValidInput(t *testing.T) {
	t.Parallel()
	in := orb.Polygon{sq(0, 0, 4), reversed(sq(1, 1, 1))}
	out, rep, err := Geometry(in)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Changed() {
		t.Errorf("actions on valid input: %v", rep)
	}
	if !orb.Equal(out, in) {
		t.Errorf("valid input changed: %v", out)
	}
	if rep.AreaBeforeKm2 != rep.AreaAfterKm2 {
		t.Errorf("area %v → %v", rep.AreaBeforeKm2, rep.AreaAfterKm2)
	}
}
