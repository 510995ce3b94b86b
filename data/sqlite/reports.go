package sqlite

import (
	"context"
	"fmt"

	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/internal/sqlrow"
	"github.com/zonegate/zonegate/geo"
)

var _ data.ReportStore = (*Store)(nil)

// InspectionCounts counts the inspections matching f grouped by g, ordered
// by key, in one SQL aggregate. Reasons are read from the stored JSON array
// with json_each; a reason repeated within one check counts once. See
// data.ReportStore.
func (s *Store) InspectionCounts(ctx context.Context, f data.InspectionFilter, g data.ReportGroup, offsetSec int) ([]data.InspectionCount, error) {
	if err := sqlrow.CheckUTCOffset(offsetSec); err != nil {
		return nil, fmt.Errorf("sqlite: inspection counts: %w", err)
	}
	if err := s.drainJournal(ctx); err != nil {
		return nil, fmt.Errorf("sqlite: inspection counts: %w", err)
	}
	w := dialect.Query()
	var key, from string
	switch g {
	case data.GroupStation:
		key, from = "station", "inspections"
	case data.GroupCounty:
		key, from = "county", "inspections"
	case data.GroupDay:
		key, from = "strftime('%Y-%m-%d', substr(time, 1, 19), "+w.Arg(fmt.Sprintf("%+d seconds", offsetSec))+")", "inspections"
	case data.GroupReason:
		key, from = "r.value", "inspections JOIN json_each(inspections.reasons) AS r"
	default:
		return nil, fmt.Errorf("sqlite: inspection counts: %w: group %q", geo.ErrInvalid, g)
	}
	counts := `COUNT(*), COALESCE(SUM(decision = 'deny'), 0), COALESCE(SUM(action = 'turn_back'), 0)`
	if g == data.GroupReason { // one row per (check, reason): count each check once
		counts = `COUNT(DISTINCT inspections.id), COUNT(DISTINCT CASE WHEN decision = 'deny' THEN inspections.id END),
			COUNT(DISTINCT CASE WHEN action = 'turn_back' THEN inspections.id END)`
	}
	w.WhereInspections(f)
	q := `SELECT ` + key + ` AS k, ` + counts + ` FROM ` + from + w.WhereSQL() + " GROUP BY k ORDER BY k"
	rows, err := s.r.QueryContext(ctx, q, w.Args()...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: inspection counts: %w", err)
	}
	defer rows.Close()
	out := []data.InspectionCount{}
	for rows.Next() {
		var c data.InspectionCount
		if err := rows.Scan(&c.Key, &c.Checks, &c.Denials, &c.TurnBacks); err != nil {
			return nil, fmt.Errorf("sqlite: inspection counts: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: inspection counts: %w", err)
	}
	return out, nil
}
