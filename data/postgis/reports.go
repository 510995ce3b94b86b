package postgis

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/internal/sqlrow"
	"github.com/zonegate/zonegate/geo"
)

var _ data.ReportStore = (*Store)(nil)

// InspectionCounts counts the inspections matching f grouped by g, ordered
// by key (byte order), in one SQL aggregate. Reasons are unnested from the
// stored text[]; a reason repeated within one check counts once. See
// data.ReportStore.
func (s *Store) InspectionCounts(ctx context.Context, f data.InspectionFilter, g data.ReportGroup, offsetSec int) ([]data.InspectionCount, error) {
	if err := sqlrow.CheckUTCOffset(offsetSec); err != nil {
		return nil, fmt.Errorf("postgis: inspection counts: %w", err)
	}
	w := dialect.Query()
	from := "inspections"
	var key string
	switch g {
	case data.GroupStation:
		key = "station"
	case data.GroupCounty:
		key = "county"
	case data.GroupDay:
		key = "to_char((time AT TIME ZONE 'UTC') + " + w.Arg(offsetSec) + "::integer * interval '1 second', 'YYYY-MM-DD')"
	case data.GroupReason:
		key = "r.code"
		from = "inspections CROSS JOIN LATERAL (SELECT DISTINCT unnest(reasons) AS code) AS r"
	default:
		return nil, fmt.Errorf("postgis: inspection counts: %w: group %q", geo.ErrInvalid, g)
	}
	q := `SELECT (` + key + `) COLLATE "C" AS k, count(*), count(*) FILTER (WHERE decision = 'deny'),
		count(*) FILTER (WHERE action = 'turn_back') FROM ` + from
	w.WhereInspections(f)
	q += w.WhereSQL() + " GROUP BY k ORDER BY k"
	var out []data.InspectionCount
	err := s.retry(ctx, func(ctx context.Context) error {
		rows, err := s.pool.Query(ctx, q, w.Args()...)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (data.InspectionCount, error) {
			var c data.InspectionCount
			err := row.Scan(&c.Key, &c.Checks, &c.Denials, &c.TurnBacks)
			return c, err
		})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("postgis: inspection counts: %w", err)
	}
	if out == nil {
		out = []data.InspectionCount{}
	}
	return out, nil
}
