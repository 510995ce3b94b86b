package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/geo"
)

// feed collects Changes(since) as "revision layer/id/version status" lines,
// checking that revisions never decrease.
func feed(t *testing.T, s data.Store, since int64) ([]string, int64) {
	t.Helper()
	var out []string
	var last int64
	rev, err := s.Changes(t.Context(), since, func(z *geo.Zone) error {
		if z.Revision < last {
			t.Errorf("Changes: revision %d after %d", z.Revision, last)
		}
		if z.Revision <= since {
			t.Errorf("Changes(%d) returned revision %d", since, z.Revision)
		}
		last = z.Revision
		out = append(out, fmt.Sprintf("%d %s/%s/%d %s", z.Revision, z.Layer, z.ID, z.Version, z.Status))
		return nil
	})
	if err != nil {
		t.Fatalf("Changes(%d): %v", since, err)
	}
	if rev < last {
		t.Errorf("Changes returned revision %d below a row's %d", rev, last)
	}
	slices.Sort(out) // rows of one revision come in any order
	return out, rev
}

var changesTests = []test{
	{"Feed", func(t *testing.T, s data.Store) {
		setup(t, s)
		a, b := coalZone("a"), coalZone("b")
		commit(t, s, data.Batch{Append: []*geo.Zone{a, b}})
		r1 := a.Revision
		c := coalZone("c")
		commit(t, s, data.Batch{Append: []*geo.Zone{c}})
		r2 := c.Revision
		upd, _ := s.Zone(t.Context(), layerCoal, "a")
		upd.Status = geo.StatusRetired
		commit(t, s, data.Batch{Update: []*geo.Zone{upd}})
		r3 := upd.Revision
		if !(r1 < r2 && r2 < r3) {
			t.Fatalf("revisions %d, %d, %d not increasing", r1, r2, r3)
		}

		all, rev := feed(t, s, 0)
		want := []string{
			fmt.Sprintf("%d coal/b/1 published", r1),
			fmt.Sprintf("%d coal/c/1 published", r2),
			fmt.Sprintf("%d coal/a/1 retired", r3),
		}
		slices.Sort(want)
		if !slices.Equal(all, want) || rev != r3 {
			t.Errorf("Changes(0) = %q, %d\nwant %q, %d", all, rev, want, r3)
		}

		later, rev := feed(t, s, r1)
		want = []string{fmt.Sprintf("%d coal/c/1 published", r2), fmt.Sprintf("%d coal/a/1 retired", r3)}
		slices.Sort(want)
		if !slices.Equal(later, want) || rev != r3 {
			t.Errorf("Changes(%d) = %q, %d\nwant %q, %d", r1, later, rev, want, r3)
		}

		none, rev := feed(t, s, r3)
		if len(none) != 0 || rev != r3 {
			t.Errorf("Changes(%d) = %q, %d; want nothing, %d", r3, none, rev, r3)
		}
	}},
	{"CatchUpMissesNothing", func(t *testing.T, s data.Store) {
		setup(t, s)
		var since int64
		seen := map[string]bool{}
		for i := range 5 {
			var zs []*geo.Zone
			for j := range i + 1 {
				zs = append(zs, coalZone(fmt.Sprintf("z%d", j)))
			}
			commit(t, s, data.Batch{Append: zs})
			rows, rev := feed(t, s, since)
			if rev < since {
				t.Errorf("revision went back: %d after %d", rev, since)
			}
			if len(rows) != i+1 {
				t.Errorf("round %d: %d new rows, want %d", i, len(rows), i+1)
			}
			for _, r := range rows {
				if seen[r] {
					t.Errorf("row %q delivered twice", r)
				}
				seen[r] = true
			}
			since = rev
		}
		if len(seen) != 15 {
			t.Errorf("saw %d rows in total, want 15", len(seen))
		}
	}},
	{"CallbackErrorStops", func(t *testing.T, s data.Store) {
		setup(t, s)
		commit(t, s, data.Batch{Append: []*geo.Zone{coalZone("a"), coalZone("b"), coalZone("c")}})
		stop := errors.New("stop")
		calls := 0
		_, err := s.Changes(t.Context(), 0, func(*geo.Zone) error {
			calls++
			if calls == 2 {
				return stop
			}
			return nil
		})
		if !errors.Is(err, stop) || calls != 2 {
			t.Errorf("Changes = %v after %d calls; want the callback's error after 2", err, calls)
		}
	}},
	{"EmptyStore", func(t *testing.T, s data.Store) {
		rows, rev := feed(t, s, 0)
		if len(rows) != 0 || rev != 0 {
			t.Errorf("Changes(0) on empty store = %q, %d; want nothing, 0", rows, rev)
		}
	}},
}

// guard bounds every wait on a channel; it is a deadlock guard, not a timing
// assertion.
const guard = 20 * time.Second

// await receives from ch until a value ≥ want arrives.
func await(t *testing.T, ch <-chan int64, want int64) {
	t.Helper()
	timeout := time.After(guard)
	for {
		select {
		case got, ok := <-ch:
			if !ok {
				t.Fatalf("channel closed before revision %d", want)
			}
			if got >= want {
				return
			}
		case <-timeout:
			t.Fatalf("no revision ≥ %d within %v", want, guard)
		}
	}
}

// awaitClosed drains ch until it is closed.
func awaitClosed(t *testing.T, ch <-chan int64) {
	t.Helper()
	timeout := time.After(guard)
	for {
		select {
		case _, ok := <-ch:
			if !ok {
				return
			}
		case <-timeout:
			t.Fatalf("channel not closed within %v", guard)
		}
	}
}

var subscribeTests = []test{
	{"ReceivesAfterCommit", func(t *testing.T, s data.Store) {
		setup(t, s)
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		ch1, ch2 := s.Subscribe(ctx), s.Subscribe(ctx)
		z := coalZone("z1")
		commit(t, s, data.Batch{Append: []*geo.Zone{z}})
		await(t, ch1, z.Revision)
		await(t, ch2, z.Revision)
		z2 := coalZone("z1")
		commit(t, s, data.Batch{Append: []*geo.Zone{z2}})
		await(t, ch1, z2.Revision)
	}},
	{"CoalescesWithoutBlocking", func(t *testing.T, s data.Store) {
		setup(t, s)
		ch := s.Subscribe(t.Context())
		var last int64
		for range 20 { // nobody reads: commits must not block
			z := coalZone("z1")
			commit(t, s, data.Batch{Append: []*geo.Zone{z}})
			last = z.Revision
		}
		await(t, ch, last)
	}},
	{"ClosesOnCancel", func(t *testing.T, s data.Store) {
		ctx, cancel := context.WithCancel(t.Context())
		ch := s.Subscribe(ctx)
		cancel()
		awaitClosed(t, ch)
		awaitClosed(t, s.Subscribe(canceled(t)))
	}},
}
