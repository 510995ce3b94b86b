package main

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/sqlite"
)

// defaultStore is the SQLite file used when --store is not given.
const defaultStore = "zonegate.db"

// openStore opens the backend a --store value names. Only this package
// chooses backends.
func openStore(ctx context.Context, dsn string, log *slog.Logger) (data.Store, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return nil, fmt.Errorf("store %q: the PostGIS backend is not part of this build yet; use a SQLite file path", redact(dsn))
	}
	s, err := sqlite.Open(ctx, strings.TrimPrefix(dsn, "file:"), sqlite.Options{Logger: log})
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", dsn, err)
	}
	return s, nil
}

// redact hides a password in a connection string before it is printed.
func redact(dsn string) string {
	at := strings.LastIndex(dsn, "@")
	scheme := strings.Index(dsn, "://")
	if at < 0 || scheme < 0 {
		return dsn
	}
	userinfo := dsn[scheme+3 : at]
	if colon := strings.Index(userinfo, ":"); colon >= 0 {
		return dsn[:scheme+3] + userinfo[:colon] + ":***" + dsn[at:]
	}
	return dsn
}
