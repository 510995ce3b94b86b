package main

import (
	"database/sql"
	"errors"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/zonegate/zonegate/data"
)

// TestAuditKeyAndHead keys a store from the CLI, anchors its head, and
// checks what verify says after the store is cut back behind its back.
func TestAuditKeyAndHead(t *testing.T) {
	store := filepath.Join(t.TempDir(), "z.db")
	keyFile := writeFile(t, "audit.key", strings.Repeat("5a", 32)+"\n")
	file := writeFile(t, "good.geojson", goodCollection)
	if _, stderr, err := runCmd(t, "import", "--store", store, "--layer", "coal_ban", "--kind", "coal_ban", "--audit-key-file", keyFile, file); err != nil {
		t.Fatalf("import with a key: %v\n%s", err, stderr)
	}
	// seq 1 keys the chain, 2 and 3 are the import.
	stdout, _, err := runCmd(t, "audit", "head", "--store", store)
	if err != nil || !regexp.MustCompile(`^3:[0-9a-f]{64} \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z\n$`).MatchString(stdout) {
		t.Fatalf("audit head = %q, %v; want 3:HASH TIME", stdout, err)
	}
	anchor := strings.Fields(stdout)[0]

	if _, _, err := runCmd(t, "token", "create", "--store", store, "--role", "viewer", "--name", "v"); !errors.Is(err, data.ErrAuditKeyRequired) ||
		!strings.Contains(err.Error(), "ZONEGATE_AUDIT_KEY_FILE") {
		t.Errorf("token create without the key on a keyed store: err = %v, want ErrAuditKeyRequired naming the env variable", err)
	}
	t.Setenv(auditKeyEnv, keyFile)
	if _, stderr, err := runCmd(t, "token", "create", "--store", store, "--role", "viewer", "--name", "v"); err != nil {
		t.Fatalf("token create with the key from %s: %v\n%s", auditKeyEnv, err, stderr)
	}
	stdout, _, err = runCmd(t, "audit", "verify", "--store", store, "--head", anchor)
	if err != nil || !strings.HasPrefix(stdout, "audit chain intact: 4 entries, head ") || !strings.Contains(stdout, "keyed from seq 1") {
		t.Fatalf("audit verify with the key = %q, %v", stdout, err)
	}
	t.Setenv(auditKeyEnv, "")
	if _, _, err := runCmd(t, "audit", "verify", "--store", store); !errors.Is(err, data.ErrAuditKeyRequired) {
		t.Errorf("audit verify without the key: err = %v, want ErrAuditKeyRequired", err)
	}
	wrongKey := writeFile(t, "wrong.key", strings.Repeat("7b", 32))
	if _, _, err := runCmd(t, "audit", "verify", "--store", store, "--audit-key-file", wrongKey); !errors.Is(err, data.ErrAuditKeyMismatch) {
		t.Errorf("audit verify with another key: err = %v, want ErrAuditKeyMismatch", err)
	}
	short := writeFile(t, "short.key", "secret")
	if _, _, err := runCmd(t, "audit", "verify", "--store", store, "--audit-key-file", short); err == nil || !strings.Contains(err.Error(), "at least 32") {
		t.Errorf("audit verify with a 6-byte key: err = %v, want the minimum length named", err)
	}

	// Cut the last entry and move the stored head back with it.
	db, err := sql.Open("sqlite", store)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{
		`DROP TRIGGER audit_log_no_delete`,
		`DELETE FROM audit_log WHERE seq = 4`,
		`UPDATE audit_state SET seq = 3, hash = (SELECT hash FROM audit_log WHERE seq = 3)`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	t.Setenv(auditKeyEnv, keyFile)
	later, _, _ := runCmd(t, "audit", "head", "--store", store)
	if !strings.HasPrefix(later, anchor+" ") {
		t.Fatalf("audit head after the cut = %q, want %s again", later, anchor)
	}
	_, _, err = runCmd(t, "audit", "verify", "--store", store)
	if err != nil {
		t.Errorf("verify without --head after a cut that moved the head: %v (only an anchor can tell)", err)
	}
	stdout, _, _ = runCmd(t, "audit", "verify", "--store", store, "--head", "4:"+strings.Repeat("0", 64))
	_, _, err = runCmd(t, "audit", "verify", "--store", store, "--head", "4:"+strings.Repeat("0", 64))
	var ae *data.AuditError
	if !errors.As(err, &ae) || ae.Missing != 1 || !strings.Contains(err.Error(), "at least 1 entries were removed") {
		t.Errorf("verify --head 4:… after the cut: stdout %q, err = %v; want 1 entry missing", stdout, err)
	}
	if _, _, err := runCmd(t, "audit", "verify", "--store", store, "--head", "4:xyz"); !errors.Is(err, errUsage) {
		t.Errorf("verify --head 4:xyz: err = %v, want a usage error", err)
	}
}
