package api

// GET /v1/statistics/clean-heating[?format=csv]: the gazette's county table
// of the 2020 clean-heating conversions (data/cleanheating), JSON or CSV.

import (
	"fmt"
	"net/http"

	"github.com/zonegate/zonegate/data/cleanheating"
)

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
	return t.WriteCSV(w)
}
