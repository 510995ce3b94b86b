package postgis

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/zonegate/zonegate/data"
)

// leasePing is how often a held lease checks that its connection is alive.
const leasePing = time.Second

var _ data.Leaser = (*Store)(nil)

// TryLease takes the lease name with a session-level advisory lock
// (pg_try_advisory_lock on a hash of the schema and name) on a connection
// of its own, outside the pool. The lease is held as long as that
// connection: when the holder's process dies, PostgreSQL ends the session
// and frees the lock at once, so another replica's next TryLease gets it.
// A held lease pings its connection every second and reports Lost when
// the ping fails. It returns nil when another session holds the lock. See
// data.Leaser.
func (s *Store) TryLease(ctx context.Context, name string) (data.Lease, error) {
	cctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	conn, err := pgx.ConnectConfig(cctx, s.pool.Config().ConnConfig.Copy())
	if err != nil {
		return nil, fmt.Errorf("postgis: lease %s: connect: %w", name, err)
	}
	var held bool
	const try = `SELECT pg_try_advisory_lock(` + leaseKey + `)`
	if err := conn.QueryRow(cctx, try, name).Scan(&held); err != nil || !held {
		conn.Close(context.Background()) //nolint:errcheck // discarded either way
		if err != nil {
			return nil, fmt.Errorf("postgis: lease %s: %w", name, err)
		}
		return nil, nil
	}
	l := &lease{conn: conn, name: name, lost: make(chan struct{}), release: make(chan struct{}), done: make(chan struct{})}
	go l.watch()
	return l, nil
}

// leaseKey is the advisory lock key of the lease named $1 in this schema.
const leaseKey = `hashtext('zonegate.lease.' || current_schema() || ' ' || $1)`

// lease is a held advisory lock and the connection holding it.
type lease struct {
	conn    *pgx.Conn
	name    string
	lost    chan struct{} // closed when the lease ends, for whatever reason
	release chan struct{} // closed by Release
	once    sync.Once
	done    chan struct{} // closed when watch has closed the connection
}

// watch pings the connection until Release or a failed ping, then closes
// it (which frees the lock) and reports the lease lost.
func (l *lease) watch() {
	defer close(l.done)
	t := time.NewTicker(leasePing)
	defer t.Stop()
	for alive := true; alive; {
		select {
		case <-l.release:
			alive = false
		case <-t.C:
			ctx, cancel := context.WithTimeout(context.Background(), leasePing)
			alive = l.conn.Ping(ctx) == nil
			cancel()
		}
	}
	close(l.lost)
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	// Closing the connection frees the lock only when the server's backend
	// has exited, which happens after Close returns; unlocking first makes
	// the lock free for the next TryLease as soon as Release returns.
	l.conn.Exec(ctx, `SELECT pg_advisory_unlock(`+leaseKey+`)`, l.name) //nolint:errcheck // a dead session has freed it already
	l.conn.Close(ctx)                                                   //nolint:errcheck // the session ends either way
	cancel()
}

// Lost returns a channel closed once the lease has ended.
func (l *lease) Lost() <-chan struct{} { return l.lost }

// Release ends the session holding the lock and waits for it.
func (l *lease) Release() {
	l.once.Do(func() { close(l.release) })
	<-l.done
}
