package sqlite

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/zonegate/zonegate/data"
)

// TestJournalBacklog holds the store's write lock from another connection
// (as an operator's open sqlite3 transaction would), so the mover cannot
// move: appends are taken up to the bound, refused past it with
// errJournalFull (the refused records get no id and are never stored),
// and taken again once the lock is gone and the mover has caught up.
// Every acknowledged record ends up in the table exactly once.
func TestJournalBacklog(t *testing.T) {
	t.Parallel()
	const bound = 12
	path := filepath.Join(t.TempDir(), "z.db")
	s := openJournalStore(t, path, Options{journalMoveAt: 4, journalMoveAge: time.Hour, journalBacklog: bound})
	defer s.Close()
	logOne := func(station string) (*data.Inspection, error) {
		r := &data.Inspection{Time: jt0, Station: station, Decision: "allow", Action: "pass", Reasons: []string{},
			Request: json.RawMessage(`{}`), Response: json.RawMessage(`{}`)}
		return r, s.LogInspections(t.Context(), []*data.Inspection{r})
	}
	var want []string
	take := func(station string) {
		t.Helper()
		if _, err := logOne(station); err != nil {
			t.Fatalf("%s: %v", station, err)
		}
		want = append(want, station)
	}
	take("a-0") // reserves the ids before the lock is taken

	other, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	lock, err := other.Conn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lock.ExecContext(t.Context(), "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	for i := 1; i < bound; i++ {
		take(fmt.Sprintf("a-%d", i))
	}
	for _, n := range []int{1, 2} {
		recs := []*data.Inspection{{Time: jt0, Station: "refused", Decision: "allow", Action: "pass", Reasons: []string{}}}
		if n == 2 {
			recs = append(recs, &data.Inspection{Time: jt0, Station: "refused", Decision: "allow", Action: "pass", Reasons: []string{}})
		}
		err := s.LogInspections(t.Context(), recs)
		if !errors.Is(err, errJournalFull) {
			t.Fatalf("append of %d past the bound: err = %v, want errJournalFull", n, err)
		}
		if recs[0].ID != 0 {
			t.Fatalf("a refused record got id %d", recs[0].ID)
		}
	}

	if _, err := lock.ExecContext(t.Context(), "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	lock.Close()
	deadline := time.Now().Add(30 * time.Second)
	for {
		s.journal.mu.Lock()
		n := len(s.journal.pend[0]) + len(s.journal.pend[1])
		s.journal.mu.Unlock()
		if n < bound {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d records still pending 30 s after the lock was released", n)
		}
		time.Sleep(time.Millisecond)
	}
	take("b-0")
	if got := stations(t, s); !slices.Equal(got, want) {
		t.Fatalf("stored %q, want %q", got, want)
	}
}

// TestJournalBacklogLargeCall: a call larger than the bound is taken when
// nothing waits, so no call is refused for ever.
func TestJournalBacklogLargeCall(t *testing.T) {
	t.Parallel()
	s := openJournalStore(t, filepath.Join(t.TempDir(), "z.db"), Options{journalMoveAt: 1 << 30, journalMoveAge: time.Hour, journalBacklog: 3})
	defer s.Close()
	logN(t, s, "a", 5)
	if got := stations(t, s); !slices.Equal(got, names("a", 5)) {
		t.Fatalf("stored %q", got)
	}
}

// TestJournalMoveInTransactions: a move, and the replay after a crash, of
// more rows than a transaction takes commit them in several, every record
// stored once.
func TestJournalMoveInTransactions(t *testing.T) {
	t.Parallel()
	o := holdJournal
	o.journalMoveTx = 100
	for _, replay := range []bool{false, true} {
		path := filepath.Join(t.TempDir(), "z.db")
		s := openJournalStore(t, path, o)
		logN(t, s, "a", 250)
		if replay {
			s.crash(t)
			s = openJournalStore(t, path, o) // Open replays the 250 rows
		}
		got := stations(t, s) // drains the journal into the table
		want := names("a", 250)
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Fatalf("replay %v: table holds %d records, want 250", replay, len(got))
		}
		s.journal.moveMu.Lock()
		txs := s.journal.moveTxs
		s.journal.moveMu.Unlock()
		if txs != 3 {
			t.Fatalf("replay %v: %d transactions, want 3 (100, 100, 50)", replay, txs)
		}
		s.Close()
	}
}
