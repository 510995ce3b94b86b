package main

import (
	"database/sql"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/postgis/postgistest"
)

// createToken runs token create and returns the printed secret and its id.
func createToken(t *testing.T, store, role, name string) (secret, id string) {
	t.Helper()
	stdout, stderr, err := runCmd(t, "token", "create", "--store", store, "--role", role, "--name", name, "--actor", "cli:tester")
	if err != nil {
		t.Fatalf("token create: %v\n%s", err, stderr)
	}
	secret = strings.TrimSuffix(stdout, "\n")
	id, ok := data.ParseSecret(secret)
	if !ok || strings.Contains(secret, "\n") {
		t.Fatalf("token create printed %q, want exactly one secret line", stdout)
	}
	if !strings.Contains(stderr, "created token "+id) || !strings.Contains(stderr, "NOT stored") {
		t.Errorf("token create stderr lacks the id or the not-stored warning:\n%s", stderr)
	}
	return secret, id
}

// tokenLifecycle creates, lists and revokes tokens in store and checks the
// audit log they leave.
func tokenLifecycle(t *testing.T, store string) (secrets []string) {
	edSecret, ed := createToken(t, store, "editor", "生态环境局-王")
	vwSecret, vw := createToken(t, store, "viewer", "planner")
	if ed == vw {
		t.Fatalf("two tokens got the same id %s", ed)
	}
	stdout, _, err := runCmd(t, "token", "list", "--store", store)
	if err != nil {
		t.Fatalf("token list: %v", err)
	}
	for _, want := range []string{"ID  ", "NAME", "ROLE", "CREATED", "REVOKED", ed, "生态环境局-王", "editor", vw, "planner", "viewer", "cli:tester"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("token list lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, edSecret) || strings.Contains(stdout, data.HashSecret(edSecret)) {
		t.Errorf("token list shows a secret or hash:\n%s", stdout)
	}
	if stdout, _, err = runCmd(t, "token", "revoke", "--store", store, "--id", ed, "--actor", "cli:admin"); err != nil || stdout != "token "+ed+" is revoked\n" {
		t.Fatalf("token revoke: %v\n%s", err, stdout)
	}
	if _, _, err = runCmd(t, "token", "revoke", "--store", store, "--id", "0badc0de"); err == nil || !strings.Contains(err.Error(), `no token with id "0badc0de"`) {
		t.Errorf("revoke of an unknown id: err = %v", err)
	}
	stdout, _, _ = runCmd(t, "token", "list", "--store", store)
	for _, line := range strings.Split(stdout, "\n") {
		if strings.HasPrefix(line, ed) && strings.HasSuffix(strings.TrimSpace(line), " -") {
			t.Errorf("revoked token still listed without a revocation time: %q", line)
		}
		if strings.HasPrefix(line, vw) && !strings.HasSuffix(strings.TrimSpace(line), " -") {
			t.Errorf("active token listed as revoked: %q", line)
		}
	}
	stdout, _, err = runCmd(t, "audit", "list", "--store", store, "--json")
	if err != nil {
		t.Fatalf("audit list: %v", err)
	}
	var got []string
	for _, line := range strings.Split(strings.TrimSpace(stdout), "\n") {
		var e data.AuditEntry
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatalf("audit list --json line %q: %v", line, err)
		}
		got = append(got, e.Action+" "+e.Actor)
	}
	if want := "token_create cli:tester,token_create cli:tester,token_revoke cli:admin"; strings.Join(got, ",") != want {
		t.Errorf("audit actions = %q, want %q", strings.Join(got, ","), want)
	}
	stdout, _, err = runCmd(t, "audit", "verify", "--store", store)
	if err != nil || !strings.HasPrefix(stdout, "audit chain intact: 3 entries, head ") || len(strings.TrimSpace(stdout)) != len("audit chain intact: 3 entries, head ")+64 {
		t.Errorf("audit verify = %q, %v", stdout, err)
	}
	return []string{edSecret, vwSecret}
}

func TestTokenCommandsSQLite(t *testing.T) {
	dir := t.TempDir()
	store := filepath.Join(dir, "z.db")
	secrets := tokenLifecycle(t, store)
	files, _ := filepath.Glob(filepath.Join(dir, "z.db*"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range secrets {
			if strings.Contains(string(b), s) || strings.Contains(string(b), s[12:]) {
				t.Errorf("%s contains a token secret", filepath.Base(f))
			}
			if !strings.Contains(string(b), data.HashSecret(s)) && filepath.Base(f) == "z.db" {
				t.Errorf("%s lacks the token's hash: was it stored at all?", filepath.Base(f))
			}
		}
	}
}

func TestTokenCommandsPostgres(t *testing.T) {
	dsn, _ := postgistest.Schema(t)
	tokenLifecycle(t, dsn)
}

func TestTokenCreateUsage(t *testing.T) {
	store := filepath.Join(t.TempDir(), "z.db")
	for _, args := range [][]string{
		{"token", "create", "--store", store, "--role", "root", "--name", "x"},
		{"token", "create", "--store", store, "--role", "admin"},
		{"token", "revoke", "--store", store},
		{"token", "frobnicate"},
		{"token"},
		{"audit", "list", "--store", store, "--from", "yesterday"},
		{"audit", "frobnicate"},
	} {
		if _, _, err := runCmd(t, args...); !errors.Is(err, errUsage) {
			t.Errorf("%q: err = %v, want a usage error", args, err)
		}
	}
}

// TestAuditVerifyTampered edits an audit row in the SQLite file and checks
// that audit verify fails naming it.
func TestAuditVerifyTampered(t *testing.T) {
	store := filepath.Join(t.TempDir(), "z.db")
	for _, name := range []string{"a", "b", "c"} {
		createToken(t, store, "viewer", name)
	}
	db, err := sql.Open("sqlite", store)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`DROP TRIGGER audit_log_no_update`, `UPDATE audit_log SET actor = 'cli:mallory' WHERE seq = 2`} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()
	stdout, _, err := runCmd(t, "audit", "verify", "--store", store)
	var ae *data.AuditError
	if !errors.As(err, &ae) || ae.Seq != 2 || !strings.Contains(err.Error(), "audit chain broken: audit entry 2: hash") || stdout != "" {
		t.Errorf("audit verify of a tampered store = %q, %v; want an error naming entry 2", stdout, err)
	}
}
