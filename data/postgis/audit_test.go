package postgis_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/postgis/postgistest"
)

// TestTamperedAuditRow edits one stored audit row behind the store's back
// and checks that VerifyAudit names it.
func TestTamperedAuditRow(t *testing.T) {
	s, dsn := fresh(t)
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
	if err := tryExec(t, dsn, `UPDATE audit_log SET actor = 'mallory' WHERE seq = 3`); err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Errorf("UPDATE of audit_log with its trigger in place: err = %v, want the append-only refusal", err)
	}
	postgistest.Exec(t, dsn, `ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`)
	postgistest.Exec(t, dsn, `UPDATE audit_log SET time = time + interval '1 second' WHERE seq = 2`)
	err := verify()
	var ae *data.AuditError
	if !errors.As(err, &ae) || ae.Seq != 2 || !strings.Contains(ae.Reason, "does not match its contents") {
		t.Errorf("VerifyAudit after editing seq 2 = %v, want an AuditError for seq 2", err)
	}
}

// tryExec runs one statement on dsn and returns its error.
func tryExec(t *testing.T, dsn, sql string) error {
	t.Helper()
	conn, err := pgx.Connect(t.Context(), dsn)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	defer conn.Close(context.WithoutCancel(t.Context()))
	_, err = conn.Exec(t.Context(), sql)
	return err
}
