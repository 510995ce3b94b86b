package sqlite

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/data"
)

// BenchmarkLogInspections logs one check record (a 1.3 KB request and
// answer, as the API logs) per call, each durable before the next:
// "journal" through the check journal (its moves included), "direct" as
// a Store that does not own the journal writes it (one SQLite commit).
// It reports CPU (utime+stime) and bytes written to disk per record;
// "floor" is the harness's check floor (one line appended, fdatasynced).
//
// 2 shared cores, same run, -benchtime 2000x, 3 runs, CPU a record:
// floor 94-114 us, journal 111-126 us, direct 237-262 us; disk bytes a
// record (/proc/self/io write_bytes, median): floor 5.3 KB, journal 8.8 KB
// (append plus the moved rows in SQLite), direct 32 KB. (write_bytes now
// and then jumps by ~250 MB in a journal run, while strace counts 6.4 KB
// of write and pwrite a record over such runs: writeback the process is
// charged for, not its own writes.)
func BenchmarkLogInspections(b *testing.B) {
	req := json.RawMessage(`{"position":[111.5186,36.088],"station":"G108-01","plate":"晋L·12345","cargo":{"fuel":"coal","sulfur_pct":0.4,"ash_pct":9.5,"volatile_pct":20},"documents":{"supply_contract":true,"quality_report":true},"destination":{"category":"residential"},"note":"` + strings.Repeat("x", 700) + `"}`)
	resp := json.RawMessage(`{"decision":"deny","action":"turn_back","reasons":[{"code":"COAL_BAN_ZONE","message_zh":"禁煤区","message_en":"coal ban zone"}],"zones":[{"layer":"coal","id":"z1"}]}`)
	b.Run("floor", func(b *testing.B) {
		// The harness's check floor: one JSON line appended, fdatasynced.
		f, err := os.OpenFile(filepath.Join(b.TempDir(), "log"), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		line := append(append(append([]byte(`{"time":"2026-03-01T08:00:00Z","request":`), req...), `,"response":`...), resp...)
		line = append(line, "}\n"...)
		cpu0, io0 := usage(b)
		for b.Loop() {
			if _, err := f.Write(line); err != nil {
				b.Fatal(err)
			}
			if err := datasync(f); err != nil {
				b.Fatal(err)
			}
		}
		cpu1, io1 := usage(b)
		b.ReportMetric(float64(cpu1-cpu0)/float64(b.N), "cpu-ns/op")
		b.ReportMetric(float64(io1-io0)/float64(b.N), "disk-B/op")
	})
	for _, tc := range []struct {
		name string
		o    Options
	}{{"journal", Options{}}, {"direct", Options{NoCheckJournal: true}}} {
		b.Run(tc.name, func(b *testing.B) {
			s, err := Open(b.Context(), filepath.Join(b.TempDir(), "z.db"), tc.o)
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			t0 := time.Now()
			cpu0, io0 := usage(b)
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				r := &data.Inspection{Time: t0.Add(time.Duration(i)), Station: "G108-01", Plate: "晋L·12345",
					Position: &orb.Point{111.5186, 36.088}, Decision: "deny", Action: "turn_back",
					Reasons: []string{"COAL_BAN_ZONE"}, Request: req, Response: resp, County: "尧都区"}
				if err := s.LogInspections(b.Context(), []*data.Inspection{r}); err != nil {
					b.Fatal(err)
				}
			}
			if err := s.drainJournal(b.Context()); err != nil {
				b.Fatal(err)
			}
			cpu1, io1 := usage(b)
			b.ReportMetric(float64(cpu1-cpu0)/float64(b.N), "cpu-ns/op")
			b.ReportMetric(float64(io1-io0)/float64(b.N), "disk-B/op")
		})
	}
}

// usage returns the process's CPU time (ns) and bytes written to storage.
func usage(b *testing.B) (cpu, written int64) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	cpu = ru.Utime.Nano() + ru.Stime.Nano()
	raw, err := readFile("/proc/self/io")
	if err == nil {
		for _, l := range strings.Split(raw, "\n") {
			if v, ok := strings.CutPrefix(l, "write_bytes: "); ok {
				written = parseInt(v)
			}
		}
	}
	return cpu, written
}

func readFile(p string) (string, error) {
	b, err := os.ReadFile(p)
	return string(b), err
}

func parseInt(s string) int64 {
	n, _ := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	return n
}

// BenchmarkJournalMove is the mover's side of a check alone: records of
// the API's size (a 1.3 KB request and answer) inserted into the
// inspections table as a move does, journalMoveAt at a time (one
// transaction), checkpoints included. It reports CPU (utime+stime) a
// record: the background cost each logged check adds.
//
// 2 shared cores, 3 runs of 100x: 11.2-13.3 us a record, about half of it
// in pwrite and fsync (SQLite writes a WAL frame's header and page with
// two pwrites, and the checkpoint copies each page again); cache_size
// -16000 or wal_autocheckpoint 10000 changed nothing beyond the noise.
func BenchmarkJournalMove(b *testing.B) {
	req := `{"position":[111.5186,36.088],"station":"G108-01","plate":"晋L·12345","cargo":{"fuel":"coal","sulfur_pct":0.4,"ash_pct":9.5,"volatile_pct":20},"documents":{"supply_contract":true,"quality_report":true},"destination":{"category":"residential"},"note":"` + strings.Repeat("x", 700) + `"}`
	resp := `{"decision":"deny","action":"turn_back","reasons":[{"code":"COAL_BAN_ZONE","message_zh":"禁煤区","message_en":"coal ban zone"}],"zones":[{"layer":"coal","id":"z1"}]}`
	s, err := Open(b.Context(), filepath.Join(b.TempDir(), "z.db"), Options{NoCheckJournal: true})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	t0 := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	rows := make([][]any, 0, journalMoveAt)
	id := int64(0)
	cpu0, _ := usage(b)
	for b.Loop() {
		rows = rows[:0]
		for range journalMoveAt {
			id++
			rows = append(rows, []any{id, t0.Add(time.Duration(id) * time.Millisecond).Format(time.RFC3339Nano), "G108-01", "晋L·12345",
				"[111.5186,36.088]", nil, "deny", "turn_back", `["COAL_BAN_ZONE"]`, req, resp, true, "尧都区"})
		}
		if err := s.insertRows(b.Context(), rows); err != nil {
			b.Fatal(err)
		}
	}
	cpu1, _ := usage(b)
	b.ReportMetric(float64(cpu1-cpu0)/float64(b.N*journalMoveAt), "cpu-ns/record")
}
