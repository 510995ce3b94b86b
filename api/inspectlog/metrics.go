package inspectlog

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/zonegate/zonegate/data"
)

// RegisterJournal adds to reg the figures of j's check journal
// (data/sqlite), when it holds one: how far the inspections table is
// behind, and what moving records into it costs, the background price of
// each logged check (the rate of mover_cpu_seconds_total over that of
// mover_records_total is the CPU time a record).
func RegisterJournal(reg prometheus.Registerer, j data.CheckJournaler) {
	if _, ok := j.CheckJournalStats(); !ok {
		return
	}
	stats := func() data.CheckJournalStats { st, _ := j.CheckJournalStats(); return st }
	reg.MustRegister(
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "zonegate_check_journal_appended_total", Help: "Inspection records appended to the check journal (durable before their check was answered).",
		}, func() float64 { return float64(stats().Appended) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "zonegate_check_journal_pending", Help: "Inspection records in the check journal not yet moved into the inspections table.",
		}, func() float64 { return float64(stats().Pending) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "zonegate_check_journal_moved_total", Help: "Inspection records moved from the check journal into the inspections table.",
		}, func() float64 { return float64(stats().Moved) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "zonegate_check_journal_mover_cpu_seconds_total", Help: "CPU time of the background mover's moves into the inspections table (its own thread; Linux only, else 0).",
		}, func() float64 { return stats().MoverCPU.Seconds() }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "zonegate_check_journal_mover_records_total", Help: "Inspection records moved by the moves in zonegate_check_journal_mover_cpu_seconds_total.",
		}, func() float64 { return float64(stats().MoverRecords) }),
	)
}
