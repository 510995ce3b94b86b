package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/zonegate/zonegate/data/sqlite"
)

const backupSynopsis = `zonegate backup — a consistent copy of a live SQLite store.

The copy is taken from one snapshot while the server keeps running and
writing: it holds every change committed before the backup started and none
after, as one self-contained file (a store and a GeoPackage, no -wal file).
Copying zonegate.db by hand while the server runs is NOT safe: recent
changes live in zonegate.db-wal until a checkpoint.

To restore, stop the server and start it with --store naming the backup (or
a copy of it at a new path). For a PostGIS store use pg_dump / pg_restore.

  zonegate backup --store zonegate.db --out /var/backups/zonegate-2020-11-01.db`

// runBackup runs 'backup'.
func runBackup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("backup", backupSynopsis, stderr)
	storePath := fs.String("store", defaultStore, "the SQLite store to copy")
	out := fs.String("out", "", "file to write; must not exist (required)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *out == "" {
		fs.Usage()
		fmt.Fprintln(stderr, "\nzonegate backup: needs --out FILE")
		return errUsage
	}
	if _, err := os.Stat(*out); err == nil {
		return fmt.Errorf("--out %s already exists: name a new file", *out)
	}
	if isPostgres(*storePath) {
		return fmt.Errorf("backup copies SQLite stores; for PostGIS use pg_dump -Fc (and pg_restore)")
	}
	store, err := openExistingStore(ctx, *storePath)
	if err != nil {
		return err
	}
	defer store.Close()
	lite, ok := store.(*sqlite.Store)
	if !ok {
		return fmt.Errorf("backup copies SQLite stores only")
	}
	start := time.Now()
	if err := lite.Backup(ctx, *out); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backed up %s to %s in %s\n", *storePath, *out, time.Since(start).Round(time.Millisecond))
	return nil
}
