package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/sqlite"
)

// TestCommandsLeaveTheCheckJournalToServe opens the store as a command
// would, then as serve does: the command takes no check journal, so serve
// owns it (its checks go to the journal) although the command still has
// the store open, and the command's backup holds serve's checks.
func TestCommandsLeaveTheCheckJournalToServe(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "z.db")
	cli, err := openStoreKeyed(t.Context(), path, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()
	if _, err := os.Stat(path + "-checks-a"); err == nil {
		t.Fatal("a command created the check journal")
	}
	srv, err := openServedStore(t.Context(), path, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	rec := &data.Inspection{Time: time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC), Station: "G108-yaodu-01",
		Decision: "deny", Action: "turn_back", Reasons: []string{"COAL_BAN_ZONE"},
		Request: json.RawMessage(`{}`), Response: json.RawMessage(`{"decision":"deny"}`)}
	if err := srv.LogInspections(t.Context(), []*data.Inspection{rec}); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path + "-checks-a"); err != nil || fi.Size() <= 16 {
		t.Fatalf("serve's check is not in the check journal: %v, %v", fi, err)
	}
	copyPath := filepath.Join(dir, "copy.db")
	if err := cli.(*sqlite.Store).Backup(t.Context(), copyPath); err != nil {
		t.Fatal(err)
	}
	cp, err := openExistingStore(t.Context(), copyPath)
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	got, err := cp.Inspections(t.Context(), data.InspectionFilter{})
	if err != nil || len(got) != 1 || got[0].ID != rec.ID || got[0].Station != rec.Station {
		t.Fatalf("the command's backup holds %+v (%v), want serve's check %d", got, err, rec.ID)
	}
}
