package sqlite

import (
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/zonegate/zonegate/data"
)

// TestCheckJournalStats: the counters follow appends and moves; the
// mover's CPU time is counted with the records of its own moves only,
// not those a read drains; a Store without the journal reports none.
func TestCheckJournalStats(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "z.db")
	s := openJournalStore(t, path, Options{journalMoveAt: 4, journalMoveAge: time.Hour})
	defer s.Close()
	var _ data.CheckJournaler = s

	logN(t, s, "a", 4) // journalMoveAt: the mover moves them
	st := waitMoved(t, s, 4)
	if st.Appended != 4 || st.Pending != 0 || st.MoverRecords != 4 {
		t.Fatalf("after the mover's move: %+v; want 4 appended, 4 moved by the mover, none pending", st)
	}
	if runtime.GOOS == "linux" && st.MoverCPU <= 0 {
		t.Fatalf("mover CPU %v after a move on linux; want > 0", st.MoverCPU)
	}

	logN(t, s, "b", 2) // below journalMoveAt and journalMoveAge: they wait
	if st, _ := s.CheckJournalStats(); st.Appended != 6 || st.Pending != 2 || st.Moved != 4 {
		t.Fatalf("after 2 more appends: %+v; want 6 appended, 2 pending, 4 moved", st)
	}
	stations(t, s) // a read drains them, outside the mover
	after, _ := s.CheckJournalStats()
	if after.Moved != 6 || after.Pending != 0 || after.MoverRecords != 4 || after.MoverCPU != st.MoverCPU {
		t.Fatalf("after a read drained the journal: %+v; want 6 moved, none pending, the mover's figures unchanged (%v, 4)", after, st.MoverCPU)
	}

	other := openJournalStore(t, path, Options{})
	defer other.Close()
	if st, ok := other.CheckJournalStats(); ok || st != (data.CheckJournalStats{}) {
		t.Fatalf("a second Store of the file: %+v, %v; want no journal", st, ok)
	}
}

// waitMoved waits until s's mover has moved n records (counted after the
// move, so Moved has them too) and returns its stats.
func waitMoved(t *testing.T, s *Store, n int64) data.CheckJournalStats {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		st, ok := s.CheckJournalStats()
		if !ok {
			t.Fatal("the Store owns no journal")
		}
		if st.MoverRecords >= n {
			return st
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d records moved by the mover after 30 s: %+v", st.MoverRecords, n, st)
		}
		time.Sleep(time.Millisecond)
	}
}
