package api

import (
	"sync"
	"testing"
)

// TestCheckStateRelease: a released check state keeps its buffers, emptied,
// and nothing else (no record or answer of the check before), except an
// encode buffer past maxReusedCheckBuf, which it drops so that a check
// with a long route does not pin its buffer in the pool.
func TestCheckStateRelease(t *testing.T) {
	var pool sync.Pool
	for _, size := range []int{1 << 10, maxReusedCheckBuf, maxReusedCheckBuf + 1} {
		cs := &checkState{buf: make([]byte, 100, size), nums: make([]float64, 3, 8)}
		cs.req.Plate, cs.resp.RequestID, cs.codes[0] = "晋L·12345", "id-1", "COAL_BAN_ZONE"
		cs.release(&pool)
		if cs.req.Plate != "" || cs.resp.RequestID != "" || cs.codes[0] != "" {
			t.Fatalf("size %d: released state keeps the check's values: %+v", size, cs.req)
		}
		if len(cs.nums) != 0 || cap(cs.nums) != 8 {
			t.Fatalf("size %d: nums len %d cap %d, want 0 and 8", size, len(cs.nums), cap(cs.nums))
		}
		if keep := size <= maxReusedCheckBuf; keep && (len(cs.buf) != 0 || cap(cs.buf) != size) || !keep && cs.buf != nil {
			t.Fatalf("size %d: buf len %d cap %d after release", size, len(cs.buf), cap(cs.buf))
		}
	}
}
