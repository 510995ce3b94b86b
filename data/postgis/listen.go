package postgis

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// Reconnect backoff of the change-feed listener.
const (
	listenBackoffMin = 100 * time.Millisecond
	listenBackoffMax = 5 * time.Second
)

// listen runs until the store closes: it keeps a dedicated connection
// LISTENing on the store's channel and publishes every notified revision.
// When the connection fails it reconnects with exponential backoff; after
// every (re)connection it publishes the current store revision, forced, so
// subscribers catch up on whatever they missed meanwhile.
func (s *Store) listen() {
	defer close(s.listenDone)
	ctx := s.stopped
	backoff := listenBackoffMin
	first := true
	for ctx.Err() == nil {
		conn, rev, err := s.connectListener(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			s.log.Warn("postgis: change feed: cannot listen; retrying", "err", err, "in", backoff)
			select {
			case <-time.After(backoff):
			case <-ctx.Done():
				return
			}
			backoff = min(2*backoff, listenBackoffMax)
			continue
		}
		if !first {
			s.log.Info("postgis: change feed reconnected", "revision", rev)
		}
		first = false
		backoff = listenBackoffMin
		s.hub.Publish(rev, true)
		s.events.Publish(0, true) // event streams re-read what they may have missed
		err = s.receive(ctx, conn)
		closeCtx, cancel := context.WithTimeout(context.Background(), time.Second)
		conn.Close(closeCtx) //nolint:errcheck // the connection is being discarded
		cancel()
		if ctx.Err() == nil {
			s.log.Warn("postgis: change feed connection lost; reconnecting", "err", err)
			// Make subscribers probe the database now: if it is down their
			// catch-up fails and they stop reporting ready.
			s.hub.Publish(0, true)
		}
	}
}

// connectListener opens a connection outside the pool, LISTENs on the
// store's channel and reads the current revision (after LISTEN, so no
// commit falls between the two).
func (s *Store) connectListener(ctx context.Context) (*pgx.Conn, int64, error) {
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	conn, err := pgx.ConnectConfig(ctx, s.pool.Config().ConnConfig.Copy())
	if err != nil {
		return nil, 0, fmt.Errorf("connect: %w", err)
	}
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{s.channel}.Sanitize()); err != nil {
		conn.Close(context.Background()) //nolint:errcheck // failed anyway
		return nil, 0, fmt.Errorf("listen: %w", err)
	}
	var rev int64
	if err := conn.QueryRow(ctx, `SELECT revision FROM store_state WHERE id = 1`).Scan(&rev); err != nil {
		conn.Close(context.Background()) //nolint:errcheck // failed anyway
		return nil, 0, fmt.Errorf("read revision: %w", err)
	}
	return conn, rev, nil
}

// tokensPayload is the notification payload of a token revocation.
const tokensPayload = "tokens"

// eventsPayload prefixes the notifications of committed events on the
// store's channel: "events:" and the highest event ID committed.
const eventsPayload = "events:"

// receive publishes notifications from conn until it fails or ctx ends:
// revisions (and token revocations) to Subscribe, event IDs to
// SubscribeEvents.
func (s *Store) receive(ctx context.Context, conn *pgx.Conn) error {
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		if n.Payload == tokensPayload {
			s.hub.Publish(0, true)
			continue
		}
		if id, ok := strings.CutPrefix(n.Payload, eventsPayload); ok {
			if last, err := strconv.ParseInt(id, 10, 64); err == nil {
				s.events.Publish(last, false)
				continue
			}
		}
		rev, err := strconv.ParseInt(n.Payload, 10, 64)
		if err != nil {
			s.log.Warn("postgis: change feed: ignoring notification", "payload", n.Payload)
			continue
		}
		s.hub.Publish(rev, false)
	}
}
