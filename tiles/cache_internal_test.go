package tiles

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"

	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/index"
)

// A cache that keeps entries compresses each as it renders it (its size
// counts the gzip bytes); one that keeps none leaves the compression to
// the first client that asks for gzip, so raw clients never pay for it.
func TestCacheCompressesWhenItKeeps(t *testing.T) {
	t.Parallel()
	render := func() ([]byte, error) { return []byte("tile bytes tile bytes"), nil }
	kept, err := NewCache(1<<20).Get(Key{s: "k"}, render)
	if err != nil || kept.gz == nil {
		t.Fatalf("kept entry: gzip %v, %v; want compressed at rendering", kept.gz, err)
	}
	c := NewCache(0)
	e, err := c.Get(Key{s: "k"}, render)
	if err != nil || e.gz != nil {
		t.Fatalf("unkept entry: gzip %v, %v; want none until asked", e.gz, err)
	}
	if gz, err := e.Gzip(); err != nil || len(gz) == 0 {
		t.Fatalf("Gzip() = %v, %v", gz, err)
	}
}

// keySource is a Source with fixed revisions and epoch.
type keySource struct {
	rev   map[string]int64
	epoch time.Time
}

func (keySource) Search(orb.Bound, index.Query, func(*geo.Zone) bool) {}
func (s keySource) LayerRevision(l string) int64                      { return s.rev[l] }
func (s keySource) Epoch(time.Time) time.Time                         { return s.epoch }

// Keys, and so the ETags clients hold, are the text they were when built
// with fmt, byte for byte: a faster NewKey must not make every cached
// tile in every browser stale.
func TestKeyTextUnchanged(t *testing.T) {
	t.Parallel()
	ts := Tileset{Name: "zones", Layers: []geo.Layer{{ID: "counties"}, {ID: "coal_ban"}}}
	for _, c := range []struct {
		src  keySource
		tile maptile.Tile
		o    Options
	}{
		{keySource{rev: map[string]int64{"counties": 7, "coal_ban": 12}}, maptile.New(3370, 1618, 12), Options{}},
		{keySource{rev: map[string]int64{"counties": -1}, epoch: time.Date(2026, 3, 1, 8, 0, 0, 500, time.FixedZone("", 8*3600))},
			maptile.New(0, 0, 0), Options{Extent: 512, Buffer: 1e6, SimplifyPx: 0.125, MinFeaturePx: 2.5e-7}},
	} {
		var old strings.Builder
		o := c.o.withDefaults()
		fmt.Fprintf(&old, "%s|%s|%d/%d/%d|%s|", encoderVersion, ts.Name, c.tile.Z, c.tile.X, c.tile.Y,
			fmt.Sprintf("e%d,b%g,s%g,m%g", o.Extent, o.Buffer, o.SimplifyPx, o.MinFeaturePx))
		for _, l := range ts.Layers {
			fmt.Fprintf(&old, "%s@%d,", l.ID, c.src.rev[l.ID])
		}
		old.WriteByte('|')
		if !c.src.epoch.IsZero() {
			old.WriteString(c.src.epoch.UTC().Format(time.RFC3339Nano))
		}
		k := NewKey(c.src, ts, c.tile, time.Time{}, c.o)
		if k.String() != old.String() {
			t.Errorf("key %q, was %q", k, old.String())
		}
		sum := sha256.Sum256([]byte(old.String()))
		if want := `"` + hex.EncodeToString(sum[:12]) + `-gz"`; k.ETag(true) != want {
			t.Errorf("ETag %s, was %s", k.ETag(true), want)
		}
		if (Key{s: k.s}).ETag(false) != k.ETag(false) {
			t.Errorf("a Key without its cached tag tags differently")
		}
	}
}

// An Entry made outside a cache still gzips (with a writer of its own).
func TestEntryWithoutCacheGzips(t *testing.T) {
	t.Parallel()
	e := &Entry{Raw: []byte("tile bytes tile bytes")}
	if gz, err := e.Gzip(); err != nil || len(gz) == 0 {
		t.Fatalf("Gzip() = %v, %v", gz, err)
	}
}
