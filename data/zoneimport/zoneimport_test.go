package zoneimport

import (
	"testing"

	"github.com/zonegate/zonegate/geo"
)

func TestReportRepairableAndOverLimit(t *testing.T) {
	rep := &Report{Invalid: []Problem{
		{Field: "geometry", Problem: geo.ProblemSelfIntersection},
		{Field: "geometry", Problem: geo.ProblemPolygonsOverlap},
		{Field: "geometry", Problem: geo.ProblemHoleOutsideShell},
		{Field: "geometry", Problem: geo.ProblemWrongType},         // a line is not a bad polygon
		{Field: "geometry", Problem: geo.ProblemTooManyVertices},   // a limit, not a shape
		{Field: "geometry", Problem: geo.ProblemInvalidCoordinate}, // NaN or out of range: no repair
		{Field: "valid_from", Problem: "invalid"},
	}}
	if got := rep.Repairable(); got != 3 {
		t.Errorf("Repairable() = %d, want 3", got)
	}
	if got := rep.OverLimit(); got != 1 {
		t.Errorf("OverLimit() = %d, want 1 (too_many_vertices)", got)
	}
	rep.Invalid = append(rep.Invalid, Problem{Field: "geometry", Problem: geo.ProblemTooManyParts})
	if got := rep.OverLimit(); got != 2 {
		t.Errorf("OverLimit() = %d, want 2", got)
	}
	if got := (&Report{}).Repairable(); got != 0 {
		t.Errorf("empty report: Repairable() = %d, want 0", got)
	}
}
