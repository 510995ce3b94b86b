package postgis

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/geo"
)

var _ data.ReportStore = (*Store)(nil)

// maxOffsetSec bounds the UTC offset of day grouping: ±18 hours.
const maxOffsetSec = 18 * 3600

// InspectionCounts counts the inspections matching f grouped by g, ordered
// by key (byte order), in one SQL aggregate. Reasons are unnested from the
// stored text[]; a reason repeated within one check counts once. See
// data.ReportStore.
func (s *Store) InspectionCounts(ctx context.Context, f data.InspectionFilter, g data.ReportGroup, offsetSec int) ([]data.InspectionCount, error) {
	if offsetSec < -maxOffsetSec || offsetSec > maxOffsetSec {
		return nil, fmt.Errorf("postgis: inspection counts: %w: UTC offset %d s outside ±18 h", geo.ErrInvalid, offsetSec)
	}
	where, args := inspectionWhere(f)
	from := "inspections"
	var key string
	switch g {
	case data.GroupStation:
		key = "station"
	case data.GroupCounty:
		key = "county"
	case data.GroupDay:
		args = append(args, offsetSec)
		key = fmt.Sprintf("to_char((time AT TIME ZONE 'UTC') + $%d::integer * interval '1 second', 'YYYY-MM-DD')", len(args))
	case data.GroupReason:
		key = "r.code"
		from = "inspections CROSS JOIN LATERAL (SELECT DISTINCT unnest(reasons) AS code) AS r"
	default:
		return nil, fmt.Errorf("postgis: inspection counts: %w: group %q", geo.ErrInvalid, g)
	}
	q := `SELECT (` + key + `) COLLATE "C" AS k, count(*), count(*) FILTER (WHERE decision = 'deny'),
		count(*) FILTER (WHERE action = 'turn_back') FROM ` + from
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " GROUP BY k ORDER BY k"
	var out []data.InspectionCount
	err := s.retry(ctx, func(ctx context.Context) error {
		rows, err := s.pool.Query(ctx, q, args...)
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
