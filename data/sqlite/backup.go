package sqlite

import (
	"context"
	"database/sql"
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
// after, and every inspection record acknowledged before it started, also
// those another process still holds in its check journal. The copy is a
// compact, self-contained file (no -wal beside it), itself a valid store
// and GeoPackage. path must not exist; the copy is written beside it under
// a temporary name and renamed when complete, so a failed or interrupted
// backup never leaves a partial file at path.
func (s *Store) Backup(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("sqlite: backup: %s already exists", path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("sqlite: backup: %w", err)
	}
	// The copy holds every check acknowledged before the call: this
	// Store's journal is drained into the table; another process's is read
	// before the snapshot, so a record its owner moves meanwhile is in the
	// snapshot or in what was read (replayJournalInto).
	if err := s.drainJournal(ctx); err != nil {
		return fmt.Errorf("sqlite: backup: %w", err)
	}
	var foreign [][]any
	if s.journal == nil {
		var err error
		if foreign, err = readJournalFiles(s.path); err != nil {
			return fmt.Errorf("sqlite: backup: check journal of another process: %w", err)
		}
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
	if err := replayJournalInto(ctx, tmpPath, foreign); err != nil {
		return fmt.Errorf("sqlite: backup to %s: records of the check journal: %w", path, err)
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

// readJournalFiles returns the records the check journal files of the
// store file path hold, read without owning them: a frame being appended
// reads as torn and ends its file's records (it is not acknowledged yet).
// Missing files hold nothing.
func readJournalFiles(path string) ([][]any, error) {
	var rows [][]any
	for _, name := range journalNames(path) {
		b, err := os.ReadFile(name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		got, _, _ := decodeJournal(b)
		rows = append(rows, got...)
	}
	return rows, nil
}

// replayJournalInto inserts journaled rows into the inspections table of
// the store file at path (a backup copy), skipping those already there,
// in one transaction.
func replayJournalInto(ctx context.Context, path string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	db, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return err
	}
	defer db.Close()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	if err := eachMoveChunk(rows, func(n int, flat []any) error {
		_, err := tx.ExecContext(ctx, moveSQL(n), flat...)
		return err
	}); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	return db.Close()
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
