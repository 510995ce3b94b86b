package api

import (
	"fmt"
	"net/http"
	"sync"
	"time"
)

// Default caps on event streams (GET /v1/events as text/event-stream).
// DefaultMaxStreams stays well below the default connection cap of `serve`
// (--max-conns 4096), so health checks find a connection when every
// stream slot is taken.
const (
	DefaultMaxStreams         = 1000
	DefaultMaxStreamsPerToken = 10
	streamRetryAfter          = 5 * time.Second
)

// streamLimiter counts open event streams in total and per caller (token,
// or address without one).
type streamLimiter struct {
	max, perCaller int
	mu             sync.Mutex
	total          int
	byCaller       map[string]int
}

func newStreamLimiter(max, perCaller int) *streamLimiter {
	return &streamLimiter{max: orDefault(max, DefaultMaxStreams), perCaller: orDefault(perCaller, DefaultMaxStreamsPerToken),
		byCaller: make(map[string]int)}
}

// acquire takes a stream slot for key and returns its release, or an
// error in the error shape: 503 when every slot of the server is taken,
// 429 when the caller already has its share; both with Retry-After.
func (l *streamLimiter) acquire(key string) (func(), *Error, string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case l.total >= l.max:
		return nil, &Error{Status: http.StatusServiceUnavailable, Code: "too_many_streams", RetryAfter: streamRetryAfter,
			Message: fmt.Sprintf("the server has %d event streams open, its limit; try again later", l.max)}, "streams_total"
	case l.byCaller[key] >= l.perCaller:
		return nil, &Error{Status: http.StatusTooManyRequests, Code: "too_many_streams", RetryAfter: streamRetryAfter,
			Message: fmt.Sprintf("this caller has %d event streams open, its limit; close one first", l.perCaller)}, "streams_per_token"
	}
	l.total++
	l.byCaller[key]++
	var once sync.Once
	return func() {
		once.Do(func() {
			l.mu.Lock()
			defer l.mu.Unlock()
			l.total--
			if l.byCaller[key]--; l.byCaller[key] <= 0 {
				delete(l.byCaller, key)
			}
		})
	}, nil, ""
}

// open returns the number of open streams.
func (l *streamLimiter) open() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.total
}
