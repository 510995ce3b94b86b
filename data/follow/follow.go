// Package follow keeps an in-memory index in step with a store's change feed,
// so that reads never touch the database: the index is built from the feed at
// start and every later commit is applied as it is announced.
package follow

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/index"
)

// pollInterval is how often Run catches up even without a notification, as a
// safety net for a backend whose notifications were lost.
const pollInterval = 5 * time.Second

// Follower applies a store's changes to an index. CatchUp and Run may be
// used from several goroutines; catch-ups are serialised.
type Follower struct {
	store data.Store
	ix    *index.Index
	log   *slog.Logger

	mu     sync.Mutex // serialises catch-ups
	rev    atomic.Int64
	ready  atomic.Bool
	layers atomic.Pointer[[]geo.Layer]
}

// New returns a follower that feeds ix from s. A nil logger discards logs.
func New(s data.Store, ix *index.Index, log *slog.Logger) *Follower {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	f := &Follower{store: s, ix: ix, log: log}
	f.layers.Store(&[]geo.Layer{})
	return f
}

// CatchUp applies every change committed since the last catch-up and
// refreshes the layer list. A successful call marks the follower ready; a
// failed one marks it not ready (the index may be behind the store, e.g.
// while a database connection is being re-established) until the next
// success. A catch-up cancelled by ctx leaves readiness as it was.
func (f *Follower) CatchUp(ctx context.Context) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	since := f.rev.Load()
	var batch []*geo.Zone
	rev, err := f.store.Changes(ctx, since, func(z *geo.Zone) error {
		batch = append(batch, z)
		return nil
	})
	if err != nil {
		f.failed(ctx, err)
		return fmt.Errorf("catch up from revision %d: %w", since, err)
	}
	if rev == since && f.ready.Load() {
		return nil
	}
	layers, err := f.store.Layers(ctx)
	if err != nil {
		f.failed(ctx, err)
		return fmt.Errorf("catch up: list layers: %w", err)
	}
	if len(batch) > 0 {
		f.ix.Apply(batch...)
	}
	f.layers.Store(&layers)
	f.rev.Store(rev)
	if !f.ready.Swap(true) || len(batch) > 0 {
		f.log.Info("index caught up", "revision", rev, "changed_versions", len(batch), "indexed", f.ix.Snapshot().Len())
	}
	return nil
}

// Run catches up once, then again after every store notification (and at
// least every few seconds) until ctx ends. It returns the first catch-up's
// error, or nil when ctx ends; later errors are logged and retried.
func (f *Follower) Run(ctx context.Context) error {
	notes := f.store.Subscribe(ctx)
	if err := f.CatchUp(ctx); err != nil {
		return err
	}
	tick := time.NewTicker(pollInterval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case _, ok := <-notes:
			if !ok {
				return nil
			}
		case <-tick.C:
		}
		if err := f.CatchUp(ctx); err != nil && ctx.Err() == nil {
			f.log.Error("index catch-up failed; will retry", "err", err)
		}
	}
}

// failed marks the follower not ready after a catch-up error, unless the
// error only reflects ctx ending (shutdown).
func (f *Follower) failed(ctx context.Context, err error) {
	if ctx.Err() != nil {
		return
	}
	if f.ready.Swap(false) {
		f.log.Warn("index may be behind the store; not ready until the next catch-up succeeds", "err", err)
	}
}

// Ready reports whether the index reflects the store: true after a
// successful catch-up, false before the first one and after a failed one.
func (f *Follower) Ready() bool { return f.ready.Load() }

// Revision returns the store revision the index reflects.
func (f *Follower) Revision() int64 { return f.rev.Load() }

// Layers returns the layer list as of the last catch-up. The slice is shared
// and must not be modified.
func (f *Follower) Layers() []geo.Layer { return *f.layers.Load() }
