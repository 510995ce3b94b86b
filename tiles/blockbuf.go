package tiles

// blockSize is the size of a blockBuf's blocks (larger for a bigger
// single append).
const blockSize = 64 << 10

// blockBuf is a byte buffer kept as a list of blocks, so that it grows
// without copying what it holds. A tile writer builds a layer's features
// in one: a low-zoom tile over large polygons is a layer of a megabyte or
// more, which a single slice grown by append would copy and allocate
// about five times over on the first such tile a kept writer draws
// (the first tile after a start), and twice with doubling. Blocks are
// kept across reset for the next layer.
type blockBuf struct {
	blocks [][]byte // blocks[:cur+1] hold the bytes; later ones are empty, kept for reuse
	cur    int
	size   int // bytes held
}

// tail returns the block being filled, with room for n more bytes. The
// caller appends at most n bytes to it and hands it back with set.
func (b *blockBuf) tail(n int) []byte {
	if len(b.blocks) == 0 {
		b.blocks = append(b.blocks, make([]byte, 0, max(blockSize, n)))
	}
	for {
		t := b.blocks[b.cur]
		switch {
		case len(t)+n <= cap(t):
			return t
		case len(t) == 0: // a kept block too small for this append
			b.blocks[b.cur] = make([]byte, 0, max(blockSize, n))
			return b.blocks[b.cur]
		}
		b.cur++
		if b.cur == len(b.blocks) {
			b.blocks = append(b.blocks, make([]byte, 0, max(blockSize, n)))
		}
	}
}

// set stores t, the block tail returned with bytes appended, back.
func (b *blockBuf) set(t []byte) {
	b.size += len(t) - len(b.blocks[b.cur])
	b.blocks[b.cur] = t
}

// len returns the bytes held.
func (b *blockBuf) len() int { return b.size }

// appendTo appends the bytes held to o.
func (b *blockBuf) appendTo(o []byte) []byte {
	for _, t := range b.blocks[:min(b.cur+1, len(b.blocks))] {
		o = append(o, t...)
	}
	return o
}

// reset empties b, keeping its blocks.
func (b *blockBuf) reset() {
	for i := range b.blocks[:min(b.cur+1, len(b.blocks))] {
		b.blocks[i] = b.blocks[i][:0]
	}
	b.cur, b.size = 0, 0
}
