package limit

import (
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/zonegate/zonegate/api/wire"
)

// Default caps on event streams (GET /v1/events as text/event-stream).
// DefaultMaxStreams stays well below DefaultMaxConns, so health checks
// find a connection when every stream slot is taken.
const (
	DefaultMaxStreams         = 1000
	DefaultMaxStreamsPerToken = 10
	streamRetryAfter          = 5 * time.Second
)

// Streams counts open event streams in total and per caller (token, or
// address without one).
type Streams struct {
	max, perCaller int
	mu             sync.Mutex
	total          int
	byCaller       map[string]int
}

// NewStreams allows max streams in total and perCaller per caller;
// values <= 0 take DefaultMaxStreams and DefaultMaxStreamsPerToken.
func NewStreams(max, perCaller int) *Streams {
	if max <= 0 {
		max = DefaultMaxStreams
	}
	if perCaller <= 0 {
		perCaller = DefaultMaxStreamsPerToken
	}
	return &Streams{max: max, perCaller: perCaller, byCaller: make(map[string]int)}
}

// Acquire takes a stream slot for key and returns its release, or an
// error in the error shape — 503 when every slot of the server is taken,
// 429 when the caller already has its share, both with Retry-After — and
// the name of the limit hit ("streams_total", "streams_per_token").
func (l *Streams) Acquire(key string) (func(), *wire.Error, string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case l.total >= l.max:
		return nil, &wire.Error{Status: http.StatusServiceUnavailable, Code: "too_many_streams", RetryAfter: streamRetryAfter,
			Message: fmt.Sprintf("the server has %d event streams open, its limit; try again later", l.max)}, "streams_total"
	case l.byCaller[key] >= l.perCaller:
		return nil, &wire.Error{Status: http.StatusTooManyRequests, Code: "too_many_streams", RetryAfter: streamRetryAfter,
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

// Open returns the number of open streams.
func (l *Streams) Open() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.total
}
