// Package readahead reads a request body ahead in its own goroutine, so
// a handler answering input as it arrives can tell whether more has
// already come in (Reader.Ready) without blocking on the connection.
package readahead

import (
	"io"
	"sync/atomic"
)

// Reader reads a body ahead, up to Blocks blocks of BlockSize bytes, so
// its user can tell whether more input has already arrived (Ready) without
// blocking. The zone stream (POST /v1/zones/at/stream) answers a chunk of
// lines only when it has parsed everything that came in: a client sending
// in bulk gets large chunks, which on a large index are cheaper a point to
// look up, and a client that waits for each answer still gets it at once.
// Blocks are allocated as needed and reused; a body that sends little
// holds one. Read is for one goroutine; Close stops the read-ahead (a read
// of the body in progress ends with the body).
type Reader struct {
	filled chan []byte   // blocks read, in order; closed after the last
	free   chan []byte   // blocks consumed, for reuse
	done   chan struct{} // closed by Close
	queued atomic.Int64  // blocks in filled
	cur    []byte        // the rest of the block being consumed
	block  []byte        // that block, whole, to hand back
	err    error         // the body's final error, once filled is closed
}

// Read-ahead sizes: at most Blocks × BlockSize bytes (1 MB, ~47,000 lines
// of 22 bytes) wait to be read.
const (
	BlockSize = 64 << 10
	Blocks    = 16
)

// New starts reading body ahead.
func New(body io.Reader) *Reader {
	p := &Reader{
		filled: make(chan []byte, Blocks),
		free:   make(chan []byte, Blocks),
		done:   make(chan struct{}),
	}
	go p.readAhead(body)
	return p
}

// readAhead fills blocks from body until it fails or ends, or Close.
func (p *Reader) readAhead(body io.Reader) {
	defer close(p.filled)
	made := 0
	for {
		var b []byte
		select {
		case b = <-p.free:
		default:
			if made < Blocks {
				b, made = make([]byte, BlockSize), made+1
			} else {
				select {
				case b = <-p.free:
				case <-p.done:
					return
				}
			}
		}
		n, err := body.Read(b[:BlockSize])
		if n > 0 {
			p.queued.Add(1)
			p.filled <- b[:n] // never blocks: at most Blocks blocks exist
		} else {
			p.free <- b
		}
		if err != nil {
			p.err = err // read by Read after filled is closed
			return
		}
		select {
		case <-p.done:
			return
		default:
		}
	}
}

// Read returns read-ahead bytes, waiting for some when none are queued.
func (p *Reader) Read(dst []byte) (int, error) {
	if len(p.cur) == 0 {
		if p.block != nil {
			p.free <- p.block[:cap(p.block)]
			p.block = nil
		}
		b, ok := <-p.filled
		if !ok {
			return 0, p.err
		}
		p.queued.Add(-1)
		p.block, p.cur = b, b
	}
	n := copy(dst, p.cur)
	p.cur = p.cur[n:]
	return n, nil
}

// Ready reports whether bytes are waiting to be read.
func (p *Reader) Ready() bool {
	return len(p.cur) > 0 || p.queued.Load() > 0
}

// Close stops the read-ahead once its current read of the body returns.
func (p *Reader) Close() {
	close(p.done)
}
