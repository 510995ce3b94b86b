package tiles

import (
	"bytes"
	"compress/gzip"
	"container/list"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
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
type Key struct {
	s   string
	tag string // hex of the key's hash, the ETag without quotes
}

// NewKey returns the key of tile t of ts as src renders it at at with o.
func NewKey(src Source, ts Tileset, t maptile.Tile, at time.Time, o Options) Key {
	b := make([]byte, 0, 96)
	b = append(b, encoderVersion...)
	b = append(b, '|')
	b = append(b, ts.Name...)
	b = append(b, '|')
	b = strconv.AppendUint(b, uint64(t.Z), 10)
	b = append(b, '/')
	b = strconv.AppendUint(b, uint64(t.X), 10)
	b = append(b, '/')
	b = strconv.AppendUint(b, uint64(t.Y), 10)
	b = append(b, '|')
	b = o.appendFingerprint(b)
	b = append(b, '|')
	for _, l := range ts.Layers {
		b = append(b, l.ID...)
		b = append(b, '@')
		b = strconv.AppendInt(b, src.LayerRevision(l.ID), 10)
		b = append(b, ',')
	}
	b = append(b, '|')
	if e := src.Epoch(at); !e.IsZero() {
		b = e.UTC().AppendFormat(b, time.RFC3339Nano)
	}
	sum := sha256.Sum256(b)
	return Key{s: string(b), tag: hex.EncodeToString(sum[:12])}
}

// String returns the key's text.
func (k Key) String() string { return k.s }

// ETag returns a strong entity tag for the key (quoted): a hash of the key,
// so it reveals nothing and stays short. gzip selects the tag of the
// gzip-encoded representation, which differs by a "-gz" suffix.
func (k Key) ETag(gzip bool) string {
	tag := k.tag
	if tag == "" { // the zero Key
		sum := sha256.Sum256([]byte(k.s))
		tag = hex.EncodeToString(sum[:12])
	}
	if gzip {
		return `"` + tag + `-gz"`
	}
	return `"` + tag + `"`
}

// Entry is a rendered tile: the MVT bytes and, on demand, their gzip
// encoding, both empty when the tile has nothing to draw. Entries are
// shared; never modify Raw.
type Entry struct {
	Raw []byte

	gzOnce sync.Once
	gz     []byte
	gzErr  error
	cache  *Cache // whose gzip writers compress Raw; nil: a writer of its own
}

// Empty reports whether the tile has nothing to draw.
func (e *Entry) Empty() bool { return len(e.Raw) == 0 }

// Gzip returns the gzip encoding of Raw (nil when the tile is empty). A
// cache that keeps entries compresses each when it renders it, so its
// size is counted; a cache that keeps none (NewCache with a non-positive
// bound) compresses on the first call, so a client that does not accept
// gzip costs no compression. Safe for concurrent use.
func (e *Entry) Gzip() ([]byte, error) {
	e.gzOnce.Do(func() {
		if len(e.Raw) > 0 {
			e.gz, e.gzErr = e.cache.gzip(e.Raw)
		}
	})
	return e.gz, e.gzErr
}

// entryOverhead approximates the memory of one cache entry beyond its bytes
// and key: list element, map slot, Entry.
const entryOverhead = 200

// Cache holds rendered tiles in memory, least recently used out first,
// bounded by the total size of keys and bytes. Both representations (raw
// and gzip) are kept: gzip is computed once per rendering, and clients that
// do not accept gzip need no decompression. A cache bounded at zero or
// less keeps nothing and compresses only for clients that ask for gzip.
// Concurrent misses for one key render once. Safe for concurrent use;
// create it with NewCache.
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

// renderEntry calls render and, when the cache keeps entries, gzips its
// result. A panic in render becomes an error so waiters are never
// stranded.
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
	e = &Entry{Raw: raw, cache: c}
	if c.max > 0 { // kept: compressed now, so the entry's size is known when added
		if _, err := e.Gzip(); err != nil {
			return nil, err
		}
	}
	return e, nil
}

// add stores e under key and evicts from the cold end until the cache fits.
// The caller holds c.mu.
func (c *Cache) add(key string, e *Entry) {
	size := int64(len(key)+len(e.Raw)+len(e.gz)) + entryOverhead
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
	var w *gzip.Writer
	if c == nil { // an Entry made outside a cache
		w, _ = gzip.NewWriterLevel(&buf, gzip.BestSpeed) // a valid level never fails
	} else {
		w = c.gzipWriters.Get().(*gzip.Writer)
		defer c.gzipWriters.Put(w)
		w.Reset(&buf)
	}
	if _, err := w.Write(b); err != nil {
		return nil, fmt.Errorf("gzip tile: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("gzip tile: %w", err)
	}
	return buf.Bytes(), nil
}
