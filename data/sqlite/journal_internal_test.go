package sqlite

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/data"
)

var jt0 = time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)

// holdJournal keeps every record in the journal until a read drains it.
var holdJournal = Options{journalMoveAt: 1 << 30, journalMoveAge: time.Hour}

func openJournalStore(t *testing.T, path string, o Options) *Store {
	t.Helper()
	s, err := Open(t.Context(), path, o)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return s
}

// crash abandons s as kill -9 would leave it: the mover stops, nothing is
// drained, the journal files and lock are closed as they are.
func (s *Store) crash(t *testing.T) {
	t.Helper()
	j := s.journal
	j.closeOnce.Do(func() {
		close(j.quit)
		<-j.done
		j.closeErr = j.closeFiles()
	})
	s.journal = nil
	if err := s.Close(); err != nil {
		t.Fatalf("Close after crash: %v", err)
	}
}

// logN logs one call of n records from station prefix-i and returns them.
func logN(t *testing.T, s *Store, prefix string, n int) []*data.Inspection {
	t.Helper()
	recs := make([]*data.Inspection, n)
	for i := range recs {
		recs[i] = &data.Inspection{Time: jt0.Add(time.Duration(i) * time.Second), Station: fmt.Sprintf("%s-%d", prefix, i),
			Decision: "deny", Action: "turn_back", Reasons: []string{"COAL_BAN_ZONE"}, Position: &orb.Point{111.5, 36.1},
			Request: json.RawMessage(`{ "station" : "x" }`), Response: json.RawMessage(`{"decision":"deny"}`), County: "尧都区"}
	}
	if err := s.LogInspections(t.Context(), recs); err != nil {
		t.Fatalf("LogInspections: %v", err)
	}
	return recs
}

// stations returns the stations of every logged record in ID order and
// fails t on a repeated or non-increasing id.
func stations(t *testing.T, s *Store) []string {
	t.Helper()
	got, err := s.Inspections(t.Context(), data.InspectionFilter{})
	if err != nil {
		t.Fatalf("Inspections: %v", err)
	}
	slices.SortFunc(got, func(a, b *data.Inspection) int { return int(a.ID - b.ID) })
	out := make([]string, len(got))
	for i, r := range got {
		if i > 0 && r.ID <= got[i-1].ID {
			t.Fatalf("id %d after %d", r.ID, got[i-1].ID)
		}
		out[i] = r.Station
	}
	return out
}

func names(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s-%d", prefix, i)
	}
	return out
}

// journalRows returns the number of records the journal file holds.
func journalRows(t *testing.T, path string) int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rows, _, _ := decodeJournal(b)
	return len(rows)
}

// TestJournalTornTail cuts the last frame short, as a crash in the middle
// of its write leaves it: the complete frames are replayed, the torn one
// (never acknowledged) is dropped, and the file is emptied.
func TestJournalTornTail(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "z.db")
	s := openJournalStore(t, path, holdJournal)
	logN(t, s, "a", 2)
	logN(t, s, "b", 3)
	before := s.journal.off[0]
	logN(t, s, "c", 1)
	s.crash(t)
	// The header whole, the payload cut (other cuts: TestDecodeFramesPrefixes).
	b, err := os.ReadFile(path + "-checks-a")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path+"-checks-a", b[:before+frameHeader+5], 0o644); err != nil {
		t.Fatal(err)
	}
	s = openJournalStore(t, path, holdJournal)
	defer s.Close()
	want := append(names("a", 2), names("b", 3)...)
	if got := stations(t, s); !slices.Equal(got, want) {
		t.Fatalf("after replay: %v, want %v", got, want)
	}
	for _, f := range []string{path + "-checks-a", path + "-checks-b"} {
		if n := journalRows(t, f); n != 0 {
			t.Errorf("%s holds %d records after replay, want 0", f, n)
		}
	}
	// New records get ids after the replayed ones.
	d := logN(t, s, "d", 1)
	if got := stations(t, s); !slices.Equal(got, append(want, "d-0")) {
		t.Fatalf("after a new record: %v (id %d)", got, d[0].ID)
	}
}

// TestDecodeFramesPrefixes decodes every prefix of three frames: each
// gives the records of the frames it holds whole, and their length.
func TestDecodeFramesPrefixes(t *testing.T) {
	t.Parallel()
	b := appendHeader(nil, 5)
	var ends []int
	for i := range 3 {
		var err error
		b, err = appendFrame(b, testRows(int64(10*i+1), i+1), 5)
		if err != nil {
			t.Fatal(err)
		}
		ends = append(ends, len(b))
	}
	for cut := range len(b) + 1 {
		rows, good, _ := decodeJournal(b[:cut])
		wantGood, wantRows := 0, 0
		if cut >= fileHeader {
			wantGood = fileHeader
		}
		for i, e := range ends {
			if e <= cut {
				wantGood, wantRows = e, wantRows+i+1
			}
		}
		if good != wantGood || len(rows) != wantRows {
			t.Fatalf("prefix %d: %d rows, good %d; want %d rows, good %d", cut, len(rows), good, wantRows, wantGood)
		}
	}
}

// testRows returns n journal rows with ids from id.
func testRows(id int64, n int) [][]any {
	req := `{"a":1}`
	rows := make([][]any, n)
	for i := range rows {
		rows[i] = []any{id + int64(i), "2026-03-01T08:00:00.000000000Z", "S", "晋L", `[111.5,36.1]`, nil,
			"deny", "turn_back", `["COAL_BAN_ZONE"]`, &req, (*string)(nil), i%2 == 0, ""}
	}
	return rows
}

// TestJournalBadCRC corrupts a byte inside the second of three frames:
// replay keeps the first frame and stops there.
func TestJournalBadCRC(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "z.db")
	s := openJournalStore(t, path, holdJournal)
	logN(t, s, "a", 2)
	first := s.journal.off[0]
	logN(t, s, "b", 2)
	logN(t, s, "c", 2)
	s.crash(t)
	b, err := os.ReadFile(path + "-checks-a")
	if err != nil {
		t.Fatal(err)
	}
	b[first+frameHeader+3] ^= 0x40
	if err := os.WriteFile(path+"-checks-a", b, 0o644); err != nil {
		t.Fatal(err)
	}
	s = openJournalStore(t, path, holdJournal)
	defer s.Close()
	if got := stations(t, s); !slices.Equal(got, names("a", 2)) {
		t.Fatalf("after replay: %v, want %v", got, names("a", 2))
	}
}

// TestJournalReplayIdempotent puts back the journal's contents after the
// records were moved, as a crash between a move's commit and its truncate
// leaves them: replay inserts nothing twice.
func TestJournalReplayIdempotent(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "z.db")
	s := openJournalStore(t, path, holdJournal)
	logN(t, s, "a", 3)
	logN(t, s, "b", 1)
	saved, err := os.ReadFile(path + "-checks-a")
	if err != nil || len(saved) == 0 {
		t.Fatalf("journal: %d bytes, %v", len(saved), err)
	}
	want := append(names("a", 3), names("b", 1)...)
	if got := stations(t, s); !slices.Equal(got, want) { // moves, truncates
		t.Fatalf("before the crash: %v", got)
	}
	if n := journalRows(t, path+"-checks-a"); n != 0 {
		t.Fatalf("journal holds %d records after the move", n)
	}
	s.crash(t)
	if err := os.WriteFile(path+"-checks-a", saved, 0o644); err != nil {
		t.Fatal(err)
	}
	for range 2 { // and replaying twice changes nothing either
		s = openJournalStore(t, path, holdJournal)
		if got := stations(t, s); !slices.Equal(got, want) {
			t.Fatalf("after replay: %v, want %v", got, want)
		}
		s.crash(t)
		if err := os.WriteFile(path+"-checks-b", saved, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestJournalReadAfterWrite: a record is in Inspections, InspectionCounts
// and a backup as soon as LogInspections returns, though the mover would
// keep it in the journal for an hour.
func TestJournalReadAfterWrite(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s := openJournalStore(t, filepath.Join(dir, "z.db"), holdJournal)
	defer s.Close()
	for i := range 3 {
		logN(t, s, fmt.Sprintf("r%d", i), 2)
		s.journal.mu.Lock()
		pending := len(s.journal.pend[0]) + len(s.journal.pend[1])
		s.journal.mu.Unlock()
		if pending != 2 {
			t.Fatalf("round %d: %d records pending in the journal, want 2", i, pending)
		}
		switch i {
		case 0:
			got, err := s.Inspections(t.Context(), data.InspectionFilter{Station: "r0-1"})
			if err != nil || len(got) != 1 {
				t.Fatalf("Inspections = %v, %v; want the record", got, err)
			}
		case 1:
			got, err := s.InspectionCounts(t.Context(), data.InspectionFilter{}, data.GroupCounty, 0)
			if err != nil || len(got) != 1 || got[0].Checks != 4 {
				t.Fatalf("InspectionCounts = %+v, %v; want 4 checks", got, err)
			}
		case 2:
			if err := s.Backup(t.Context(), filepath.Join(dir, "copy.db")); err != nil {
				t.Fatal(err)
			}
			c := openJournalStore(t, filepath.Join(dir, "copy.db"), Options{})
			if got := stations(t, c); len(got) != 6 {
				t.Fatalf("backup holds %d records, want 6", len(got))
			}
			c.Close()
		}
	}
}

// TestJournalSecondStore opens the store twice (two open file
// descriptions, as two processes would): only the first owns the journal;
// the second writes straight to the table, and their ids never collide.
func TestJournalSecondStore(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "z.db")
	a := openJournalStore(t, path, holdJournal)
	b := openJournalStore(t, path, holdJournal)
	if a.journal == nil || b.journal != nil {
		t.Fatalf("journal owners: first %v, second %v; want only the first", a.journal != nil, b.journal != nil)
	}
	var want []string
	for i := range 3 {
		want = append(want, logStations(t, a, fmt.Sprintf("a%d", i))...)
		want = append(want, logStations(t, b, fmt.Sprintf("b%d", i))...)
	}
	if n := journalRows(t, path+"-checks-a"); n == 0 {
		t.Fatal("the owner's records are not in its journal")
	}
	got := stations(t, a) // drains a's journal; reads b's rows too
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("records %v, want %v", got, want)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	more := logStations(t, b, "b-after")
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	c := openJournalStore(t, path, holdJournal)
	defer c.Close()
	if c.journal == nil {
		t.Fatal("the journal is not taken over once its owner closed")
	}
	got = stations(t, c)
	want = append(want, more...)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("after reopening: %v, want %v", got, want)
	}
}

func logStations(t *testing.T, s *Store, prefix string) []string {
	t.Helper()
	var out []string
	for _, r := range logN(t, s, prefix, 2) {
		out = append(out, r.Station)
	}
	return out
}

// TestJournalMover: without reads, the mover moves the records once
// enough are pending, and once the oldest is old enough.
func TestJournalMover(t *testing.T) {
	t.Parallel()
	for _, o := range []Options{{journalMoveAt: 4, journalMoveAge: time.Hour}, {journalMoveAt: 1 << 30, journalMoveAge: time.Millisecond}} {
		path := filepath.Join(t.TempDir(), "z.db")
		s := openJournalStore(t, path, o)
		logN(t, s, "a", 4)
		deadline := time.Now().Add(30 * time.Second)
		for {
			s.journal.mu.Lock()
			n := len(s.journal.pend[0]) + len(s.journal.pend[1])
			s.journal.mu.Unlock()
			if n == 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%+v: %d records still pending after 30 s", o, n)
			}
			time.Sleep(time.Millisecond)
		}
		s.crash(t) // nothing left to drain
		s = openJournalStore(t, path, o)
		if got := stations(t, s); !slices.Equal(got, names("a", 4)) {
			t.Fatalf("%+v: %v", o, got)
		}
		s.Close()
	}
}

// TestFrameRoundTrip: decoding a frame gives back the values appended,
// NULLs and both station_known values included.
func TestFrameRoundTrip(t *testing.T) {
	t.Parallel()
	in := testRows(7, 2)
	b, err := appendFrame(nil, in, 9)
	if err != nil {
		t.Fatal(err)
	}
	if out, good := decodeFrames(b, 10); good != 0 || len(out) != 0 {
		t.Fatalf("a frame of epoch 9 decodes under epoch 10: %d rows", len(out))
	}
	out, good := decodeFrames(b, 9)
	if good != len(b) || len(out) != 2 {
		t.Fatalf("decoded %d rows, %d of %d bytes", len(out), good, len(b))
	}
	for i := range in {
		for c := range in[i] {
			want := in[i][c]
			if p, ok := want.(*string); ok {
				want = nil
				if p != nil {
					want = *p
				}
			}
			if out[i][c] != want {
				t.Errorf("row %d column %d = %#v, want %#v", i, c, out[i][c], want)
			}
		}
	}
}

// FuzzDecodeFrames: any bytes decode without panicking to a prefix whose
// re-encoding is byte for byte that prefix.
func FuzzDecodeFrames(f *testing.F) {
	one, _ := appendFrame(appendHeader(nil, 3), testRows(1, 1), 3)
	two, _ := appendFrame(bytes.Clone(one), testRows(2, 3), 3)
	f.Add([]byte{})
	f.Add(one)
	f.Add(two)
	f.Add(two[:len(two)-1])
	f.Add(append(bytes.Clone(one), 0xff, 0xff, 0xff, 0x7f, 1, 2, 3, 4))
	f.Add(one[fileHeader+frameHeader:])
	f.Fuzz(func(t *testing.T, b []byte) {
		checkDecoded(t, b)
		// b as a payload under a valid header and CRC, so the fuzzer
		// reaches the payload decoder past the CRC.
		h := appendHeader(nil, 3)
		h = binary.LittleEndian.AppendUint32(h, uint32(len(b)))
		h = binary.LittleEndian.AppendUint32(h, frameSum(3, b))
		checkDecoded(t, append(h, b...))
	})
}

// checkDecoded decodes b and checks the result is well formed.
func checkDecoded(t *testing.T, b []byte) {
	{
		rows, good, epoch := decodeJournal(b)
		if good < 0 || good > len(b) {
			t.Fatalf("good = %d of %d", good, len(b))
		}
		if good <= fileHeader && len(rows) > 0 {
			t.Fatalf("%d rows from no frame", len(rows))
		}
		// Varints may be non-minimal, so the bytes need not round-trip;
		// every decoded row must be one appendFrame takes.
		for _, r := range rows {
			if len(r) != 1+journalColumns {
				t.Fatalf("row of %d values", len(r))
			}
			if _, err := appendFrame(nil, [][]any{r}, epoch); err != nil {
				t.Fatalf("decoded row does not encode: %v", err)
			}
		}
	}
}

// TestJournalReuse: after a move the file is reused, not truncated; the
// frames of the earlier epoch behind the new ones do not count again.
func TestJournalReuse(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "z.db")
	s := openJournalStore(t, path, holdJournal)
	logN(t, s, "a", 5)
	logN(t, s, "b", 5)
	stations(t, s) // moves file a, then appends go to b
	stations(t, s) // nothing pending: no switch
	logN(t, s, "c", 1)
	stations(t, s)     // moves file b
	logN(t, s, "d", 1) // into file a, over the start of the old frames
	if n := journalRows(t, path+"-checks-a"); n != 1 {
		t.Fatalf("file a holds %d records, want the one new", n)
	}
	s.crash(t)
	s = openJournalStore(t, path, holdJournal)
	defer s.Close()
	want := slices.Concat(names("a", 5), names("b", 5), names("c", 1), names("d", 1))
	if got := stations(t, s); !slices.Equal(got, want) {
		t.Fatalf("after replay: %v, want %v", got, want)
	}
}

// TestJournalConcurrent logs from 8 goroutines while others read and the
// mover moves every few records: every record lands once, under its id.
func TestJournalConcurrent(t *testing.T) {
	t.Parallel()
	s := openJournalStore(t, filepath.Join(t.TempDir(), "z.db"), Options{journalMoveAt: 5, journalMoveAge: time.Millisecond})
	defer s.Close()
	const writers, calls = 8, 40
	ids := make(chan int64, writers*calls*2)
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for c := range calls {
				for _, r := range logN(t, s, fmt.Sprintf("w%d-%d", w, c), 1+c%2) {
					ids <- r.ID
				}
				if c%10 == 0 {
					if _, err := s.InspectionCounts(t.Context(), data.InspectionFilter{}, data.GroupStation, 0); err != nil {
						t.Error(err)
					}
				}
			}
		})
	}
	wg.Wait()
	close(ids)
	want := map[int64]bool{}
	for id := range ids {
		if want[id] {
			t.Fatalf("id %d given twice", id)
		}
		want[id] = true
	}
	got, err := s.Inspections(t.Context(), data.InspectionFilter{})
	if err != nil || len(got) != len(want) {
		t.Fatalf("Inspections: %d records, %v; want %d", len(got), err, len(want))
	}
	for _, r := range got {
		if !want[r.ID] {
			t.Fatalf("record id %d was not given", r.ID)
		}
	}
}

// TestJournalBackupBySecondStore backs up from a Store that does not own
// the journal (as `zonegate backup` does while the server runs): the copy
// holds the owner's acknowledged records still in its journal, and the
// second Store's own, each once.
func TestJournalBackupBySecondStore(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "z.db")
	a := openJournalStore(t, path, holdJournal)
	defer a.Close()
	b := openJournalStore(t, path, holdJournal)
	defer b.Close()
	want := logStations(t, a, "a")
	want = append(want, logStations(t, b, "b")...)
	if n := journalRows(t, path+"-checks-a"); n == 0 {
		t.Fatal("the owner's records are not in its journal")
	}
	copyPath := filepath.Join(dir, "copy.db")
	if err := b.Backup(t.Context(), copyPath); err != nil {
		t.Fatalf("Backup: %v", err)
	}
	c := openJournalStore(t, copyPath, holdJournal)
	defer c.Close()
	got := stations(t, c)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("backup holds %v, want %v", got, want)
	}
	// The owner's records are in its journal still, and move once.
	if n := journalRows(t, path+"-checks-a"); n == 0 {
		t.Fatal("the backup emptied the owner's journal")
	}
	got = stations(t, a)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Fatalf("store holds %v after the backup, want %v", got, want)
	}
}

// TestEachMoveChunk: rows go to the INSERTs in order, moveRows at a time,
// in INSERTs of the sizes moveChunkSizes prepares.
func TestEachMoveChunk(t *testing.T) {
	t.Parallel()
	for _, n := range []int{1, moveRows - 1, moveRows, moveRows + 1, 2*moveRows + 7, 3 * moveRows} {
		rows := testRows(1, n)
		var sizes []int
		var ids []any
		err := eachMoveChunk(rows, func(k int, flat []any) error {
			if len(flat) != k*(1+journalColumns) {
				t.Fatalf("n=%d: %d values for %d rows", n, len(flat), k)
			}
			if !slices.Contains(moveChunkSizes(n), k) {
				t.Fatalf("n=%d: an INSERT of %d rows, prepared %v", n, k, moveChunkSizes(n))
			}
			sizes = append(sizes, k)
			for i := 0; i < len(flat); i += 1 + journalColumns {
				ids = append(ids, flat[i])
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(ids) != n {
			t.Fatalf("n=%d: %d rows inserted (INSERTs of %v)", n, len(ids), sizes)
		}
		for i, id := range ids {
			if id != rows[i][0] {
				t.Fatalf("n=%d: row %d has id %v, want %v", n, i, id, rows[i][0])
			}
		}
	}
}

// TestJournalLargeMove moves more records than one INSERT takes, in one
// transaction: all of them reach the table once, in id order.
func TestJournalLargeMove(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "z.db")
	s := openJournalStore(t, path, holdJournal)
	defer s.Close()
	n := 2*moveRows + 7
	logN(t, s, "big", n)
	if got := journalRows(t, path+"-checks-a"); got != n {
		t.Fatalf("journal holds %d records, want %d", got, n)
	}
	got := stations(t, s) // drains the journal into the table
	want := names("big", n)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("table holds %d records, want %d", len(got), n)
	}
}
