// Package postgistest gives tests and benchmarks an empty PostGIS store of
// their own on the database named by the ZONEGATE_TEST_POSTGRES environment
// variable, and skips them with a clear message when it is unset.
//
// Each call of Schema creates a uniquely named schema and returns the
// connection string with search_path set to it (then public, where the
// PostGIS extension lives); the schema is dropped when the test ends.
package postgistest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvDSN names the environment variable holding the test database's
// connection string, e.g.
// postgres://postgres:zonegate@127.0.0.1:5432/zonegate_test?sslmode=disable.
// The database must have (or let the role create) the postgis extension.
const EnvDSN = "ZONEGATE_TEST_POSTGRES"

// skipMessage explains how to enable the PostGIS tests.
const skipMessage = EnvDSN + " is not set: skipping the PostGIS tests. " +
	"Set it to a PostgreSQL+PostGIS connection string (see README, \"PostGIS tests\") to run them."

// DSN returns the test database's connection string, or skips tb.
func DSN(tb testing.TB) string {
	tb.Helper()
	dsn := strings.TrimSpace(os.Getenv(EnvDSN))
	if dsn == "" {
		tb.Skip(skipMessage)
	}
	return dsn
}

// Schema creates a fresh, empty schema on the test database and returns a
// connection string whose search_path starts with it, plus its name. The
// schema and everything in it are dropped when tb ends. It skips tb when
// the environment variable is unset.
func Schema(tb testing.TB) (dsn, schema string) {
	tb.Helper()
	base := DSN(tb)
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		tb.Fatalf("random schema name: %v", err)
	}
	schema = "zgtest_" + hex.EncodeToString(b[:])
	exec(tb, base, `CREATE EXTENSION IF NOT EXISTS postgis`)
	exec(tb, base, `CREATE SCHEMA `+schema)
	tb.Cleanup(func() { exec(tb, base, `DROP SCHEMA IF EXISTS `+schema+` CASCADE`) })
	// Commits need not wait for the server's WAL flush in tests: it only
	// matters when PostgreSQL itself crashes, and it makes each test's
	// schema creation and migration several times faster.
	return WithParam(WithParam(base, "search_path", schema+",public"), "synchronous_commit", "off"), schema
}

// WithParam returns dsn with one more connection parameter (for example
// application_name), for URL and key=value connection strings alike.
func WithParam(dsn, key, value string) string {
	if u, err := url.Parse(dsn); err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql") {
		q := u.Query()
		q.Set(key, value)
		u.RawQuery = q.Encode()
		return u.String()
	}
	return dsn + " " + key + "='" + strings.ReplaceAll(value, "'", `\'`) + "'"
}

// Exec runs one statement on the database dsn names, failing tb on error.
func Exec(tb testing.TB, dsn, sql string, args ...any) {
	tb.Helper()
	exec(tb, dsn, sql, args...)
}

func exec(tb testing.TB, dsn, sql string, args ...any) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		tb.Fatalf("connect to the test database: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql, args...); err != nil {
		tb.Fatalf("%s: %v", sql, err)
	}
}
