package data

import (
	"context"
	"fmt"

	"github.com/zonegate/zonegate/geo"
)

// ReportGroup is how inspection counts are grouped.
type ReportGroup string

// The report groupings.
const (
	GroupStation ReportGroup = "station" // by Inspection.Station ("" for checks without one)
	GroupCounty  ReportGroup = "county"  // by Inspection.County
	GroupDay     ReportGroup = "day"     // by local calendar day, YYYY-MM-DD
	GroupReason  ReportGroup = "reason"  // by reason code: a check counts once under each of its reasons
)

// ParseReportGroup returns the grouping named s, or an error wrapping
// geo.ErrInvalid.
func ParseReportGroup(s string) (ReportGroup, error) {
	switch g := ReportGroup(s); g {
	case GroupStation, GroupCounty, GroupDay, GroupReason:
		return g, nil
	}
	return "", fmt.Errorf("%w: group %q: want station, county, day or reason", geo.ErrInvalid, s)
}

// InspectionCount is one row of an inspection report.
type InspectionCount struct {
	Key       string `json:"key"`        // station id, county id, day or reason code
	Checks    int64  `json:"checks"`     // checks in the group
	Denials   int64  `json:"denials"`    // of which decision deny
	TurnBacks int64  `json:"turn_backs"` // of which action turn_back
}

// ReportStore aggregates the inspection log in the database, so a report
// over a whole campaign does not load every record. Both backends implement
// it as part of Store.
type ReportStore interface {
	// InspectionCounts counts the inspections matching f (Station, Decision,
	// From, To; Limit is ignored) grouped by g, ordered by Key. For
	// GroupDay, days are calendar days at the fixed UTC offset offsetSec
	// (28800 for China Standard Time).
	InspectionCounts(ctx context.Context, f InspectionFilter, g ReportGroup, offsetSec int) ([]InspectionCount, error)
}
