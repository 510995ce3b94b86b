package api

// GET /v1/statistics/clean-heating: the gazette's county table of the 2020
// winter clean-heating conversions (data/cleanheating), as JSON or CSV.

import (
	"encoding/csv"
	"fmt"
	"net/http"

	"github.com/zonegate/zonegate/data/cleanheating"
)

// cleanHeatingStats answers GET /v1/statistics/clean-heating[?format=csv]
// (or Accept: text/csv). The CSV starts with a UTF-8 BOM so spreadsheet
// programs read the Chinese names; blank cells are empty fields.
func (s *Server) cleanHeatingStats(w http.ResponseWriter, r *http.Request) error {
	t, err := cleanheating.Recovered()
	if err != nil {
		return fmt.Errorf("clean-heating statistics: %w", err)
	}
	if !wantsCSV(r) {
		writeJSON(w, http.StatusOK, t)
		return nil
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="clean-heating-2020.csv"`)
	_, _ = w.Write([]byte("\uFEFF"))
	cw := csv.NewWriter(w)
	for _, rec := range t.Records() {
		for i := range rec {
			rec[i] = csvSafe(rec[i])
		}
		_ = cw.Write(rec)
	}
	cw.Flush()
	return cw.Error()
}
