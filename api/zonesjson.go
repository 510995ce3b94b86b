package api

import "sync"

// jsonContentType is the Content-Type of the JSON answers written by hand,
// shared: handlers replace a header's slice, never write into it.
var jsonContentType = []string{"application/json; charset=utf-8"}

// answerBuffers reuses the buffers of answers written by hand.
type answerBuffers struct{ pool sync.Pool }

// maxKeptAnswer bounds the buffers kept for reuse.
const maxKeptAnswer = 64 << 10

func (a *answerBuffers) get() *[]byte {
	if b, ok := a.pool.Get().(*[]byte); ok {
		return b
	}
	b := make([]byte, 0, 1024)
	return &b
}

func (a *answerBuffers) put(b *[]byte) {
	if cap(*b) <= maxKeptAnswer {
		a.pool.Put(b)
	}
}
