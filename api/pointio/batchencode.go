package pointio

import (
	"net"
	"runtime"
	"sync"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo/index"
)

// batchChunk is the smallest share of a batch worth a goroutine;
// batchPiece the size from which an answer piece is closed and the next
// begun.
const (
	batchChunk = 2048
	batchPiece = 256 << 10
)

const pieceCap = batchPiece + batchPiece/8

// BatchAnswer is an encoded batch answer: Buffers, written in order, are
// the body. Release it once written.
type BatchAnswer struct {
	Buffers net.Buffers
	pieces  []*[]byte
	scratch *Scratch
}

// Size returns the body's length in bytes.
func (a *BatchAnswer) Size() int {
	n := 0
	for _, b := range a.Buffers {
		n += len(b)
	}
	return n
}

// Release hands the answer's memory back for the next batch; the answer
// must not be used afterwards.
func (a *BatchAnswer) Release() {
	for _, p := range a.pieces {
		if cap(*p) <= 2*pieceCap { // not one that a huge answer grew
			*p = (*p)[:0]
			a.scratch.pieces.Put(p)
		}
	}
	a.Buffers, a.pieces = nil, nil
}

// EncodeBatch looks up every point in snap and encodes the batch answer
// {"results":[{"zones":[{"layer":..,"id":..},...]},...]} in input order,
// splitting the work across all cores. The answer comes as consecutive
// pieces of about batchPiece bytes each, so it is neither copied into one
// buffer nor grown by doubling: at 100,000 points on the heavy benchmark
// set it is 29 MB.
func (s *Scratch) EncodeBatch(snap *index.Snapshot, pts []orb.Point, q index.Query) *BatchAnswer {
	l := s.getLookup()
	defer s.lookups.Put(l)
	l.Run(snap, pts, q, batchChunk)
	workers := max(1, min(runtime.GOMAXPROCS(0), len(pts)/batchChunk))
	parts := make([][]*[]byte, workers)
	per := (len(pts) + workers - 1) / workers
	var wg sync.WaitGroup
	for wi := range workers {
		lo, hi := min(wi*per, len(pts)), min((wi+1)*per, len(pts))
		wg.Go(func() {
			e := s.getEncoder(snap)
			parts[wi] = s.encodeResults(l, lo, hi, &e.frags)
			s.putEncoder(e)
		})
	}
	wg.Wait()
	a := &BatchAnswer{Buffers: net.Buffers{[]byte(`{"results":[`)}, scratch: s}
	for i, part := range parts {
		if i > 0 && len(part) > 0 {
			a.Buffers = append(a.Buffers, []byte{','})
		}
		for _, p := range part {
			a.Buffers = append(a.Buffers, *p)
		}
		a.pieces = append(a.pieces, part...)
	}
	a.Buffers = append(a.Buffers, []byte("]}\n"))
	return a
}

// encodeResults encodes the answers of points lo..hi-1 of l,
// comma-separated, in pieces of about batchPiece bytes, with the zone
// encodings of f.
func (s *Scratch) encodeResults(l *Lookup, lo, hi int, f *fragments) []*[]byte {
	var pieces []*[]byte
	var buf []byte
	for i := lo; i < hi; i++ {
		if buf == nil || len(buf) >= batchPiece {
			if buf != nil {
				*pieces[len(pieces)-1] = buf
			}
			p, _ := s.pieces.Get().(*[]byte)
			if p == nil {
				b := make([]byte, 0, pieceCap)
				p = &b
			}
			pieces, buf = append(pieces, p), *p
		}
		if i > lo {
			buf = append(buf, ',')
		}
		buf = f.appendAnswer(buf, l.At(i))
	}
	if buf != nil {
		*pieces[len(pieces)-1] = buf
	}
	return pieces
}
