package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestImportIsAudited imports twice and reads the audit log back by layer
// and time.
func TestImportIsAudited(t *testing.T) {
	store := filepath.Join(t.TempDir(), "z.db")
	file := writeFile(t, "good.geojson", goodCollection)
	for range 2 {
		if _, stderr, err := runCmd(t, "import", "--store", store, "--layer", "coal_ban", "--kind", "coal_ban", file); err != nil {
			t.Fatalf("import: %v\n%s", err, stderr)
		}
	}
	createToken(t, store, "admin", "root")
	stdout, _, err := runCmd(t, "audit", "list", "--store", store, "--layer", "coal_ban")
	if err != nil {
		t.Fatalf("audit list: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	// Header; a1 b1 from the first import; a2 (import), a1 closed or
	// retired, b2, b1 from the second.
	if len(lines) != 7 {
		t.Fatalf("audit list --layer coal_ban: %d lines, want 7:\n%s", len(lines), stdout)
	}
	wantCols := [][]string{
		{"1", "import", "coal_ban", "a", "1"},
		{"2", "import", "coal_ban", "b", "1"},
		{"3", "import", "coal_ban", "a", "2"},
		{"4", "retire", "coal_ban", "a", "1"},
		{"5", "import", "coal_ban", "b", "2"},
		{"6", "retire", "coal_ban", "b", "1"},
	}
	actor := cliActor()
	for i, want := range wantCols {
		f := strings.Fields(lines[i+1])
		if len(f) != 8 || f[0] != want[0] || f[2] != actor || f[3] != want[1] || f[4] != want[2] || f[5] != want[3] || f[6] != want[4] {
			t.Errorf("line %d = %q, want seq/action/layer/zone/version %v by %s", i+1, lines[i+1], want, actor)
		}
	}
	stdout, _, err = runCmd(t, "audit", "list", "--store", store, "--to", "2000-01-01")
	if err != nil || strings.Count(stdout, "\n") != 1 {
		t.Errorf("audit list --to 2000-01-01 = %q, %v; want the header only", stdout, err)
	}
	stdout, _, err = runCmd(t, "audit", "list", "--store", store, "--after", "6", "--limit", "5")
	if err != nil || strings.Count(stdout, "\n") != 2 || !strings.Contains(stdout, "token_create") {
		t.Errorf("audit list --after 6 = %q, %v; want the one token entry", stdout, err)
	}
	stdout, _, err = runCmd(t, "audit", "verify", "--store", store)
	if err != nil || !strings.HasPrefix(stdout, "audit chain intact: 7 entries, head ") {
		t.Errorf("audit verify = %q, %v", stdout, err)
	}
}
