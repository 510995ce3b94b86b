package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"time"
)

// row is one measured server in one mode.
type row struct {
	mode   mode
	server string
	r      result
}

// table runs every mode against every server that answers it and prints
// the rows as they come, then the batch details and the ratios of
// zonegate to Tile38.
func (b *bench) table(ctx context.Context, servers []server, out io.Writer) error {
	modes := []mode{
		{title: "1 conn, 1 lookup/request", kind: modeGet, conns: 1},
		{title: "32 conns, 1 lookup/request", kind: modeGet, conns: 32},
		{title: "1 conn, coal-truck check", kind: modeCheck, conns: 1},
		{title: "32 conns, coal-truck check", kind: modeCheck, conns: 32},
		{title: fmt.Sprintf("bulk: batch of %d, 1 conn", b.batch), kind: modeBatch, conns: 1},
		{title: "bulk: NDJSON stream, 1 conn", kind: modeStream, conns: 1},
		{title: fmt.Sprintf("paced %.0f/s, 32 conns, lookup", b.paced), kind: modeGet, conns: 32, rate: b.paced},
		{title: fmt.Sprintf("paced %.0f/s, 32 conns, check", b.paced), kind: modeCheck, conns: 32, rate: b.paced},
	}
	fmt.Fprintf(out, "\n%-30s %-20s %11s %6s %9s %9s %10s %8s %8s\n", "mode", "server", "q/s", "spread", "p50", "p99", "srv CPU/q", "q/s÷fl", "CPU÷fl")
	var rows []row
	for _, m := range modes {
		if !b.runs(m.selector()) {
			continue
		}
		// Servers take turns round by round, so drift on a shared machine
		// touches them alike; each row is the round with the median q/s
		// (paced: the median p99).
		runs := make([][]result, len(servers))
		var counted checkCounters // the servers' own counters over the rounds
		for range b.rounds {
			for i, s := range servers {
				nw := b.workers(s, serverKind(s, m.kind))
				if nw == nil {
					continue
				}
				var before checkCounters
				var err error
				if m.kind == modeCheck {
					if before, err = readCheckCounters(s); err != nil {
						return err
					}
				}
				r, err := measure(ctx, s.cpu, m.conns, b.duration, m.rate, nw)
				if err != nil {
					return fmt.Errorf("%s, %s: %w", m.title, s.name, err)
				}
				if m.kind == modeCheck {
					after, err := readCheckCounters(s)
					if err != nil {
						return err
					}
					counted = counted.plus(after.minus(before))
				}
				if m.kind == modeBatch && !s.resp {
					for _, bt := range b.batchers {
						r.encode, r.decode = r.encode+bt.encode, r.decode+bt.decode
					}
					r.encode /= time.Duration(r.requests + r.warmRequests)
					r.decode /= time.Duration(r.requests + r.warmRequests)
				}
				runs[i] = append(runs[i], r)
			}
		}
		var floor result
		for i, s := range servers {
			if len(runs[i]) == 0 {
				continue
			}
			r, spread := median(runs[i], m.rate > 0)
			if s.name == "floor" {
				floor = r
			}
			name := s.name
			if serverKind(s, m.kind) == modePipe {
				name = fmt.Sprintf("tile38 pipelined ×%d", tile38Pipeline)
			}
			rows = append(rows, row{mode: m, server: s.name, r: r})
			fmt.Fprintf(out, "%-30s %-20s %11.0f %5.0f%% %9s %9s %10s %7.2f× %7.2f×\n", m.title, name, r.rate(), 100*spread, fmtDur(r.p50), fmtDur(r.p99),
				fmtDur(r.cpuPerPoint()), ratio(r.rate(), floor.rate()), ratio(float64(r.cpuPerPoint()), float64(floor.cpuPerPoint())))
			if m.kind == modeBatch && !s.resp && r.requests > 0 {
				fmt.Fprintf(out, "%-30s %-20s   %s end to end per batch (p50), server CPU %s per batch, client encode %s + decode %s per batch\n",
					"", "", fmtDur(r.p50), fmtDur(r.cpu/time.Duration(r.requests)), fmtDur(r.encode), fmtDur(r.decode))
			}
			if logged := counted.log; m.kind == modeCheck && s.name == "floor" && logged.Syncs > 0 {
				fmt.Fprintf(out, "%-30s %-20s   log: %d checks in %d fdatasyncs over the rounds, %.2f checks per fdatasync\n",
					"", "", logged.Records, logged.Syncs, float64(logged.Records)/float64(logged.Syncs))
			}
			if moved := counted.moved; m.kind == modeCheck && s.name == "zonegate" && moved.perRecord() > 0 {
				less := r.cpuPerPoint() - moved.perRecord()
				fmt.Fprintf(out, "%-30s %-20s   moves into SQLite: %s CPU a record (%d records over the rounds); srv CPU/q less that %s, %.2f× the floor's\n",
					"", "", fmtDur(moved.perRecord()), moved.records, fmtDur(less), ratio(float64(less), float64(floor.cpuPerPoint())))
			}
		}
	}
	fmt.Fprintln(out, "\nsrv CPU/q: utime+stime of the server process (/proc/PID/stat, 10 ms ticks) over the run ÷ points answered; the client runs in this process and is not counted.")
	if b.runs(modeBatch) || b.runs(modeStream) {
		fmt.Fprintln(out, "In bulk the floor's engine (R-tree of bounds, edges banded by latitude) dominates: bulk ratios to the floor compare engines, not transports.")
	}
	if b.runs(modeCheck) || b.runs(modePaced) {
		fmt.Fprintln(out, "Checks: the floor looks up the point, denies it inside a zone, and appends one line per check to a file, fdatasync'd (group commit) before it answers;")
		fmt.Fprintln(out, "zonegate decides with its rules and appends an inspection record to its store's check journal, fdatasync'd (group commit) before it answers, then moves it into SQLite (WAL) in the background.")
		fmt.Fprintln(out, "Its moves' CPU is in its srv CPU/q; the mover's own thread measures it (zonegate_check_journal_mover_cpu_seconds_total ÷ _mover_records_total in /metrics).")
	}
	zonegateVsTile38(rows, out)
	return nil
}

// zonegateVsTile38 prints zonegate's q/s over Tile38's per mode, when
// Tile38 ran.
func zonegateVsTile38(rows []row, out io.Writer) {
	find := func(server, kind string, conns int) (result, bool) {
		for _, r := range rows {
			if r.server == server && r.mode.kind == kind && r.mode.conns == conns {
				return r.r, true
			}
		}
		return result{}, false
	}
	if _, ok := find("tile38", modeGet, 1); !ok {
		return
	}
	fmt.Fprintln(out, "\nzonegate ÷ Tile38 (q/s):")
	for _, c := range []int{1, 32} {
		z, _ := find("zonegate", modeGet, c)
		t, _ := find("tile38", modeGet, c)
		fmt.Fprintf(out, "  1 lookup/request, %2d conns: %.2f×\n", c, ratio(z.rate(), t.rate()))
	}
	t, _ := find("tile38", modeBatch, 1)
	z, _ := find("zonegate", modeBatch, 1)
	s, _ := find("zonegate", modeStream, 1)
	fmt.Fprintf(out, "  bulk: batch %.2f×, NDJSON stream %.2f× Tile38 pipelined ×%d\n", ratio(z.rate(), t.rate()), ratio(s.rate(), t.rate()), tile38Pipeline)
}

// serverKind is the mode s runs for kind: Tile38 answers bulk pipelined.
func serverKind(s server, kind string) string {
	if s.resp && kind == modeBatch {
		return modePipe
	}
	return kind
}

// median returns the run with the median q/s and the spread of the runs'
// q/s, (max-min)/median; byP99 (paced runs, whose q/s is the pace) the
// run with the median p99 and the spread of the p99s.
func median(runs []result, byP99 bool) (result, float64) {
	key := result.rate
	if byP99 {
		key = func(r result) float64 { return float64(r.p99) }
	}
	s := slices.Clone(runs)
	slices.SortFunc(s, func(a, b result) int { return cmp.Compare(key(a), key(b)) })
	m := s[len(s)/2]
	return m, ratio(key(s[len(s)-1])-key(s[0]), key(m))
}

// ratio is a/b, 0 when b is 0.
func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

// fmtDur prints a duration with three significant figures in µs, ms or s.
func fmtDur(d time.Duration) string {
	switch {
	case d == 0:
		return "-"
	case d < time.Millisecond:
		return fmt.Sprintf("%.3gµs", float64(d)/float64(time.Microsecond))
	case d < time.Second:
		return fmt.Sprintf("%.3gms", float64(d)/float64(time.Millisecond))
	}
	return fmt.Sprintf("%.3gs", d.Seconds())
}
