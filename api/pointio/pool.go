package pointio

import (
	"sync"

	"github.com/zonegate/zonegate/geo/index"
)

// Scratch is the scratch memory of bulk requests and answers, shared by all the
// requests of one server so that a server answering batch after batch or
// chunk after chunk neither allocates (and zeroes, and collects) its
// lookups, zone encodings and answer buffers each time (at 100,000 points
// on the heavy benchmark set that was 70 MB a batch), nor keeps them per
// open stream while the stream idles. sync.Pool lets go of what stays
// unused across two collections. The zero value is ready to use; a
// Scratch must not be copied after first use.
type Scratch struct {
	lookups  sync.Pool // *Lookup
	encoders sync.Pool // *encoder
	pieces   sync.Pool // *[]byte of capacity pieceCap
	bodies   sync.Pool // *[]byte: batch request bodies
	points   sync.Pool // *[]orb.Point: decoded batch points
}

// Bounds of what goes back into the pools: an encoder caches at most
// fragCap zone encodings and keeps an answer buffer of at most keepOut
// bytes.
const (
	fragCap = 1 << 16
	keepOut = 4 << 20
)

// encoder is one core's share of an answer: its zone encodings, valid for
// the zones of snap, and its answer buffer.
type encoder struct {
	snap  *index.Snapshot
	frags fragments
	out   []byte
}

// getEncoder returns a pooled encoder for the zones of snap, with an empty
// buffer. Its zone encodings carry over when the snapshot is the same, and
// are dropped when it is not, so a pooled encoder never keeps zones alive
// that the index has let go of (a snapshot holds its zones anyway).
func (s *Scratch) getEncoder(snap *index.Snapshot) *encoder {
	e, _ := s.encoders.Get().(*encoder)
	if e == nil {
		e = &encoder{frags: fragments{max: fragCap}}
	}
	if e.snap != snap {
		e.snap = snap
		e.frags.reset()
	}
	e.out = e.out[:0]
	return e
}

// putEncoder hands e back, without its buffer when one answer grew it past
// keepOut bytes.
func (s *Scratch) putEncoder(e *encoder) {
	if cap(e.out) > keepOut {
		e.out = nil
	}
	s.encoders.Put(e)
}

// getLookup returns a pooled Lookup.
func (s *Scratch) getLookup() *Lookup {
	if l, ok := s.lookups.Get().(*Lookup); ok {
		return l
	}
	return new(Lookup)
}
