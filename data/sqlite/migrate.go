package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/internal/sqlrow"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// ErrSchemaTooNew is wrapped by Open when the file's schema was written by a
// newer zonegate than this binary: upgrade the binary, never the other way.
var ErrSchemaTooNew = errors.New("sqlite: database schema is newer than this binary")

// layerViewsVersion is the migration that introduced layer views; once it
// is applied, the views of the layers already stored are created in Go
// (SQLite's SQL cannot loop over them).
const layerViewsVersion = 5

// migrations lists the embedded migrations in version order.
func migrations() ([]data.Migration, error) { return data.Migrations(migrationFS, "migrations") }

// migrate brings the schema up to the newest embedded migration in one
// transaction, recording each applied step in schema_migrations. It is a
// no-op on an up-to-date file.
func migrate(ctx context.Context, db *sql.DB, now func() time.Time, log *slog.Logger) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migrate: begin: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	const create = `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`
	if _, err := tx.ExecContext(ctx, create); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	var current int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
		return fmt.Errorf("migrate: read version: %w", err)
	}
	if current > len(ms) {
		return fmt.Errorf("%w: file has schema %d, this binary knows up to %d", ErrSchemaTooNew, current, len(ms))
	}
	for _, m := range ms[current:] {
		if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
			return fmt.Errorf("migrate: apply %s: %w", m.Name, err)
		}
		const rec = `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`
		if _, err := tx.ExecContext(ctx, rec, m.Version, m.Name, sqlrow.FormatText(now())); err != nil {
			return fmt.Errorf("migrate: record %s: %w", m.Name, err)
		}
		if m.Version == layerViewsVersion {
			if err := createLayerViews(ctx, tx, now()); err != nil {
				return fmt.Errorf("migrate: %s: %w", m.Name, err)
			}
		}
		log.Info("sqlite: applied migration", "version", m.Version, "name", m.Name)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migrate: commit: %w", err)
	}
	return nil
}
