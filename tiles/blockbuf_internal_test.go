package tiles

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// A blockBuf holds exactly the bytes appended, in order, across appends
// small and larger than a block, and again after reset (blocks reused).
func TestBlockBuf(t *testing.T) {
	rng := rand.New(rand.NewPCG(testSeed(t, 31), 7))
	var b blockBuf
	for round := range 3 {
		var want []byte
		for range 400 {
			n := rng.IntN(2000)
			if rng.IntN(50) == 0 {
				n = blockSize + rng.IntN(blockSize) // larger than a block
			}
			chunk := make([]byte, n)
			for i := range chunk {
				chunk[i] = byte(rng.Uint32())
			}
			tail := b.tail(n)
			before := cap(tail)
			tail = append(tail, chunk...)
			if cap(tail) != before {
				t.Fatalf("round %d: tail(%d) had no room: the block grew", round, n)
			}
			b.set(tail)
			want = append(want, chunk...)
		}
		if b.len() != len(want) {
			t.Fatalf("round %d: len %d, want %d", round, b.len(), len(want))
		}
		if got := b.appendTo([]byte("x")); !bytes.Equal(got[1:], want) || got[0] != 'x' {
			t.Fatalf("round %d: appendTo gave %d bytes differing from the %d appended", round, len(got)-1, len(want))
		}
		kept := len(b.blocks)
		b.reset()
		if b.len() != 0 || len(b.appendTo(nil)) != 0 || len(b.blocks) != kept {
			t.Fatalf("round %d: after reset len %d, %d blocks (had %d)", round, b.len(), len(b.blocks), kept)
		}
	}
}
