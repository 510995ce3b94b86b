package inspectlog

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/zonegate/zonegate/data"
)

// deadlineLog is a store recording each commit's deadline and when it
// was asked.
type deadlineLog struct {
	data.Store
	asked, deadlines []time.Time
}

func (d *deadlineLog) LogInspections(ctx context.Context, _ []*data.Inspection) error {
	dl, ok := ctx.Deadline()
	if !ok {
		dl = time.Time{}
	}
	d.asked, d.deadlines = append(d.asked, time.Now()), append(d.deadlines, dl)
	return ctx.Err()
}

// TestCommitDeadline: every commit has between commitTimeout and
// commitTimeout+deadlineRenewal left, also after a commit ran out of
// time; commits in a row share the context.
func TestCommitDeadline(t *testing.T) {
	t.Parallel()
	d := &deadlineLog{}
	w := &Writer{store: d, log: slog.New(slog.DiscardHandler), failed: orDiscard(nil, "failed")}
	defer func() {
		if w.cancelCommit != nil {
			w.cancelCommit()
		}
	}()
	check := func(i int) {
		t.Helper()
		left := d.deadlines[i].Sub(d.asked[i])
		if left < commitTimeout-time.Second || left > commitTimeout+deadlineRenewal {
			t.Fatalf("commit %d: %v left, want %v to %v", i, left, commitTimeout, commitTimeout+deadlineRenewal)
		}
	}
	for i := range 3 {
		if _, err := w.commit([]*data.Inspection{{}}); err != nil {
			t.Fatal(err)
		}
		check(i)
	}
	if !d.deadlines[0].Equal(d.deadlines[2]) {
		t.Errorf("commits in a row got deadlines %v and %v, want one shared", d.deadlines[0], d.deadlines[2])
	}
	// A commit that runs out of time ends the shared context; the next
	// commit gets a fresh one.
	w.cancelCommit() // as the deadline would
	if _, err := w.commit([]*data.Inspection{{}}); err != nil {
		t.Fatal(err)
	}
	check(3)
	if d.deadlines[3].Equal(d.deadlines[0]) {
		t.Error("a new commit reused an ended context")
	}
}

// nopLog is a store that commits nothing.
type nopLog struct{ data.Store }

func (nopLog) LogInspections(context.Context, []*data.Inspection) error { return nil }

// TestLogAllocations: handing a record to the writer and waiting for its
// commit allocates only the commit round (its struct and channel).
func TestLogAllocations(t *testing.T) {
	w := New(Options{Store: nopLog{}})
	t.Cleanup(func() { _ = w.Close(context.Background()) })
	rec := &data.Inspection{Station: "s"}
	ctx := context.Background()
	if err := w.Log(ctx, rec); err != nil { // warm up: the shared deadline
		t.Fatal(err)
	}
	if n := testing.AllocsPerRun(200, func() {
		if err := w.Log(ctx, rec); err != nil {
			t.Fatal(err)
		}
	}); n > 2 {
		t.Errorf("%v allocations a record, want at most 2", n)
	}
}
