package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"time"

	"github.com/zonegate/zonegate/data/internal/sqlrow"
)

// The check journal's mover: how records go from the journal files into
// the inspections table (see journal.go).

// moveJournal moves one journal file into the table: the inactive one if
// it still holds records (an earlier move failed), else the active one,
// after making the other active. It reports how many records it moved
// and whether it switched.
func (s *Store) moveJournal(ctx context.Context, j *checkJournal) (moved int, switched bool, err error) {
	j.moveMu.Lock()
	defer j.moveMu.Unlock()
	j.mu.Lock()
	src := 1 - j.active
	if len(j.pend[src]) == 0 {
		if len(j.pend[j.active]) == 0 {
			j.mu.Unlock()
			return 0, false, nil
		}
		src, j.active, switched = j.active, src, true
	}
	rows := j.pend[src]
	j.mu.Unlock()
	// Appends go to the other file now; src changes only here.
	if err := s.insertJournaled(ctx, j, rows); err != nil {
		return 0, switched, fmt.Errorf("check journal: move: %w", err)
	}
	// A crash before the reset replays rows already in the table:
	// INSERT OR IGNORE by id makes that harmless, as it does a retry.
	if err := j.reset(src); err != nil {
		return 0, switched, fmt.Errorf("check journal: reset after move: %w", err)
	}
	moved = len(rows)
	j.moved.Add(int64(moved))
	j.mu.Lock()
	clear(rows)
	j.pend[src] = rows[:0]
	j.mu.Unlock()
	return moved, switched, nil
}

// drainJournal moves every record appended before the call into the
// table (read-your-writes for the readers of inspections).
func (s *Store) drainJournal(ctx context.Context) error {
	j := s.journal
	if j == nil {
		return nil
	}
	// A move that does not switch moved nothing, or the inactive file
	// left by a failed move; the next one then switches.
	for range 2 {
		_, switched, err := s.moveJournal(ctx, j)
		if err != nil || switched {
			return err
		}
	}
	return nil
}

// runMover moves the journal when journalMoveAt records are pending or
// the oldest has waited journalMoveAge, until closeJournal. A failed move
// leaves the records in the journal and is retried a second later.
func (s *Store) runMover(j *checkJournal) {
	defer close(j.done)
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	defer timer.Stop()
	for {
		j.mu.Lock()
		n := len(j.pend[0]) + len(j.pend[1])
		var oldest time.Time
		for i := range j.pend {
			if len(j.pend[i]) > 0 && (oldest.IsZero() || j.oldest[i].Before(oldest)) {
				oldest = j.oldest[i]
			}
		}
		j.mu.Unlock()
		var due <-chan time.Time
		if n > 0 {
			wait := time.Until(oldest.Add(j.moveAge))
			if n >= j.moveAt || wait <= 0 {
				ctx, cancel := context.WithTimeout(context.Background(), moveTimeout)
				err := s.measuredMove(ctx, j)
				cancel()
				if err == nil {
					continue
				}
				s.log.Error("check journal: move into the store failed; the records stay in the journal and the move is retried", "err", err)
				wait = time.Second
			}
			timer.Reset(wait) // Go 1.23 timers: no stale tick after Stop or Reset
			due = timer.C
		}
		select {
		case <-j.kick:
		case <-due:
		case <-j.quit:
			return
		}
	}
}

// measuredMove is moveJournal on a thread of its own for the move, so
// that the thread's CPU time around it is the move's (SQLite is Go code
// here, its writes are this thread's syscalls): CheckJournalStats reports
// it, the cost every logged check adds in the background. The thread is
// held only while moving: a locked goroutine costs thread switches each
// time it parks and wakes.
func (s *Store) measuredMove(ctx context.Context, j *checkJournal) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	cpu0, measured := threadCPU()
	moved, _, err := s.moveJournal(ctx, j)
	if cpu1, _ := threadCPU(); measured && moved > 0 {
		j.moverCPU.Add(int64(cpu1 - cpu0))
		j.moverRecs.Add(int64(moved))
	}
	return err
}

// insertJournaled inserts journaled rows into the table j.txRows at a
// time, each batch its own transaction, so a backlog left by an outage (up
// to journalBacklog, twice that in a replay) makes neither one huge
// transaction in the WAL nor a long hold on the store's writer. After a
// failure part way a retry (or the replay) inserts them all again, and
// INSERT OR IGNORE skips those committed. The caller holds j.moveMu or
// owns j alone.
func (s *Store) insertJournaled(ctx context.Context, j *checkJournal, rows [][]any) error {
	for lo := 0; lo < len(rows); lo += j.txRows {
		hi := min(lo+j.txRows, len(rows))
		if err := s.insertRows(ctx, rows[lo:hi]); err != nil {
			return fmt.Errorf("records %d-%d of %d: %w", lo+1, hi, len(rows), err)
		}
		j.moveTxs++
	}
	return nil
}

// insertRows inserts rows (id first, then the inspection columns) with
// INSERT OR IGNORE in one transaction: rows already there (a replay after
// a crash between a move's commit and its truncate) are skipped.
func (s *Store) insertRows(ctx context.Context, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	select {
	case s.wsem <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-s.wsem }()
	// Prepare first: the transaction holds the only write connection.
	for _, n := range moveChunkSizes(len(rows)) {
		if _, err := s.moveStmt(ctx, n); err != nil {
			return err
		}
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	if err := eachMoveChunk(rows, func(n int, flat []any) error {
		_, err := tx.StmtContext(ctx, s.moveStmts[n]).ExecContext(ctx, flat...)
		return err
	}); err != nil {
		return fmt.Errorf("insert: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// moveStmt returns the INSERT OR IGNORE of n rows with their ids,
// prepared on the write connection when first needed and kept. The caller
// holds the write semaphore, which guards the cache, and no transaction.
func (s *Store) moveStmt(ctx context.Context, n int) (*sql.Stmt, error) {
	if st := s.moveStmts[n]; st != nil {
		return st, nil
	}
	st, err := s.w.PrepareContext(ctx, moveSQL(n))
	if err != nil {
		return nil, fmt.Errorf("prepare insert of %d rows: %w", n, err)
	}
	if s.moveStmts == nil {
		s.moveStmts = map[int]*sql.Stmt{}
	}
	s.moveStmts[n] = st
	return st, nil
}

// moveSQL is the INSERT OR IGNORE of n journaled rows (id first).
func moveSQL(n int) string {
	q := make([]byte, 0, 100+45*n)
	q = append(q, `INSERT OR IGNORE INTO inspections (id, `+sqlrow.InspectionColumns+`) VALUES `...)
	for i := range n {
		if i > 0 {
			q = append(q, ',')
		}
		q = append(q, `(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`...)
	}
	return string(q)
}

// moveChunkSizes returns the row counts of the INSERTs eachMoveChunk makes
// of n rows: moveRows, and the remainder if any.
func moveChunkSizes(n int) []int {
	if n <= moveRows {
		return []int{n}
	}
	if r := n % moveRows; r > 0 {
		return []int{moveRows, r}
	}
	return []int{moveRows}
}

// eachMoveChunk calls insert with up to moveRows rows at a time, their
// values flattened in order (the arguments of moveSQL(n)).
func eachMoveChunk(rows [][]any, insert func(n int, flat []any) error) error {
	flat := make([]any, 0, min(len(rows), moveRows)*(1+journalColumns))
	for lo := 0; lo < len(rows); lo += moveRows {
		hi := min(lo+moveRows, len(rows))
		flat = flat[:0]
		for _, r := range rows[lo:hi] {
			flat = append(flat, r...)
		}
		if err := insert(hi-lo, flat); err != nil {
			return err
		}
	}
	return nil
}
