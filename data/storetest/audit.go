package storetest

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/geo"
)

// entry returns an audit entry by actor "tester" for zone id in layerCoal.
func entry(action, id string) *data.AuditEntry {
	return &data.AuditEntry{Actor: "tester", Action: action, Layer: layerCoal, ZoneID: id, Version: 1,
		After: json.RawMessage(`{"name": "zone ` + id + `"}`)}
}

// appendAudit appends entries or fails the test.
func appendAudit(t *testing.T, s data.Store, entries ...*data.AuditEntry) {
	t.Helper()
	if err := s.AppendAudit(t.Context(), entries); err != nil {
		t.Fatalf("AppendAudit: %v", err)
	}
}

// auditLog reads the whole log or fails the test.
func auditLog(t *testing.T, s data.Store) []*data.AuditEntry {
	t.Helper()
	all, err := s.Audit(t.Context(), data.AuditFilter{})
	if err != nil {
		t.Fatalf("Audit: %v", err)
	}
	return all
}

// seqs returns the Seq of each entry.
func seqs(es []*data.AuditEntry) []int64 {
	out := make([]int64, len(es))
	for i, e := range es {
		out[i] = e.Seq
	}
	return out
}

// sameEntry reports how got differs from want, or "" when it does not
// (times to the microsecond, exactly as hashed).
func sameEntry(got, want *data.AuditEntry) string {
	g, w := *got, *want
	if !g.Time.Equal(w.Time) || g.Time.Location().String() != "UTC" {
		return fmt.Sprintf("time %v, want %v in UTC", g.Time, w.Time)
	}
	g.Time = w.Time
	gj, _ := json.Marshal(g)
	wj, _ := json.Marshal(w)
	if string(gj) != string(wj) {
		return fmt.Sprintf("%s\nwant %s", gj, wj)
	}
	return ""
}

var auditTests = []test{
	{"ChainAcrossBatches", func(t *testing.T, s data.Store) {
		setup(t, s)
		a, b := entry(data.ActionCreate, "a"), entry(data.ActionCreate, "b")
		appendAudit(t, s, a, b)
		z := coalZone("z")
		c := entry(data.ActionPublish, "z")
		c.Version = 0 // filled from the appended zone
		commit(t, s, data.Batch{Append: []*geo.Zone{z}, Audit: []*data.AuditEntry{c}})
		d := &data.AuditEntry{Actor: "cli:root", Action: data.ActionRetire, Layer: layerCoal, ZoneID: "a", Version: 3,
			Before: json.RawMessage(`{"z": [1, 2.50, "三"], "a": {"y": null, "x": true}}`)}
		appendAudit(t, s, d)
		mine := []*data.AuditEntry{a, b, c, d}
		all := auditLog(t, s)
		if got := seqs(all); !slices.Equal(got, []int64{1, 2, 3, 4}) {
			t.Fatalf("Seq = %v, want [1 2 3 4]", got)
		}
		if all[0].PrevHash != data.ZeroHash {
			t.Errorf("first PrevHash = %s, want 64 zeros", all[0].PrevHash)
		}
		for i, e := range all {
			if diff := sameEntry(e, mine[i]); diff != "" {
				t.Errorf("stored entry %d differs from the one the caller got back: %s", i+1, diff)
			}
			if i > 0 && e.PrevHash != all[i-1].Hash {
				t.Errorf("entry %d PrevHash %s, want previous Hash %s", e.Seq, e.PrevHash, all[i-1].Hash)
			}
		}
		if c.Version != z.Version || z.Version != 1 {
			t.Errorf("audit Version = %d, want the appended zone's version %d (1)", c.Version, z.Version)
		}
		if want := `{"a":{"x":true,"y":null},"z":[1,2.50,"三"]}`; string(all[3].Before) != want {
			t.Errorf("Before stored as %s, want canonical %s", all[3].Before, want)
		}
		if all[0].Time.IsZero() || all[3].Time.Before(all[0].Time) {
			t.Errorf("times %v … %v: want set and not decreasing", all[0].Time, all[3].Time)
		}
		if err := data.VerifyAudit(all); err != nil {
			t.Errorf("VerifyAudit: %v", err)
		}
	}},
	{"AuditDoesNotTakeRevision", func(t *testing.T, s data.Store) {
		setup(t, s)
		rev := revision(t, s)
		appendAudit(t, s, entry(data.ActionCreate, "a"))
		commit(t, s, data.Batch{Audit: []*data.AuditEntry{entry(data.ActionCreate, "b")}})
		if after := revision(t, s); after != rev {
			t.Errorf("revision %d after audit-only writes, want %d", after, rev)
		}
		if got := seqs(auditLog(t, s)); !slices.Equal(got, []int64{1, 2}) {
			t.Errorf("Seq = %v, want [1 2]", got)
		}
	}},
	{"FailedBatchWritesNoAudit", func(t *testing.T, s data.Store) {
		setup(t, s)
		commit(t, s, data.Batch{Append: []*geo.Zone{coalZone("old")}, Audit: []*data.AuditEntry{entry(data.ActionCreate, "old")}})
		stale := coalZone("old")
		stale.Version = 1
		e := entry(data.ActionUpdate, "old")
		err := s.Commit(t.Context(), data.Batch{Append: []*geo.Zone{coalZone("fresh"), stale}, Audit: []*data.AuditEntry{e}})
		if !errors.Is(err, data.ErrConflict) {
			t.Fatalf("Commit: err = %v, want ErrConflict", err)
		}
		if e.Seq != 0 || e.Hash != "" || e.PrevHash != "" || !e.Time.IsZero() {
			t.Errorf("failed batch changed its audit entry: %+v", e)
		}
		// An invalid entry fails the whole batch: no zone, no entry.
		bad := entry("Not An Action", "fresh")
		err = s.Commit(t.Context(), data.Batch{Append: []*geo.Zone{coalZone("fresh")}, Audit: []*data.AuditEntry{bad}})
		if !errors.Is(err, geo.ErrInvalid) {
			t.Errorf("Commit with an invalid audit entry: err = %v, want geo.ErrInvalid", err)
		}
		if _, err := s.Zone(t.Context(), layerCoal, "fresh"); !errors.Is(err, data.ErrNotFound) {
			t.Errorf("Zone(fresh) after failed batches: err = %v, want ErrNotFound", err)
		}
		all := auditLog(t, s)
		if got := seqs(all); !slices.Equal(got, []int64{1}) {
			t.Errorf("Seq = %v after failed batches, want [1]", got)
		}
		// The chain continues where it was.
		next := entry(data.ActionCreate, "next")
		appendAudit(t, s, next)
		if next.Seq != 2 || next.PrevHash != all[0].Hash {
			t.Errorf("next entry seq %d prev %s, want 2 and %s", next.Seq, next.PrevHash, all[0].Hash)
		}
	}},
	{"InvalidEntries", func(t *testing.T, s data.Store) {
		bad := map[string]func(e *data.AuditEntry){
			"no actor":        func(e *data.AuditEntry) { e.Actor = "" },
			"no action":       func(e *data.AuditEntry) { e.Action = "" },
			"action case":     func(e *data.AuditEntry) { e.Action = "Create" },
			"negative":        func(e *data.AuditEntry) { e.Version = -1 },
			"broken before":   func(e *data.AuditEntry) { e.Before = json.RawMessage(`{"a":`) },
			"two values":      func(e *data.AuditEntry) { e.After = json.RawMessage(`{} {}`) },
			"NUL in actor":    func(e *data.AuditEntry) { e.Actor = "a\x00b" },
			"bad UTF-8 layer": func(e *data.AuditEntry) { e.Layer = "\xff" },
		}
		for name, spoil := range bad {
			e := entry(data.ActionCreate, "a")
			spoil(e)
			if err := s.AppendAudit(t.Context(), []*data.AuditEntry{entry(data.ActionCreate, "ok"), e}); !errors.Is(err, geo.ErrInvalid) {
				t.Errorf("%s: AppendAudit err = %v, want geo.ErrInvalid", name, err)
			}
		}
		if all := auditLog(t, s); len(all) != 0 {
			t.Errorf("invalid batches stored %d entries, want none", len(all))
		}
		if err := s.AppendAudit(t.Context(), nil); err != nil {
			t.Errorf("AppendAudit(nil) = %v, want nil", err)
		}
	}},
	{"Filters", func(t *testing.T, s data.Store) {
		for i := range 6 {
			batch := []*data.AuditEntry{entry(data.ActionCreate, fmt.Sprint("c", i)), entry(data.ActionUpdate, fmt.Sprint("u", i))}
			batch[1].Layer = layerRoutes
			appendAudit(t, s, batch...)
		}
		all := auditLog(t, s)
		if len(all) != 12 {
			t.Fatalf("%d entries, want 12", len(all))
		}
		from, to := all[4].Time, all[9].Time
		cases := []struct {
			name string
			f    data.AuditFilter
			keep func(e *data.AuditEntry) bool
			max  int
		}{
			{"all", data.AuditFilter{}, func(*data.AuditEntry) bool { return true }, 0},
			{"layer", data.AuditFilter{Layer: layerRoutes}, func(e *data.AuditEntry) bool { return e.Layer == layerRoutes }, 0},
			{"from inclusive", data.AuditFilter{From: from}, func(e *data.AuditEntry) bool { return !e.Time.Before(from) }, 0},
			{"to exclusive", data.AuditFilter{To: to}, func(e *data.AuditEntry) bool { return e.Time.Before(to) }, 0},
			{"after seq", data.AuditFilter{AfterSeq: 7}, func(e *data.AuditEntry) bool { return e.Seq > 7 }, 0},
			{"page", data.AuditFilter{AfterSeq: 3, Limit: 4}, func(e *data.AuditEntry) bool { return e.Seq > 3 }, 4},
			{"combined", data.AuditFilter{Layer: layerCoal, From: from, AfterSeq: 2, Limit: 2},
				func(e *data.AuditEntry) bool { return e.Layer == layerCoal && !e.Time.Before(from) && e.Seq > 2 }, 2},
			{"no match", data.AuditFilter{Layer: "nope"}, func(*data.AuditEntry) bool { return false }, 0},
		}
		for _, tc := range cases {
			var want []int64
			for _, e := range all {
				if tc.keep(e) && (tc.max == 0 || len(want) < tc.max) {
					want = append(want, e.Seq)
				}
			}
			got, err := s.Audit(t.Context(), tc.f)
			if err != nil {
				t.Fatalf("%s: Audit: %v", tc.name, err)
			}
			if g := seqs(got); !slices.Equal(g, want) {
				t.Errorf("%s: Seq = %v, want %v", tc.name, g, want)
			}
		}
	}},
	{"ConcurrentAppenders", func(t *testing.T, s data.Store) {
		setup(t, s)
		const workers, rounds = 6, 8
		var wg sync.WaitGroup
		errs := make(chan error, workers*rounds)
		for w := range workers {
			wg.Go(func() {
				for r := range rounds {
					id := fmt.Sprintf("w%d-%d", w, r)
					var err error
					switch r % 3 {
					case 0:
						err = s.AppendAudit(t.Context(), []*data.AuditEntry{entry(data.ActionCreate, id)})
					case 1:
						err = s.AppendAudit(t.Context(), []*data.AuditEntry{entry(data.ActionCreate, id), entry(data.ActionUpdate, id)})
					default:
						e := entry(data.ActionPublish, id)
						e.Version = 0
						err = s.Commit(t.Context(), data.Batch{Append: []*geo.Zone{coalZone(id)}, Audit: []*data.AuditEntry{e}})
					}
					if err != nil {
						errs <- fmt.Errorf("worker %d round %d: %w", w, r, err)
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		all := auditLog(t, s)
		// Per worker: rounds 0,3,6 one entry; 1,4,7 two; 2,5 one.
		if want := workers * (3 + 6 + 2); len(all) != want {
			t.Errorf("%d entries, want %d", len(all), want)
		}
		if err := data.VerifyAudit(all); err != nil {
			t.Errorf("VerifyAudit after concurrent appends: %v", err)
		}
	}},
}
