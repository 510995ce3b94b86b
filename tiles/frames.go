package tiles

import (
	"runtime"
	"unsafe"

	"github.com/paulmach/orb"
)

// maxKeptFrame is the most bytes of scratch an idle frame may hold and
// still be kept: one rendering of an extreme tile does not pin its
// buffers for the life of the server. (A heavy-set z8 tile of 1.1 MB
// leaves about 3 MB.)
const maxKeptFrame = 16 << 20

// maxIdleFrames bounds the idle frames kept on a machine of many cores:
// with maxKeptFrame, at most 256 MB stays held.
const maxIdleFrames = 16

// frameList holds idle frames, whose scratch buffers the next renderings
// reuse, at most one per P and maxIdleFrames. A channel rather than a
// sync.Pool: a pool hands a frame back only on the P that put it (other
// Ps start cold, so the first large tile on each core paid for growing
// its buffers again) and drops it at every other GC. A nil list keeps
// nothing.
type frameList chan *frame

func newFrameList() frameList { return make(frameList, min(runtime.GOMAXPROCS(0), maxIdleFrames)) }

// get returns an idle frame, or a new one.
func (l frameList) get() *frame {
	select {
	case f := <-l:
		return f
	default:
		return &frame{}
	}
}

// put keeps f for a later rendering, unless the list is full or f holds
// more than maxKeptFrame bytes. f must hold no zones.
func (l frameList) put(f *frame) {
	if f.retained() > maxKeptFrame {
		return
	}
	select {
	case l <- f:
	default:
	}
}

// retained is about the bytes f's reusable buffers hold.
func (f *frame) retained() int {
	const pt = int(unsafe.Sizeof(orb.Point{}))
	n := pt * (cap(f.arena) + cap(f.scratchA) + cap(f.scratchB) + cap(f.scratchC) + cap(f.scratchP))
	n += cap(f.dp.keep) + 8*cap(f.dp.stack) + cap(f.geom.buf) + int(unsafe.Sizeof(zoneData{}))*cap(f.zones)
	if w := f.tile; w != nil {
		n += cap(w.out) + cap(w.tags) + cap(w.values)
		for _, b := range w.layer.blocks {
			n += cap(b)
		}
	}
	return n
}
