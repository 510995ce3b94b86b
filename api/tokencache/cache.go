// Package tokencache keeps API tokens read from the store for a short
// time, so that authenticated requests do not reach the store, while a
// revocation still takes effect at once where the store's change feed
// carries it and within the cache's lifetime everywhere. It knows no HTTP;
// api checks the bearer secret against the token it returns.
package tokencache

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/zonegate/zonegate/data"
)

// Store is the part of data.Store the cache needs.
type Store interface {
	// Subscribe returns the store's change feed (see data.Store).
	Subscribe(ctx context.Context) <-chan int64
	// TokenByID returns one token, revoked or not, or data.ErrNotFound.
	TokenByID(ctx context.Context, id string) (*data.Token, error)
}

// Cache keeps tokens read from the store for a short time, so that
// authenticated requests do not reach the store, each as the value V its
// derive function made from it when it was read (what the server checks
// a secret against and the caller it answers, made once per read rather
// than per request). Unknown IDs are cached too (derive(nil)), so
// guessing IDs does not reach the store either. Every announcement on the
// store's change feed (a commit, or a token revocation: see
// data.Store.Subscribe) empties the cache before the next lookup, so a
// revocation takes effect at once where the feed carries it and within ttl
// everywhere.
type Cache[V any] struct {
	store  Store
	ttl    time.Duration // <= 0: no caching
	stop   context.CancelFunc
	mu     sync.Mutex
	derive func(*data.Token) V
	m      map[string]cachedToken[V]
	change <-chan int64 // the store's change feed; nil once closed
	// gen counts the times the feed emptied the cache: a token read from
	// the store while it did is not cached, as it may predate a revocation.
	gen uint64
}

type cachedToken[V any] struct {
	v       V // derive(nil): no such token
	expires time.Time
}

// maxCachedTokens bounds the cache; when full, expired entries are dropped,
// and if none are, all.
const maxCachedTokens = 4096

// New caches tokens for ttl (<= 0: not at all) as derive makes them (it
// is given nil for an unknown ID), listening to store's change feed until
// Close.
func New[V any](store Store, ttl time.Duration, derive func(*data.Token) V) *Cache[V] {
	c := &Cache[V]{store: store, ttl: ttl, derive: derive, m: make(map[string]cachedToken[V])}
	if ttl > 0 {
		var ctx context.Context
		ctx, c.stop = context.WithCancel(context.Background())
		c.change = store.Subscribe(ctx)
	}
	return c
}

// Close stops listening to the change feed.
func (c *Cache[V]) Close() {
	if c.stop != nil {
		c.stop()
	}
}

// lookup returns the cached entry for id, first emptying the cache when
// the change feed has announced anything since the last lookup.
func (c *Cache[V]) lookup(id string, now time.Time) (cachedToken[V], uint64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	select {
	case _, ok := <-c.change:
		clear(c.m)
		c.gen++
		if !ok { // the store is closing: only the ttl bounds staleness now
			c.change = nil
		}
	default:
	}
	e, ok := c.m[id]
	return e, c.gen, ok && now.Before(e.expires)
}

// Get returns the token with id as derive made it (derive(nil) when
// there is none).
func (c *Cache[V]) Get(ctx context.Context, id string) (V, error) {
	now := time.Now()
	var gen uint64
	if c.ttl > 0 {
		e, g, ok := c.lookup(id, now)
		if ok {
			return e.v, nil
		}
		gen = g
	}
	t, err := c.store.TokenByID(ctx, id)
	if errors.Is(err, data.ErrNotFound) {
		t, err = nil, nil
	}
	if err != nil {
		var zero V
		return zero, err
	}
	v := c.derive(t)
	if c.ttl > 0 {
		c.mu.Lock()
		defer c.mu.Unlock()
		if gen != c.gen {
			return v, nil
		}
		if len(c.m) >= maxCachedTokens {
			for k, e := range c.m {
				if !now.Before(e.expires) {
					delete(c.m, k)
				}
			}
			if len(c.m) >= maxCachedTokens {
				clear(c.m)
			}
		}
		c.m[id] = cachedToken[V]{v: v, expires: now.Add(c.ttl)}
	}
	return v, nil
}
