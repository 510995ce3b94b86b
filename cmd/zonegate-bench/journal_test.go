package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestReadMoverStats reads the mover's counters out of a Prometheus text
// page, and reports ok false for a server that exports none.
func TestReadMoverStats(t *testing.T) {
	page := "# HELP zonegate_check_journal_mover_cpu_seconds_total CPU\n" +
		"# TYPE zonegate_check_journal_mover_cpu_seconds_total counter\n" +
		"zonegate_check_journal_mover_cpu_seconds_total 0.5\n" +
		`zonegate_checks_total{decision="deny"} 7` + "\n" +
		"zonegate_check_journal_mover_records_total 40000\n"
	for _, tc := range []struct {
		page string
		want moverStats
		ok   bool
	}{
		{page, moverStats{cpu: 500 * time.Millisecond, records: 40000}, true},
		{"zonegate_index_zones 17\n", moverStats{}, false},
	} {
		ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != "/metrics" {
				http.NotFound(w, r)
				return
			}
			_, _ = w.Write([]byte(tc.page))
		}))
		got, ok, err := readMoverStats(strings.TrimPrefix(ts.URL, "http://"))
		ts.Close()
		if err != nil || ok != tc.ok || got != tc.want {
			t.Errorf("readMoverStats = %+v, %v, %v; want %+v, %v", got, ok, err, tc.want, tc.ok)
		}
	}
	d := moverStats{cpu: 600 * time.Millisecond, records: 40100}.sub(moverStats{cpu: 500 * time.Millisecond, records: 40000})
	if d.perRecord() != time.Millisecond {
		t.Errorf("per record %v, want 1ms", d.perRecord())
	}
	if (moverStats{cpu: time.Second}).perRecord() != 0 {
		t.Error("per record without records is not 0")
	}
}

// Check counters over two rounds add up each server's own counts.
func TestCheckCountersOverRounds(t *testing.T) {
	var total checkCounters
	floor0 := checkCounters{log: checkLogStats{Records: 100, Syncs: 10}}
	floor1 := checkCounters{log: checkLogStats{Records: 160, Syncs: 15}}
	zg0 := checkCounters{moved: moverStats{cpu: time.Second, records: 1000}}
	zg1 := checkCounters{moved: moverStats{cpu: 3 * time.Second, records: 1200}}
	for range 2 {
		total = total.plus(floor1.minus(floor0)).plus(zg1.minus(zg0))
	}
	want := checkCounters{log: checkLogStats{Records: 120, Syncs: 10}, moved: moverStats{cpu: 4 * time.Second, records: 400}}
	if total != want {
		t.Fatalf("counters %+v, want %+v", total, want)
	}
	if got := total.moved.perRecord(); got != 10*time.Millisecond {
		t.Errorf("per record %v, want 10ms", got)
	}
}
