package main

import (
	"bufio"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// moverStats is what zonegate's /metrics tells of its check journal's
// background mover: the CPU time of its moves into the inspections
// table (measured on the mover's own thread) and the records they moved.
type moverStats struct {
	cpu     time.Duration
	records int64
}

// sub returns the moves between b and s.
func (s moverStats) sub(b moverStats) moverStats {
	return moverStats{cpu: s.cpu - b.cpu, records: s.records - b.records}
}

// perRecord is the mover's CPU time a record, 0 without records.
func (s moverStats) perRecord() time.Duration {
	if s.records <= 0 {
		return 0
	}
	return s.cpu / time.Duration(s.records)
}

// checkCounters are a server's own counters of the checks it logged: the
// floor's log (records and fdatasyncs), zonegate's moves into SQLite.
type checkCounters struct {
	log   checkLogStats
	moved moverStats
}

// minus returns the counts between b and c.
func (c checkCounters) minus(b checkCounters) checkCounters {
	return checkCounters{
		log:   checkLogStats{Records: c.log.Records - b.log.Records, Syncs: c.log.Syncs - b.log.Syncs},
		moved: c.moved.sub(b.moved),
	}
}

// plus returns the sum of c and d.
func (c checkCounters) plus(d checkCounters) checkCounters {
	return checkCounters{
		log:   checkLogStats{Records: c.log.Records + d.log.Records, Syncs: c.log.Syncs + d.log.Syncs},
		moved: moverStats{cpu: c.moved.cpu + d.moved.cpu, records: c.moved.records + d.moved.records},
	}
}

// readCheckCounters reads s's check counters: the floor's from its log
// endpoint, zonegate's from /metrics (zero without a check journal);
// other servers have none.
func readCheckCounters(s server) (checkCounters, error) {
	var c checkCounters
	var err error
	switch s.name {
	case "floor":
		c.log, err = readCheckLogStats(s.addr)
	case "zonegate":
		c.moved, _, err = readMoverStats(s.addr)
	}
	return c, err
}

// The counters readMoverStats reads (api/inspectlog registers them).
const (
	moverCPUMetric     = "zonegate_check_journal_mover_cpu_seconds_total"
	moverRecordsMetric = "zonegate_check_journal_mover_records_total"
)

// readMoverStats reads zonegate's mover counters from GET /metrics at
// addr (host:port). ok is false when the server exports none (a store
// without a check journal).
func readMoverStats(addr string) (st moverStats, ok bool, err error) {
	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		return st, false, fmt.Errorf("zonegate metrics: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return st, false, fmt.Errorf("zonegate metrics: %s", resp.Status)
	}
	found := 0
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		name, value, _ := strings.Cut(sc.Text(), " ")
		if name != moverCPUMetric && name != moverRecordsMetric {
			continue
		}
		v, err := strconv.ParseFloat(value, 64)
		if err != nil {
			return st, false, fmt.Errorf("zonegate metrics: %s: %w", name, err)
		}
		found++
		if name == moverCPUMetric {
			st.cpu = time.Duration(v * float64(time.Second))
		} else {
			st.records = int64(v)
		}
	}
	if err := sc.Err(); err != nil {
		return st, false, fmt.Errorf("zonegate metrics: %w", err)
	}
	return st, found == 2, nil
}
