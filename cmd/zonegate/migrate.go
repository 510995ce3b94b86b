package main

import (
	"context"
	"fmt"
	"io"

	"github.com/zonegate/zonegate/data/postgis"
)

const migrateSynopsis = `zonegate migrate — bring a store's schema up to this binary's version.

Every command migrates automatically when it opens a store; run this before a
rolling upgrade so that no replica has to. On PostGIS the migration runs under
an advisory lock, so replicas starting at the same time never race. A store
migrated by a newer zonegate is refused.

  zonegate migrate --store postgres://zonegate:PASSWORD@db:5432/zonegate
  zonegate migrate --store /var/lib/zonegate/zonegate.db`

// runMigrate opens (and so migrates) the store and reports the schema.
func runMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("migrate", migrateSynopsis, stderr)
	storePath := fs.String("store", defaultStore, "store: a SQLite file path or a postgres:// URL")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	store, err := openStore(ctx, *storePath, nil)
	if err != nil {
		return err
	}
	if err := store.Close(); err != nil {
		return fmt.Errorf("close store: %w", err)
	}
	if isPostgres(*storePath) {
		fmt.Fprintf(stdout, "store %s is at schema version %d\n", redact(*storePath), postgis.SchemaVersion())
	} else {
		fmt.Fprintf(stdout, "store %s is up to date\n", *storePath)
	}
	return nil
}
