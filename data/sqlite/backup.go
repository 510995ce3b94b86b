package sqlite

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Backup writes a consistent copy of the store to path while it stays in
// use: VACUUM INTO reads one snapshot inside a read transaction, so writers
// carry on and the copy holds every commit made before it started and none
// after. The copy is a compact, self-contained file (no -wal beside it),
// itself a valid store and GeoPackage. path must not exist; the copy is
// written beside it under a temporary name and renamed when complete, so a
// failed or interrupted backup never leaves a partial file at path.
func (s *Store) Backup(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("sqlite: backup: %s already exists", path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("sqlite: backup: %w", err)
	}
	// The copy holds every check acknowledged before the call.
	if err := s.drainJournal(ctx); err != nil {
		return fmt.Errorf("sqlite: backup: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".partial-*")
	if err != nil {
		return fmt.Errorf("sqlite: backup: %w", err)
	}
	tmpPath := tmp.Name()
	tmp.Close()
	os.Remove(tmpPath) // VACUUM INTO refuses an existing file
	defer os.Remove(tmpPath)
	if err := s.vacuumInto(ctx, tmpPath); err != nil {
		return fmt.Errorf("sqlite: backup to %s: %w", path, err)
	}
	if err := syncFile(tmpPath); err != nil {
		return fmt.Errorf("sqlite: backup: %w", err)
	}
	if err := os.Rename(tmpPath, path); err != nil {
		return fmt.Errorf("sqlite: backup: %w", err)
	}
	return syncFile(filepath.Dir(path))
}

// vacuumInto runs VACUUM INTO on a connection of the read pool, which
// query_only otherwise keeps from writing any file: the pragma is lifted for
// the statement and restored, and a connection that cannot be restored is
// discarded rather than returned to the pool.
func (s *Store) vacuumInto(ctx context.Context, path string) error {
	conn, err := s.r.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA query_only = 0`); err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, `VACUUM INTO ?`, path)
	if _, rerr := conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA query_only = 1`); rerr != nil {
		_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		return errors.Join(err, rerr)
	}
	return err
}

// syncFile flushes a file or directory to disk.
func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}
