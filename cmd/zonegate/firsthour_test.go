package main

import (
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadOnlyCommandsRefuseMissingStore: a mistyped --store must not be
// created empty and then reported as having no zones.
func TestReadOnlyCommandsRefuseMissingStore(t *testing.T) {
	t.Parallel()
	missing := filepath.Join(t.TempDir(), "mistyped.db")
	for _, args := range [][]string{
		{"check", "--store", missing, "--lon", "111.5", "--lat", "36.1"},
		{"layers", "--store", missing},
		{"audit", "verify", "--store", missing},
		{"audit", "list", "--store", missing},
		{"dem", "list", "--store", missing},
		{"token", "list", "--store", missing},
		{"token", "revoke", "--store", missing, "--id", "x"},
	} {
		_, _, err := runCmd(t, args...)
		if err == nil || !strings.Contains(err.Error(), "no store at "+missing) {
			t.Errorf("%v: error %v, want one naming the missing store", args, err)
		}
		if _, statErr := os.Stat(missing); !errors.Is(statErr, os.ErrNotExist) {
			t.Fatalf("%v created %s", args, missing)
		}
	}
}

// TestUsageErrorComesLast: the one-line reason is the last thing printed,
// below the flags, where a user sees it.
func TestUsageErrorComesLast(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		last string
	}{
		{[]string{"check", "--bogus"}, "zonegate check: flag provided but not defined: -bogus"},
		{[]string{"layers", "extra"}, `zonegate layers: unexpected argument "extra"`},
		{[]string{"token", "create", "--role", "god", "--name", "x"},
			`zonegate token create: --role "god" is not a role: want viewer, inspector, editor or admin`},
		{[]string{"token", "create", "--role", "editor"}, "zonegate token create: needs --name and --role viewer|inspector|editor|admin"},
	}
	for _, tc := range tests {
		_, stderr, err := runCmd(t, tc.args...)
		if !errors.Is(err, errUsage) {
			t.Errorf("%v: error %v, want errUsage", tc.args, err)
		}
		lines := strings.Split(strings.TrimSpace(stderr), "\n")
		if got := lines[len(lines)-1]; got != tc.last {
			t.Errorf("%v: last line %q, want %q", tc.args, got, tc.last)
		}
		if !strings.Contains(stderr, "Flags:") {
			t.Errorf("%v: no usage above the error:\n%s", tc.args, stderr)
		}
	}
}

// TestServeChecksAddrFirst: a bad or busy --addr fails before the store is
// created or the demo loaded, with a message naming the flag.
func TestServeChecksAddrFirst(t *testing.T) {
	t.Parallel()
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	for _, addr := range []string{"bad:addr:x", busy.Addr().String()} {
		store := filepath.Join(t.TempDir(), "z.db")
		_, _, err := runCmd(t, "serve", "--demo", "--store", store, "--addr", addr)
		if err == nil || !strings.HasPrefix(err.Error(), "--addr "+addr+": ") {
			t.Errorf("serve --addr %s: error %v, want one starting with the flag", addr, err)
		}
		if _, statErr := os.Stat(store); !errors.Is(statErr, os.ErrNotExist) {
			t.Errorf("serve --addr %s created the store before listening", addr)
		}
	}
	_, _, err = runCmd(t, "serve", "--anonymous-role", "god", "--addr", "127.0.0.1:0")
	if err == nil || err.Error() != `--anonymous-role "god" is not a role: want none, viewer, inspector, editor or admin` {
		t.Errorf("serve --anonymous-role god: %v", err)
	}
}

// TestBackupCommand copies an imported store; the copy lists the same
// layers and a second backup to the same file is refused by name.
func TestBackupCommand(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	store, copyPath := filepath.Join(dir, "z.db"), filepath.Join(dir, "copy.db")
	if _, _, err := runCmd(t, "import", "--store", store, "--layer", "coal_ban", "--kind", "coal_ban", writeFile(t, "good.geojson", goodCollection)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runCmd(t, "backup", "--store", store, "--out", copyPath); err != nil {
		t.Fatal(err)
	}
	want, _, _ := runCmd(t, "layers", "--store", store)
	got, _, err := runCmd(t, "layers", "--store", copyPath)
	if err != nil || got != want || !strings.Contains(got, "coal_ban") {
		t.Errorf("layers of the copy:\n%s(%v)\nwant\n%s", got, err, want)
	}
	if _, _, err := runCmd(t, "backup", "--store", store, "--out", copyPath); err == nil || err.Error() != "--out "+copyPath+" already exists: name a new file" {
		t.Errorf("backup over an existing file: %v", err)
	}
}
