package postgis

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"log/slog"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/zonegate/zonegate/data"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// ErrSchemaTooNew is wrapped by Open when the database schema was written by
// a newer zonegate than this binary: upgrade the binary, never the other way.
var ErrSchemaTooNew = errors.New("postgis: database schema is newer than this binary")

// migrationLock is the pg_advisory_xact_lock key that serialises schema
// migrations of every zonegate process on one database ("zonegate" in
// ASCII).
const migrationLock int64 = 0x7a6f6e6567617465

// migrations lists the embedded migrations in version order.
func migrations() ([]data.Migration, error) { return data.Migrations(migrationFS, "migrations") }

// SchemaVersion returns the newest schema version this binary carries.
func SchemaVersion() int {
	ms, err := migrations()
	if err != nil {
		return 0
	}
	return len(ms)
}

// migrate brings the schema up to the newest embedded migration in one
// transaction holding a transaction-level advisory lock, so that replicas
// starting at once apply each step exactly once. Every applied step is
// recorded in schema_migrations. It is a no-op on an up-to-date database.
func migrate(ctx context.Context, pool *pgxpool.Pool, log *slog.Logger) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, migrationLock); err != nil {
			return fmt.Errorf("migrate: lock: %w", err)
		}
		const create = `CREATE TABLE IF NOT EXISTS schema_migrations (
			version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`
		if _, err := tx.Exec(ctx, create); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		var current int
		if err := tx.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
			return fmt.Errorf("migrate: read version: %w", err)
		}
		if current > len(ms) {
			return fmt.Errorf("%w: database has schema %d, this binary knows up to %d", ErrSchemaTooNew, current, len(ms))
		}
		for _, m := range ms[current:] {
			if _, err := tx.Exec(ctx, m.SQL); err != nil {
				return fmt.Errorf("migrate: apply %s: %w", m.Name, err)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, m.Version, m.Name); err != nil {
				return fmt.Errorf("migrate: record %s: %w", m.Name, err)
			}
			if m.Version == layerViewsVersion {
				if err := createLayerViews(ctx, tx); err != nil {
					return fmt.Errorf("migrate: %s: %w", m.Name, err)
				}
			}
			log.Info("postgis: applied migration", "version", m.Version, "name", m.Name)
		}
		return nil
	})
}
