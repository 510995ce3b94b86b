package api

import (
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/zonegate/zonegate/api/wire"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/export"
)

// maxInspections caps one answer of GET /v1/inspections.
const maxInspections = 10_000

// listInspections answers GET /v1/inspections?station=&from=&to=&decision=&limit=
// as JSON, or as CSV when the client asks for text/csv.
func (s *Server) listInspections(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := data.InspectionFilter{Station: q.Get("station"), Decision: q.Get("decision"), Limit: maxInspections}
	if f.Decision != "" && f.Decision != "allow" && f.Decision != "deny" {
		return badRequest("invalid_decision", "decision", "decision must be allow or deny, got %q", f.Decision)
	}
	var err error
	for _, t := range []struct {
		name string
		dst  *time.Time
	}{{"from", &f.From}, {"to", &f.To}} {
		if v := q.Get(t.name); v != "" {
			if *t.dst, err = s.parseAt(v, t.name); err != nil {
				return err
			}
		}
	}
	if v := q.Get("limit"); v != "" {
		n, err := wire.ParseInt(v)
		if err != nil || n < 1 || n > maxInspections {
			return badRequest("invalid_limit", "limit", "limit must be an integer from 1 to %d", maxInspections)
		}
		f.Limit = int(n)
	}
	// Checks are logged asynchronously; make this reader see its own checks.
	s.inspect.Flush(r.Context())
	recs, err := s.store.Inspections(r.Context(), f)
	if err != nil {
		return err
	}
	if wantsCSV(r) {
		return writeInspectionsCSV(w, recs)
	}
	if recs == nil {
		recs = []*data.Inspection{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"inspections": recs})
	return nil
}

func wantsCSV(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Accept"), "text/csv") || r.URL.Query().Get("format") == "csv"
}

func writeInspectionsCSV(w http.ResponseWriter, recs []*data.Inspection) error {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="inspections.csv"`)
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"id", "time", "station", "plate", "lon", "lat", "route_points", "decision", "action", "reasons"})
	for _, rec := range recs {
		lon, lat := "", ""
		if rec.Position != nil {
			lon = strconv.FormatFloat(rec.Position[0], 'f', -1, 64)
			lat = strconv.FormatFloat(rec.Position[1], 'f', -1, 64)
		}
		_ = cw.Write([]string{
			strconv.FormatInt(rec.ID, 10), rec.Time.UTC().Format(time.RFC3339Nano), export.SpreadsheetSafe(rec.Station), export.SpreadsheetSafe(rec.Plate),
			lon, lat, strconv.Itoa(len(rec.Route)), rec.Decision, rec.Action, strings.Join(rec.Reasons, ";"),
		})
	}
	cw.Flush()
	return cw.Error()
}
