package api

import (
	"io"
	"sync/atomic"
)

// prefetchReader reads a stream's request body ahead in its own goroutine,
// up to maxBlocks blocks of blockSize bytes, so the handler can tell
// whether more input has already arrived (Ready) without blocking. The
// handler then answers a chunk only when it has parsed everything that
// came in: a client sending in bulk gets large chunks, which on a large
// index are cheaper a point to look up, and a client that waits for each
// answer still gets it at once. Blocks are allocated as needed and reused;
// a stream that sends little holds one. Read is for one goroutine; Close
// stops the read-ahead (a Read in progress ends with the body).
type prefetchReader struct {
	filled chan []byte   // blocks read, in order; closed after the last
	free   chan []byte   // blocks consumed, for reuse
	done   chan struct{} // closed by Close
	queued atomic.Int64  // blocks in filled
	cur    []byte        // the rest of the block being consumed
	block  []byte        // that block, whole, to hand back
	err    error         // the body's final error, once filled is closed
}

// Read-ahead sizes: at most prefetchBlocks × prefetchBlock bytes (1 MB,
// ~47,000 lines of 22 bytes) wait beside the parse buffer.
const (
	prefetchBlock  = 64 << 10
	prefetchBlocks = 16
)

// newPrefetchReader starts reading body ahead.
func newPrefetchReader(body io.Reader) *prefetchReader {
	p := &prefetchReader{
		filled: make(chan []byte, prefetchBlocks),
		free:   make(chan []byte, prefetchBlocks),
		done:   make(chan struct{}),
	}
	go p.readAhead(body)
	return p
}

// readAhead fills blocks from body until it fails or ends, or Close.
func (p *prefetchReader) readAhead(body io.Reader) {
	defer close(p.filled)
	made := 0
	for {
		var b []byte
		select {
		case b = <-p.free:
		default:
			if made < prefetchBlocks {
				b, made = make([]byte, prefetchBlock), made+1
			} else {
				select {
				case b = <-p.free:
				case <-p.done:
					return
				}
			}
		}
		n, err := body.Read(b[:prefetchBlock])
		if n > 0 {
			p.queued.Add(1)
			p.filled <- b[:n] // never blocks: at most prefetchBlocks blocks exist
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
func (p *prefetchReader) Read(dst []byte) (int, error) {
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
func (p *prefetchReader) Ready() bool {
	return len(p.cur) > 0 || p.queued.Load() > 0
}

// Close stops the read-ahead once its current read of the body returns.
func (p *prefetchReader) Close() {
	close(p.done)
}
