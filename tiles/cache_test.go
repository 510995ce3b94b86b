package tiles_test

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"

	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/index"
	"github.com/zonegate/zonegate/tiles"
)

func keyN(i int) tiles.Key {
	_, src := smallSet()
	return tiles.NewKey(src, tiles.Tileset{Name: fmt.Sprint("t", i)}, maptile.New(0, 0, 0), at2020, tiles.Options{})
}

func TestCacheHitsMissesAndEviction(t *testing.T) {
	k1, k2, k3 := keyN(1), keyN(2), keyN(3)
	body := make([]byte, 1000)
	per := int64(len(k1.String())) + 1000 + 200 // key + raw + overhead; gzip of zeros is ~30 bytes
	c := tiles.NewCache(2*per + 200)
	renders := 0
	render := func() ([]byte, error) { renders++; return body, nil }
	for _, k := range []tiles.Key{k1, k2, k1, k3, k1, k2} {
		if _, err := c.Get(k, render); err != nil {
			t.Fatal(err)
		}
	}
	// k1 miss, k2 miss, k1 hit, k3 miss evicts k2 (least recent), k1 hit,
	// k2 miss again.
	st := c.Stats()
	if renders != 4 || st.Hits != 2 || st.Misses != 4 || st.Entries != 2 {
		t.Errorf("renders %d, stats %+v; want 4 renders, 2 hits, 4 misses, 2 entries", renders, st)
	}
	if st.Bytes > 2*per+200 {
		t.Errorf("cache holds %d bytes, bound %d", st.Bytes, 2*per+200)
	}
}

func TestCacheEntryHasGzipAndEmpty(t *testing.T) {
	c := tiles.NewCache(1 << 20)
	e, err := c.Get(keyN(1), func() ([]byte, error) { return []byte("tile bytes tile bytes"), nil })
	if err != nil || string(e.Raw) != "tile bytes tile bytes" || len(gzipOf(t, e)) == 0 || e.Empty() {
		t.Fatalf("entry %+v, %v", e, err)
	}
	e, err = c.Get(keyN(2), func() ([]byte, error) { return nil, nil })
	if err != nil || !e.Empty() || gzipOf(t, e) != nil {
		t.Fatalf("empty entry %+v, %v", e, err)
	}
}

func TestCacheSingleFlight(t *testing.T) {
	c := tiles.NewCache(1 << 20)
	k := keyN(1)
	var renders atomic.Int32
	release := make(chan struct{})
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e, err := c.Get(k, func() ([]byte, error) {
				renders.Add(1)
				<-release
				return []byte("x"), nil
			})
			if err != nil || string(e.Raw) != "x" {
				t.Errorf("Get = %v, %v", e, err)
			}
		}()
	}
	// Let the goroutines pile up on the one flight, then finish it.
	for c.Stats().Misses == 0 {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(20 * time.Millisecond)
	close(release)
	wg.Wait()
	if n := renders.Load(); n != 1 {
		t.Errorf("%d renders for 16 concurrent misses, want 1", n)
	}
}

func TestCacheErrorsAreNotCached(t *testing.T) {
	c := tiles.NewCache(1 << 20)
	boom := errors.New("boom")
	if _, err := c.Get(keyN(1), func() ([]byte, error) { return nil, boom }); !errors.Is(err, boom) {
		t.Fatalf("error %v, want boom", err)
	}
	if _, err := c.Get(keyN(1), func() ([]byte, error) { panic("bad") }); err == nil {
		t.Fatal("a panicking render must become an error")
	}
	e, err := c.Get(keyN(1), func() ([]byte, error) { return []byte("ok"), nil })
	if err != nil || string(e.Raw) != "ok" {
		t.Fatalf("after errors: %v, %v", e, err)
	}
}

// The key changes with an edit to any layer of the tileset and with the
// validity epoch, and with nothing else.
func TestKeyTracksRevisionsAndEpochs(t *testing.T) {
	zone := func(layer, id string, rev int64, from time.Time) *geo.Zone {
		return &geo.Zone{Layer: layer, ID: id, Version: 1, Kind: geo.KindCustom, Status: geo.StatusPublished,
			Revision: rev, Validity: geo.Validity{From: from}, Geometry: orb.Point{111.5, 36.1}}
	}
	ix := index.New()
	ix.Apply(zone("a", "1", 1, time.Time{}), zone("b", "1", 2, from2020))
	tile := maptile.At(orb.Point{111.5, 36.1}, 10)
	tsA := tiles.Tileset{Name: "a", Layers: []geo.Layer{{ID: "a"}}}
	tsAB := tiles.Tileset{Name: "ab", Layers: []geo.Layer{{ID: "a"}, {ID: "b"}}}
	key := func(ts tiles.Tileset, at time.Time) tiles.Key {
		return tiles.NewKey(ix.Snapshot(), ts, tile, at, tiles.Options{})
	}
	a0, ab0 := key(tsA, at2020), key(tsAB, at2020)
	if key(tsAB, at2020.Add(time.Hour)) != ab0 {
		t.Error("two times in one epoch must share the key")
	}
	if key(tsAB, from2020.Add(-time.Second)) == ab0 {
		t.Error("times on either side of a validity boundary must differ")
	}
	if tiles.NewKey(ix.Snapshot(), tsAB, tile, at2020, tiles.Options{SimplifyPx: 2}) == ab0 {
		t.Error("other rendering options must change the key")
	}
	ix.Apply(zone("b", "2", 3, time.Time{})) // an edit to layer b
	if key(tsA, at2020) != a0 {
		t.Error("an edit to layer b changed the key of a tileset without b")
	}
	if key(tsAB, at2020) == ab0 {
		t.Error("an edit to layer b left the key of a tileset with b unchanged")
	}
	if a0.ETag(false) == a0.ETag(true) || a0.ETag(false) == ab0.ETag(false) || a0.ETag(false)[0] != '"' {
		t.Errorf("etags %s %s %s", a0.ETag(false), a0.ETag(true), ab0.ETag(false))
	}
}

// gzipOf is e's gzip encoding, checked to decode to e.Raw.
func gzipOf(t *testing.T, e *tiles.Entry) []byte {
	t.Helper()
	gz, err := e.Gzip()
	if err != nil {
		t.Fatal(err)
	}
	if gz == nil {
		return nil
	}
	r, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(r)
	if err != nil || !bytes.Equal(raw, e.Raw) {
		t.Fatalf("gzip decodes to %q (%v), raw is %q", raw, err, e.Raw)
	}
	return gz
}

// A cache that keeps nothing still answers both representations: gzip on
// demand, the same bytes for every caller of one shared entry.
func TestCacheWithoutBoundGzipsOnDemand(t *testing.T) {
	t.Parallel()
	c := tiles.NewCache(-1)
	e, err := c.Get(keyN(1), func() ([]byte, error) { return bytes.Repeat([]byte("tile bytes "), 50), nil })
	if err != nil || e.Empty() {
		t.Fatalf("entry %+v, %v", e, err)
	}
	var wg sync.WaitGroup
	gzs := make([][]byte, 8)
	for i := range gzs {
		wg.Add(1)
		go func() { defer wg.Done(); gzs[i], _ = e.Gzip() }()
	}
	wg.Wait()
	first := gzipOf(t, e)
	for i, gz := range gzs {
		if &gz[0] != &first[0] {
			t.Errorf("caller %d got its own compression", i)
		}
	}
	if st := c.Stats(); st.Entries != 0 || st.Bytes != 0 {
		t.Errorf("stats %+v, want nothing kept", st)
	}
}
