package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"strings"

	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/follow"
	"github.com/zonegate/zonegate/data/postgis"
	"github.com/zonegate/zonegate/data/sqlite"
	"github.com/zonegate/zonegate/geo/index"
)

// defaultStore is the SQLite file used when --store is not given.
const defaultStore = "zonegate.db"

// storeFlag defines --store on flags: the store a command reads or writes.
func storeFlag(flags *flag.FlagSet) *string {
	return flags.String("store", defaultStore, "store: a SQLite file path, or a postgres:// URL for PostGIS")
}

// openStore opens the backend a --store value names: a postgres:// or
// postgresql:// URL opens PostGIS (migrating its schema if needed), anything
// else is a SQLite file path (an optional "file:" prefix is dropped). Only
// this package chooses backends. The audit key is the file named by
// ZONEGATE_AUDIT_KEY_FILE, if set (see openStoreKeyed).
func openStore(ctx context.Context, dsn string, log *slog.Logger) (data.Store, error) {
	key, err := readAuditKey(os.Getenv(auditKeyEnv))
	if err != nil {
		return nil, err
	}
	return openStoreKeyed(ctx, dsn, log, key)
}

// openStoreKeyed is openStore with the audit key given (nil: none). A key
// checks against a keyed audit chain and keys an unkeyed one from its next
// entry on (the store records the switch as an audit_key entry). The
// commands that open it log no checks, so a SQLite store leaves the check
// journal to the server (openServedStore), which may run meanwhile.
func openStoreKeyed(ctx context.Context, dsn string, log *slog.Logger, key []byte) (data.Store, error) {
	return openStoreWith(ctx, dsn, log, key, false)
}

// openServedStore is openStoreKeyed for serve: a SQLite store takes the
// check journal (answered checks are appended there and moved into the
// table) and replays what a crash left in it.
func openServedStore(ctx context.Context, dsn string, log *slog.Logger, key []byte) (data.Store, error) {
	return openStoreWith(ctx, dsn, log, key, true)
}

func openStoreWith(ctx context.Context, dsn string, log *slog.Logger, key []byte, logsChecks bool) (data.Store, error) {
	if isPostgres(dsn) {
		s, err := postgis.Open(ctx, dsn, postgis.Options{Logger: log, AuditKey: key})
		if err != nil {
			return nil, fmt.Errorf("open store %s: %w", redact(dsn), redactErr(dsn, err))
		}
		return s, nil
	}
	s, err := sqlite.Open(ctx, strings.TrimPrefix(dsn, "file:"), sqlite.Options{Logger: log, AuditKey: key, NoCheckJournal: !logsChecks})
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", dsn, err)
	}
	return s, nil
}

// openExistingStore is openStore for the commands that only read (check,
// layers, audit, dem list, token list and revoke): a SQLite path that does
// not exist is refused, rather than created empty and then reported as
// having no zones. key is the audit key for those that write (token
// revoke); readers pass nil, so opening never appends to the audit log.
func openExistingStore(ctx context.Context, dsn string) (data.Store, error) {
	return openExistingStoreKeyed(ctx, dsn, nil)
}

// openExistingStoreKeyed is openExistingStore with an audit key.
func openExistingStoreKeyed(ctx context.Context, dsn string, key []byte) (data.Store, error) {
	if !isPostgres(dsn) {
		path := strings.TrimPrefix(dsn, "file:")
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("no store at %s: give --store (or ZONEGATE_STORE) the path of an existing store; 'zonegate serve --demo' or 'zonegate import' creates one", path)
		}
	}
	return openStoreKeyed(ctx, dsn, nil, key)
}

// openStoreFlagOnly parses the arguments of a command whose only flag is
// --store (name and synopsis for its usage) and opens that existing store.
func openStoreFlagOnly(ctx context.Context, name, synopsis string, args []string, stderr io.Writer) (data.Store, error) {
	flags := newFlagSet(name, synopsis, stderr)
	storePath := storeFlag(flags)
	if err := parseFlags(flags, args); err != nil {
		return nil, err
	}
	return openExistingStore(ctx, *storePath)
}

// isPostgres reports whether a --store value names a PostgreSQL database.
func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// redactErr returns err's message with the DSN's password, should the
// driver have quoted it, replaced by ***.
func redactErr(dsn string, err error) error {
	u, perr := url.Parse(dsn)
	if perr != nil || u.User == nil {
		return err
	}
	pw, ok := u.User.Password()
	if !ok || pw == "" || !strings.Contains(err.Error(), pw) {
		return err
	}
	return &redactedError{msg: strings.ReplaceAll(err.Error(), pw, "***"), err: err}
}

// redactedError is err with a password removed from its message; errors.Is
// and errors.As still see err.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

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

// publishedSnapshot loads every published zone of store into a fresh index
// and returns its snapshot: what one-shot commands (check, analyses) read.
func publishedSnapshot(ctx context.Context, store data.Store) (*index.Snapshot, error) {
	ix := index.New()
	if err := follow.New(store, ix, nil).CatchUp(ctx); err != nil {
		return nil, fmt.Errorf("load zones: %w", err)
	}
	return ix.Snapshot(), nil
}
