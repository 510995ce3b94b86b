package api

// GET /v1/reports/inspections: counts of checks, denials and turn-backs from
// the inspection log, grouped by station, county, day or reason, for the
// 散煤办's campaign reports. The aggregation runs in the store
// (data.ReportStore); this file parses the query, names the groups from the
// published layers and writes JSON or CSV.

import (
	"encoding/csv"
	"net/http"
	"strconv"
	"time"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/export"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/index"
)

// reportRow is one group of an inspection report.
type reportRow struct {
	Key       string `json:"key"`
	Name      string `json:"name,omitempty"` // checkpoint or county name, where published
	Checks    int64  `json:"checks"`
	Denials   int64  `json:"denials"`
	TurnBacks int64  `json:"turn_backs"`
}

// emptyGroupName names the group of checks with an empty key: checks sent
// without a station, outside every county, or with no reason (allowed).
var emptyGroupName = map[data.ReportGroup]string{
	data.GroupStation: "未填检查站 / no station given",
	data.GroupCounty:  "不在任何县（市、区）内 / outside every county",
	data.GroupReason:  "无理由（放行） / no reason (allowed)",
}

// reportTotal counts every matching check once, also for group=reason,
// where a check with several reasons is in several rows.
type reportTotal struct {
	Checks    int64 `json:"checks"`
	Denials   int64 `json:"denials"`
	TurnBacks int64 `json:"turn_backs"`
}

// inspectionReport is the JSON answer. From and To are the effective range
// (To exclusive); nil when unbounded.
type inspectionReport struct {
	From  *time.Time  `json:"from"`
	To    *time.Time  `json:"to"`
	Group string      `json:"group"`
	Rows  []reportRow `json:"rows"`
	Total reportTotal `json:"total"`
}

// inspectionsReport answers GET /v1/reports/inspections?from=&to=&group=
// [&station=][&format=csv]. from is inclusive; to is exclusive, except that
// a date-only to ("2021-03-31") includes that whole day. Days are calendar
// days at the server's local offset (UTC+8 by default).
func (s *Server) inspectionsReport(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	if q.Get("group") == "" {
		return badRequest("missing_group", "group", "group is required: station, county, day or reason")
	}
	group, err := data.ParseReportGroup(q.Get("group"))
	if err != nil {
		return badRequest("invalid_group", "group", "group must be station, county, day or reason, got %q", q.Get("group"))
	}
	f := data.InspectionFilter{Station: q.Get("station")}
	if f.From, f.To, err = s.reportRange(q.Get("from"), q.Get("to")); err != nil {
		return err
	}
	_, offset := s.now().In(s.loc).Zone()
	// Checks are logged asynchronously; make this reader see its own checks.
	s.inspect.Flush(r.Context())
	counts, err := s.store.InspectionCounts(r.Context(), f, group, offset)
	if err != nil {
		return err
	}
	rep := inspectionReport{Group: string(group), Rows: make([]reportRow, 0, len(counts))}
	if !f.From.IsZero() {
		rep.From = &f.From
	}
	if !f.To.IsZero() {
		rep.To = &f.To
	}
	names := s.groupNames(group)
	for _, c := range counts {
		name := names[c.Key]
		if c.Key == "" {
			name = emptyGroupName[group]
		}
		rep.Rows = append(rep.Rows, reportRow{Key: c.Key, Name: name, Checks: c.Checks, Denials: c.Denials, TurnBacks: c.TurnBacks})
	}
	totals := counts
	if group == data.GroupReason {
		// A check counts once under each of its reasons; count checks once.
		if totals, err = s.store.InspectionCounts(r.Context(), f, data.GroupDay, offset); err != nil {
			return err
		}
	}
	for _, c := range totals {
		rep.Total.Checks += c.Checks
		rep.Total.Denials += c.Denials
		rep.Total.TurnBacks += c.TurnBacks
	}
	if wantsCSV(r) {
		return writeReportCSV(w, rep)
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}

// reportRange parses from and to. A date-only to is the end of that day.
func (s *Server) reportRange(fromS, toS string) (from, to time.Time, err error) {
	if fromS != "" {
		if from, err = s.parseAt(fromS, "from"); err != nil {
			return from, to, err
		}
	}
	if toS != "" {
		if to, err = s.parseAt(toS, "to"); err != nil {
			return from, to, err
		}
		if len(toS) == len(time.DateOnly) {
			to = to.AddDate(0, 0, 1)
		}
	}
	if !from.IsZero() && !to.IsZero() && !from.Before(to) {
		return from, to, badRequest("invalid_range", "to", "to (%s) must be after from (%s)",
			to.Format(time.RFC3339), from.Format(time.RFC3339))
	}
	return from, to, nil
}

// groupNames maps the keys of a station or county report to the names of
// the published checkpoints or counties (admin zones) valid now.
func (s *Server) groupNames(g data.ReportGroup) map[string]string {
	var kind geo.Kind
	switch g {
	case data.GroupStation:
		kind = geo.KindCheckpoint
	case data.GroupCounty:
		kind = geo.KindAdmin
	default:
		return nil
	}
	var layers []string
	for _, l := range s.follower.Layers() {
		if l.Kind == kind {
			layers = append(layers, l.ID)
		}
	}
	names := map[string]string{}
	if len(layers) == 0 {
		return names
	}
	world := orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}
	s.index.Snapshot().Search(world, index.Query{At: s.now(), Layers: layers}, func(z *geo.Zone) bool {
		if _, dup := names[z.ID]; !dup && z.Name != "" {
			names[z.ID] = z.Name
		}
		return true
	})
	return names
}

// writeReportCSV writes the report as CSV: a header naming the grouping,
// then one line per group and no total line (for group=reason the rows do
// not add up to the checks; the JSON total does). Client-supplied text
// (station ids) is defused against formula injection.
func writeReportCSV(w http.ResponseWriter, rep inspectionReport) error {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="inspections-by-`+rep.Group+`.csv"`)
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{rep.Group, "name", "checks", "denials", "turn_backs"})
	n := func(v int64) string { return strconv.FormatInt(v, 10) }
	for _, row := range rep.Rows {
		_ = cw.Write([]string{export.SpreadsheetSafe(row.Key), export.SpreadsheetSafe(row.Name), n(row.Checks), n(row.Denials), n(row.TurnBacks)})
	}
	cw.Flush()
	return cw.Error()
}
