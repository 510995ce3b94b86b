package postgis

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/internal/sqlrow"
	"github.com/zonegate/zonegate/geo"
)

// Retry policy for transient failures: serialization failures, deadlocks,
// and connections that died before a transaction reached COMMIT.
const (
	maxAttempts  = 5
	firstBackoff = 20 * time.Millisecond
)

// commitError marks a failure of COMMIT itself: the outcome is unknown, so
// it is only retried when the driver says nothing reached the server.
type commitError struct{ err error }

func (e commitError) Error() string { return e.err.Error() }
func (e commitError) Unwrap() error { return e.err }

// retry runs fn until it succeeds, fails permanently, or maxAttempts
// transient failures have happened. The whole call, retries included, is
// bounded by the store timeout. fn must be safe to repeat after a transient failure: a write must
// run in one transaction that rolls back on any error.
func (s *Store) retry(ctx context.Context, fn func(ctx context.Context) error) error {
	return s.retryFor(ctx, s.timeout, fn)
}

// retryFor is retry with the whole call bounded by d.
func (s *Store) retryFor(ctx context.Context, d time.Duration, fn func(ctx context.Context) error) error {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	backoff := firstBackoff
	var err error
	for attempt := 1; ; attempt++ {
		if err = ctx.Err(); err != nil {
			return err
		}
		if err = fn(ctx); err == nil {
			return nil
		}
		if ctx.Err() != nil {
			if !errors.Is(err, ctx.Err()) {
				err = fmt.Errorf("%w: %w", ctx.Err(), err)
			}
			return err
		}
		if attempt == maxAttempts || !transient(err) {
			return classify(err)
		}
		s.log.Debug("postgis: retrying after transient failure", "attempt", attempt, "err", err)
		select {
		case <-time.After(backoff):
		case <-ctx.Done():
			return fmt.Errorf("%w: %w", ctx.Err(), err)
		}
		backoff *= 2
	}
}

// transient reports whether err is worth another attempt.
func transient(err error) bool {
	var ce commitError
	if errors.As(err, &ce) {
		return pgconn.SafeToRetry(ce.err)
	}
	if errors.Is(err, data.ErrConflict) || errors.Is(err, data.ErrNotFound) || errors.Is(err, geo.ErrInvalid) {
		return false
	}
	var stop sqlrow.Stop
	if errors.As(err, &stop) {
		return false
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		switch {
		case pg.Code == "40001", pg.Code == "40P01": // serialization_failure, deadlock_detected
			return true
		case strings.HasPrefix(pg.Code, "08"): // connection exception
			return true
		case pg.Code == "57P01", pg.Code == "57P02", pg.Code == "57P03": // admin/crash shutdown, cannot connect now
			return true
		}
		return false
	}
	// Anything else from the driver is a broken or refused connection:
	// nothing was committed, since COMMIT failures are commitErrors.
	return true
}

// classify maps PostgreSQL errors to the store's error values: a unique
// violation is data.ErrConflict, a foreign-key violation data.ErrNotFound,
// and a data exception (SQLSTATE class 22, e.g. a NUL character in text or
// an unrepresentable JSON value) geo.ErrInvalid.
func classify(err error) error {
	var pg *pgconn.PgError
	if !errors.As(err, &pg) {
		return err
	}
	// The driver's error is the cause (logged); the error wrapping the
	// sentinel is what a client may be shown (see data.ErrNotFound).
	switch {
	case pg.Code == "23505":
		return fmt.Errorf("%w: %w", err, fmt.Errorf("another request stored the same key first; reload and try again: %w", data.ErrConflict))
	case pg.Code == "23503":
		return fmt.Errorf("%w: %w", err, fmt.Errorf("it refers to something that does not exist: %w", data.ErrNotFound))
	case strings.HasPrefix(pg.Code, "22"):
		return fmt.Errorf("%w: %w", err, fmt.Errorf("%w: a value cannot be stored (e.g. text with a NUL character or a number out of range)", geo.ErrInvalid))
	}
	return err
}
