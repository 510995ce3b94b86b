package api_test

import (
	"bufio"
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/zonegate/zonegate/api/internal/apitest"
)

// TestCheckJournalMetrics: /metrics follows the SQLite store's check
// journal: an answered check is appended (durable) at once, and is moved
// into the inspections table by the time the log is read.
func TestCheckJournalMetrics(t *testing.T) {
	ts := apitest.New(t)
	before := scrape(t, ts)
	for _, name := range []string{"zonegate_check_journal_appended_total", "zonegate_check_journal_pending",
		"zonegate_check_journal_moved_total", "zonegate_check_journal_mover_cpu_seconds_total", "zonegate_check_journal_mover_records_total"} {
		if _, ok := before[name]; !ok {
			t.Fatalf("/metrics has no %s", name)
		}
	}
	var got checkAnswer
	ts.PostJSON(t, "/v1/checks/coal-truck", `{"position":[111.5186,36.088],"station":"G108-yaodu-01",`+goodCoal+","+allDocs+`,"destination":{"category":"residential"}}`, &got)
	if got.Decision != "deny" {
		t.Fatalf("decision %q, want deny", got.Decision)
	}
	after := scrape(t, ts)
	if d := after["zonegate_check_journal_appended_total"] - before["zonegate_check_journal_appended_total"]; d != 1 {
		t.Fatalf("appended +%v after one check, want +1", d)
	}
	var log struct {
		Inspections []struct {
			Decision string `json:"decision"`
		} `json:"inspections"`
	}
	ts.GetJSON(t, "/v1/inspections", &log) // drains the journal: read your writes
	read := scrape(t, ts)
	if read["zonegate_check_journal_pending"] != 0 || read["zonegate_check_journal_moved_total"] != read["zonegate_check_journal_appended_total"] {
		t.Fatalf("after reading the log: pending %v, moved %v of %v appended; want all moved",
			read["zonegate_check_journal_pending"], read["zonegate_check_journal_moved_total"], read["zonegate_check_journal_appended_total"])
	}
	if len(log.Inspections) == 0 {
		t.Fatal("the check is not in the inspection log")
	}
}

// scrape reads the unlabelled samples of GET /metrics.
func scrape(t *testing.T, ts *apitest.Server) map[string]float64 {
	t.Helper()
	status, _, body := ts.Do(t, http.MethodGet, "/metrics", "", "")
	if status != http.StatusOK {
		t.Fatalf("GET /metrics = %d", status)
	}
	out := map[string]float64{}
	sc := bufio.NewScanner(bytes.NewReader(body))
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), " ")
		if !ok || strings.HasPrefix(name, "#") || strings.Contains(name, "{") {
			continue
		}
		v, err := strconv.ParseFloat(value, 64)
		if err != nil {
			t.Fatalf("/metrics line %q: %v", sc.Text(), err)
		}
		out[name] = v
	}
	return out
}
