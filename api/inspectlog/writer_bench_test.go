package inspectlog

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/zonegate/zonegate/data"
)

// syncLog is a store that appends ~1.5 KB a record to a file and
// fdatasyncs it, as the check journal does.
type syncLog struct {
	data.Store
	f   *os.File
	buf []byte
}

func (s *syncLog) LogInspections(_ context.Context, recs []*data.Inspection) error {
	s.buf = s.buf[:0]
	for range recs {
		s.buf = append(s.buf, make([]byte, 1500)...)
	}
	if _, err := s.f.Write(s.buf); err != nil {
		return err
	}
	return syscall.Fdatasync(int(s.f.Fd()))
}

// BenchmarkWriter is the hand-off of a record to the log and back, with a
// store that does nothing ("nop") or appends and fdatasyncs a file
// ("fsync"), from 1 goroutine or 32 on GOMAXPROCS cores; cpu-ns/op is the
// process's CPU time a record.
//
// A leader/follower hand-off (the first waiting Log commits the round
// itself, hands the lead to a waiting Log after; no writer goroutine) was
// tried against the writer goroutine and not kept: it saved one
// goroutine round trip with one caller and cost more with 32 (2 shared
// cores, same run, 5 interleaved runs, medians, CPU a record; writer
// goroutine -> leader/follower):
//
//	nop    1 goroutine     774 ns  ->  435 ns
//	nop   32 goroutines    244 ns  ->  286 ns
//	fsync  1 goroutine    96.3 µs  -> 95.7 µs (the fdatasync's own CPU)
//	fsync 32 goroutines    6.5 µs  ->  7.0 µs
//
// and BenchmarkCheckRequest's zonegate+log did not move beyond the noise.
func BenchmarkWriter(b *testing.B) {
	for _, store := range []string{"nop", "fsync"} {
		for _, par := range []int{1, 32} {
			b.Run(fmt.Sprintf("%s/%d", store, par), func(b *testing.B) {
				var st Store = nopLog{}
				if store == "fsync" {
					f, err := os.Create(filepath.Join(b.TempDir(), "log"))
					if err != nil {
						b.Fatal(err)
					}
					defer f.Close()
					st = &syncLog{f: f}
				}
				w := New(Options{Store: st})
				defer w.Close(context.Background())
				ctx := context.Background()
				b.ReportAllocs()
				cpu0 := processCPU(b)
				if par == 1 {
					rec := &data.Inspection{}
					for b.Loop() {
						if err := w.Log(ctx, rec); err != nil {
							b.Fatal(err)
						}
					}
				} else {
					b.SetParallelism(16)
					b.RunParallel(func(pb *testing.PB) {
						rec := &data.Inspection{}
						for pb.Next() {
							if err := w.Log(ctx, rec); err != nil {
								b.Fatal(err)
							}
						}
					})
				}
				b.ReportMetric(float64(processCPU(b)-cpu0)/float64(b.N), "cpu-ns/op")
			})
		}
	}
}

// processCPU is the process's user and system CPU time so far.
func processCPU(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
