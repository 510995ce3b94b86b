package tiles

import (
	"bytes"
	"compress/gzip"
	"container/list"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/paulmach/orb/maptile"
)

// encoderVersion changes whenever the rendering changes, so keys (and the
// ETags made from them) of older renderings never match new ones.
const encoderVersion = "2"

// Key identifies one rendering of one tile: the tileset's name and layers,
// the tile address, the rendering options, every layer's revision and the
// validity epoch of the query time. Equal keys mean equal tiles, so a key
// is also a strong ETag. Any edit to a layer raises its revision and so
// changes the key of every tile of every tileset that holds the layer: all
// tiles of such a tileset, not only those the edit touched. Finding the
// touched tiles would need the old geometry; edits are rare and a tile
// re-renders in milliseconds, so whole-tileset invalidation is the simple
// and never-stale choice.
type Key struct{ s string }

// NewKey returns the key of tile t of ts as src renders it at at with o.
func NewKey(src Source, ts Tileset, t maptile.Tile, at time.Time, o Options) Key {
	var b strings.Builder
	b.WriteString(encoderVersion)
	b.WriteByte('|')
	b.WriteString(ts.Name)
	b.WriteByte('|')
	fmt.Fprintf(&b, "%d/%d/%d|%s|", t.Z, t.X, t.Y, o.fingerprint())
	for _, l := range ts.Layers {
		b.WriteString(l.ID)
		b.WriteByte('@')
		b.WriteString(strconv.FormatInt(src.LayerRevision(l.ID), 10))
		b.WriteByte(',')
	}
	b.WriteByte('|')
	if e := src.Epoch(at); !e.IsZero() {
		b.WriteString(e.UTC().Format(time.RFC3339Nano))
	}
	return Key{b.String()}
}

// String returns the key's text.
func (k Key) String() string { return k.s }

// ETag returns a strong entity tag for the key (quoted): a hash of the key,
// so it reveals nothing and stays short. gzip selects the tag of the
// gzip-encoded representation, which differs by a "-gz" suffix.
func (k Key) ETag(gzip bool) string {
	sum := sha256.Sum256([]byte(k.s))
	tag := hex.EncodeToString(sum[:12])
	if gzip {
		return `"` + tag + `-gz"`
	}
	return `"` + tag + `"`
}

// Entry is a rendered tile: the MVT bytes and their gzip encoding, both
// empty when the tile has nothing to draw. Entries are shared; never modify
// them.
type Entry struct {
	Raw  []byte
	Gzip []byte
}

// Empty reports whether the tile has nothing to draw.
func (e *Entry) Empty() bool { return len(e.Raw) == 0 }

// entryOverhead approximates the memory of one cache entry beyond its bytes
// and key: list element, map slot, Entry.
const entryOverhead = 200

// Cache holds rendered tiles in memory, least recently used out first,
// bounded by the total size of keys and bytes. Both representations (raw
// and gzip) are kept: gzip is computed once per rendering, and clients that
// do not accept gzip need no decompression. Concurrent misses for one key
// render once. Safe for concurrent use; create it with NewCache.
type Cache struct {
	max int64

	mu      sync.Mutex
	size    int64
	order   *list.List // of *cacheItem, most recent first
	items   map[string]*list.Element
	flights map[string]*flight

	hits, misses atomic.Int64
	gzipWriters  sync.Pool // of *gzip.Writer
}

type cacheItem struct {
	key   string
	entry *Entry
	size  int64
}

// flight is one rendering in progress; waiters block on done.
type flight struct {
	done  chan struct{}
	entry *Entry
	err   error
}

// NewCache returns a cache holding at most maxBytes. A non-positive
// maxBytes caches nothing (renderings are still shared between concurrent
// requests).
func NewCache(maxBytes int64) *Cache {
	c := &Cache{max: maxBytes, order: list.New(), items: map[string]*list.Element{}, flights: map[string]*flight{}}
	c.gzipWriters.New = func() any {
		w, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed) // a valid level never fails
		return w
	}
	return c
}

// CacheStats are a cache's counters.
type CacheStats struct {
	Hits, Misses int64 // lookups answered without rendering (from memory or a shared flight), and renderings started
	Entries      int
	Bytes        int64
}

// Stats returns the cache's counters.
func (c *Cache) Stats() CacheStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return CacheStats{Hits: c.hits.Load(), Misses: c.misses.Load(), Entries: len(c.items), Bytes: c.size}
}

// Get returns the entry for k, calling render on a miss. While one render
// for k runs, other callers for k wait for its result instead of rendering
// again. An error is returned to every waiter and nothing is cached.
func (c *Cache) Get(k Key, render func() ([]byte, error)) (*Entry, error) {
	c.mu.Lock()
	if el, ok := c.items[k.s]; ok {
		c.order.MoveToFront(el)
		c.mu.Unlock()
		c.hits.Add(1)
		return el.Value.(*cacheItem).entry, nil
	}
	if fl, ok := c.flights[k.s]; ok {
		c.mu.Unlock()
		<-fl.done
		c.hits.Add(1)
		return fl.entry, fl.err
	}
	fl := &flight{done: make(chan struct{})}
	c.flights[k.s] = fl
	c.mu.Unlock()
	c.misses.Add(1)

	fl.entry, fl.err = c.renderEntry(render)

	c.mu.Lock()
	delete(c.flights, k.s)
	if fl.err == nil {
		c.add(k.s, fl.entry)
	}
	c.mu.Unlock()
	close(fl.done)
	return fl.entry, fl.err
}

// renderEntry calls render and gzips its result. A panic in render
// becomes an error so waiters are never stranded.
func (c *Cache) renderEntry(render func() ([]byte, error)) (e *Entry, err error) {
	defer func() {
		if v := recover(); v != nil {
			e, err = nil, fmt.Errorf("render tile: panic: %v", v)
		}
	}()
	raw, err := render()
	if err != nil {
		return nil, err
	}
	e = &Entry{Raw: raw}
	if len(raw) > 0 {
		if e.Gzip, err = c.gzip(raw); err != nil {
			return nil, err
		}
	}
	return e, nil
}

// add stores e under key and evicts from the cold end until the cache fits.
// The caller holds c.mu.
func (c *Cache) add(key string, e *Entry) {
	size := int64(len(key)+len(e.Raw)+len(e.Gzip)) + entryOverhead
	if size > c.max {
		return
	}
	c.items[key] = c.order.PushFront(&cacheItem{key: key, entry: e, size: size})
	c.size += size
	for c.size > c.max {
		el := c.order.Back()
		it := el.Value.(*cacheItem)
		c.order.Remove(el)
		delete(c.items, it.key)
		c.size -= it.size
	}
}

// gzip compresses b at the fastest level: tiles are small and mostly
// varint-packed, so stronger levels save little and cost a lot on uncached
// requests.
func (c *Cache) gzip(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(len(b)/2 + 64)
	w := c.gzipWriters.Get().(*gzip.Writer)
	defer c.gzipWriters.Put(w)
	w.Reset(&buf)
	if _, err := w.Write(b); err != nil {
		return nil, fmt.Errorf("gzip tile: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("gzip tile: %w", err)
	}
	return buf.Bytes(), nil
}
