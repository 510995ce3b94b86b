package readahead

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"
)

// trickleReader returns its data in reads of random small sizes, then err.
type trickleReader struct {
	data []byte
	rng  *rand.Rand
	err  error
}

func (r *trickleReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, r.err
	}
	n := min(len(p), len(r.data), 1+r.rng.IntN(3*BlockSize/2))
	n = copy(p, r.data[:n])
	r.data = r.data[n:]
	return n, nil
}

// TestReaderPassesBytesAndError: whatever the read sizes on either
// side, the bytes come through in order, followed by the body's own
// error.
func TestReaderPassesBytesAndError(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(7, 8))
	data := make([]byte, 3*Blocks*BlockSize+12345)
	for i := range data {
		data[i] = byte(rng.IntN(256))
	}
	failed := errors.New("connection reset")
	for _, bodyErr := range []error{io.EOF, failed} {
		// The body is read on the read-ahead goroutine: it has a generator
		// of its own (sharing rng with this goroutine is a data race).
		p := New(&trickleReader{data: data, rng: rand.New(rand.NewPCG(9, rng.Uint64())), err: bodyErr})
		var got bytes.Buffer
		buf := make([]byte, 70_000)
		var err error
		for err == nil {
			var n int
			n, err = p.Read(buf[:1+rng.IntN(len(buf))])
			got.Write(buf[:n])
		}
		p.Close()
		if err != bodyErr || !bytes.Equal(got.Bytes(), data) {
			t.Fatalf("read %d of %d bytes, error %v (want %v)", got.Len(), len(data), err, bodyErr)
		}
		if p.Ready() {
			t.Fatal("Ready after the end")
		}
	}
}

// TestReaderReadyAndClose: Ready turns true once read-ahead bytes
// wait, the read-ahead stops at its block limit while nobody reads, and
// Close ends its goroutine.
func TestReaderReadyAndClose(t *testing.T) {
	before := runtime.NumGoroutine()
	pr, pw := io.Pipe()
	p := New(pr)
	if p.Ready() {
		t.Fatal("Ready before any input")
	}
	go func() { _, _ = pw.Write(make([]byte, 10)) }()
	deadline := time.Now().Add(10 * time.Second)
	for !p.Ready() {
		if time.Now().After(deadline) {
			t.Fatal("never Ready after input arrived")
		}
		time.Sleep(time.Millisecond)
	}
	// An endless body: the read-ahead fills its blocks and waits.
	go func() {
		chunk := make([]byte, BlockSize)
		for {
			if _, err := pw.Write(chunk); err != nil {
				return
			}
		}
	}()
	for p.queued.Load() < Blocks-1 {
		if time.Now().After(deadline) {
			t.Fatalf("%d blocks queued", p.queued.Load())
		}
		time.Sleep(time.Millisecond)
	}
	time.Sleep(20 * time.Millisecond)
	if q := p.queued.Load(); q > Blocks {
		t.Fatalf("%d blocks queued, at most %d exist", q, Blocks)
	}
	p.Close()
	pw.CloseWithError(io.ErrClosedPipe) // the server ends the body when the handler returns
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			t.Fatalf("%d goroutines, %d before", runtime.NumGoroutine(), before)
		}
		time.Sleep(time.Millisecond)
	}
}
