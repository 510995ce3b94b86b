package sqlite_test

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zonegate/zonegate/data"
)

// TestTamperedAuditRow edits one stored audit row behind the store's back
// and checks that VerifyAudit names it.
func TestTamperedAuditRow(t *testing.T) {
	path := filepath.Join(t.TempDir(), "zonegate.db")
	s := openAt(t, path)
	defer s.Close()
	for _, id := range []string{"a", "b", "c", "d"} {
		e := &data.AuditEntry{Actor: "editor", Action: data.ActionPublish, Layer: "coal", ZoneID: id, Version: 1,
			After: json.RawMessage(`{"name":"` + id + `"}`)}
		if err := s.AppendAudit(t.Context(), []*data.AuditEntry{e}); err != nil {
			t.Fatalf("AppendAudit: %v", err)
		}
	}
	verify := func() error {
		all, err := s.Audit(t.Context(), data.AuditFilter{})
		if err != nil {
			t.Fatalf("Audit: %v", err)
		}
		return data.VerifyAudit(all)
	}
	if err := verify(); err != nil {
		t.Fatalf("VerifyAudit before tampering: %v", err)
	}
	db := rawDB(t, path)
	if _, err := db.Exec(`UPDATE audit_log SET actor = 'mallory' WHERE seq = 3`); err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Errorf("UPDATE of audit_log with its trigger in place: err = %v, want the append-only refusal", err)
	}
	if _, err := db.Exec(`DELETE FROM audit_log WHERE seq = 4`); err == nil {
		t.Errorf("DELETE from audit_log succeeded with its trigger in place")
	}
	for _, q := range []string{
		`DROP TRIGGER audit_log_no_update`,
		`UPDATE audit_log SET after = '{"name":"x"}' WHERE seq = 3`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	err := verify()
	var ae *data.AuditError
	if !errors.As(err, &ae) || ae.Seq != 3 || !strings.Contains(ae.Reason, "does not match its contents") {
		t.Errorf("VerifyAudit after editing seq 3 = %v, want an AuditError for seq 3", err)
	}
}
