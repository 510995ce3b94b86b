package sqlite_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/geo"
)

// TestBackupUnderWriteLoad takes backups while a writer commits zones as
// fast as it can: every backup opens as a store, holds a prefix of the
// commits with no gap (every zone whose Commit returned before the backup
// started, none half-written), and its audit chain verifies.
func TestBackupUnderWriteLoad(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s := openAt(t, filepath.Join(dir, "live.db"))
	defer s.Close()
	ctx := t.Context()
	if _, err := s.PutLayer(ctx, geo.Layer{ID: "coal", Kind: geo.KindCoalBan, Title: "禁煤区"}); err != nil {
		t.Fatal(err)
	}
	var committed atomic.Int64 // zones whose Commit has returned
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			x := 100 + float64(i%1000)*0.01
			z := &geo.Zone{Layer: "coal", ID: fmt.Sprintf("z%05d", i), Kind: geo.KindCoalBan, Status: geo.StatusPublished,
				Geometry: orb.Polygon{{{x, 30}, {x + 0.005, 30}, {x + 0.005, 30.005}, {x, 30}}}}
			audit := []*data.AuditEntry{{Actor: "test", Action: data.ActionImport, Layer: "coal", ZoneID: z.ID}}
			if err := s.Commit(context.Background(), data.Batch{Append: []*geo.Zone{z}, Audit: audit}); err != nil {
				t.Errorf("commit %d: %v", i, err)
				return
			}
			committed.Store(int64(i + 1))
		}
	}()
	for b := range 5 {
		before := committed.Load()
		path := filepath.Join(dir, fmt.Sprintf("backup-%d.db", b))
		if err := s.Backup(ctx, path); err != nil {
			t.Fatalf("backup %d: %v", b, err)
		}
		after := committed.Load()
		if _, err := os.Stat(path + "-wal"); err == nil {
			t.Errorf("backup %d left a -wal file", b)
		}
		copyStore := openAt(t, path)
		n := 0
		for i := range int(after) + 1 {
			if _, err := copyStore.Zone(ctx, "coal", fmt.Sprintf("z%05d", i)); err == nil {
				if i != n {
					t.Fatalf("backup %d holds z%05d but not z%05d: not a prefix of the commits", b, i, n)
				}
				n++
			}
		}
		if int64(n) < before || int64(n) > after+1 {
			t.Errorf("backup %d holds %d zones; %d were committed before it started, %d after it ended", b, n, before, after)
		}
		entries, err := copyStore.Audit(ctx, data.AuditFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if err := data.VerifyAudit(entries); err != nil || len(entries) != n {
			t.Errorf("backup %d: %d audit entries for %d zones, verify: %v", b, len(entries), n, err)
		}
		copyStore.Close()
		t.Logf("backup %d: %d zones (%d committed before, %d after)", b, n, before, after)
	}
	close(stop)
	wg.Wait()
	if err := s.Backup(ctx, filepath.Join(dir, "backup-0.db")); err == nil {
		t.Error("backup over an existing file succeeded")
	}
}
