package data

import "time"

// CheckJournalStats describes a store's check journal (data/sqlite): the
// append-only file that makes a check's inspection record durable before
// the check is answered, and the background mover that inserts the
// records into the inspections table. The counters run from Open.
type CheckJournalStats struct {
	// Appended is the records appended (acknowledged checks).
	Appended int64
	// Pending is the records appended and not yet moved into the table.
	Pending int
	// Moved is the records moved into the table, by any move.
	Moved int64
	// MoverCPU is the CPU time (user and system, SQLite's writes and
	// checkpoints included) of the background mover's successful moves,
	// measured on its own thread; zero where the platform cannot tell a
	// thread's CPU time (outside Linux). Moves made for a reader
	// (read-your-writes) or at Close are not in it.
	MoverCPU time.Duration
	// MoverRecords is the records those measured moves inserted, so that
	// MoverCPU / MoverRecords is what moving one record costs.
	MoverRecords int64
}

// CheckJournaler is a Store that may hold a check journal. ok is false
// when it holds none (another process owns the store's journal, or the
// backend has no journal), and the stats are then zero.
type CheckJournaler interface {
	CheckJournalStats() (stats CheckJournalStats, ok bool)
}
