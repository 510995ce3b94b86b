package main

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zonegate/zonegate/data/postgis"
	"github.com/zonegate/zonegate/data/postgis/postgistest"
)

func TestMigrateSQLite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "z.db")
	var out bytes.Buffer
	if err := runMigrate(context.Background(), []string{"--store", path}, &out, &out); err != nil {
		t.Fatalf("migrate: %v\n%s", err, out.String())
	}
	if want := "store " + path + " is up to date\n"; out.String() != want {
		t.Errorf("output %q, want %q", out.String(), want)
	}
}

func TestMigratePostgresRedactsPassword(t *testing.T) {
	dsn, _ := postgistest.Schema(t)
	var out bytes.Buffer
	for range 2 { // the second run finds nothing to do
		out.Reset()
		if err := runMigrate(context.Background(), []string{"--store", dsn}, &out, &out); err != nil {
			t.Fatalf("migrate: %v\n%s", err, out.String())
		}
	}
	want := fmt.Sprintf("is at schema version %d\n", postgis.SchemaVersion())
	if !strings.HasSuffix(out.String(), want) {
		t.Errorf("output %q, want it to end with %q", out.String(), want)
	}
	if u, err := url.Parse(dsn); err == nil {
		if pw, ok := u.User.Password(); ok && strings.Contains(out.String(), ":"+pw+"@") {
			t.Errorf("output %q shows the password", out.String())
		}
	}
}
