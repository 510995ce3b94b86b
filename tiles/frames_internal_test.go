package tiles

import (
	"runtime"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/index"
)

// A frame a rendering used is found by the next rendering on any
// goroutine, also after GCs; a frame past maxKeptFrame is not kept, nor
// more idle frames than the list holds.
func TestFrameList(t *testing.T) {
	ix := index.New()
	ring := orb.Ring{{111, 36}, {112, 36}, {112, 37}, {111, 37}, {111, 36}}
	ix.Apply(&geo.Zone{Layer: "l", ID: "a", Version: 1, Kind: geo.KindCustom, Status: geo.StatusPublished, Geometry: orb.Polygon{ring}})
	ts := Tileset{Name: "t", Layers: []geo.Layer{{ID: "l", Kind: geo.KindCustom}}}
	tile := maptile.At(orb.Point{111.5, 36.5}, 8)
	r := NewRenderer(Options{})
	encode := func() {
		done := make(chan struct{})
		go func() { // a goroutine of its own, maybe on another P
			defer close(done)
			if _, err := r.Encode(ix.Snapshot(), ts, tile, time.Time{}); err != nil {
				t.Error(err)
			}
		}()
		<-done
	}
	encode()
	if len(r.frames) != 1 {
		t.Fatalf("%d idle frames after a rendering, want 1", len(r.frames))
	}
	f := <-r.frames
	if len(f.zones) != 0 || f.tile == nil {
		t.Fatalf("idle frame: %d zones held, tile writer %v; want none held, a writer kept", len(f.zones), f.tile != nil)
	}
	r.frames <- f
	runtime.GC()
	runtime.GC()
	encode()
	if g := <-r.frames; g != f {
		t.Fatal("the next rendering did not reuse the idle frame")
	}
	big := &frame{}
	big.arena = make([]orb.Point, 0, maxKeptFrame/16+1)
	r.frames.put(big)
	if len(r.frames) != 0 {
		t.Fatal("a frame past maxKeptFrame was kept")
	}
	for range cap(r.frames) + 1 {
		r.frames.put(&frame{})
	}
	if want := min(runtime.GOMAXPROCS(0), maxIdleFrames); len(r.frames) != cap(r.frames) || cap(r.frames) != want {
		t.Fatalf("%d idle frames kept of %d put; want %d", len(r.frames), cap(r.frames)+1, want)
	}
	var none frameList // tiles.Encode's: keeps nothing
	none.put(&frame{})
	if none.get() == nil {
		t.Fatal("a nil list gave no frame")
	}
}
