package data

import (
	"context"
	"sync"
)

// Hub broadcasts store revisions to Subscribe channels. Every backend uses
// it to implement Store.Subscribe: each channel has room for one value and
// always holds the newest revision not yet received, so deliveries coalesce
// and never block a writer. The zero value is not usable; call NewHub.
type Hub struct {
	mu     sync.Mutex
	subs   map[chan int64]struct{}
	last   int64
	closed bool
	done   chan struct{}
}

// NewHub returns an open hub.
func NewHub() *Hub {
	return &Hub{subs: map[chan int64]struct{}{}, done: make(chan struct{})}
}

// Subscribe returns a channel that receives revisions until ctx ends or the
// hub is closed, when it is closed. After Close it returns a closed channel.
func (h *Hub) Subscribe(ctx context.Context) <-chan int64 {
	ch := make(chan int64, 1)
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed || ctx.Err() != nil {
		close(ch)
		return ch
	}
	h.subs[ch] = struct{}{}
	go func() {
		select {
		case <-ctx.Done():
		case <-h.done:
		}
		h.mu.Lock()
		defer h.mu.Unlock()
		if _, ok := h.subs[ch]; ok {
			delete(h.subs, ch)
			close(ch)
		}
	}()
	return ch
}

// Publish offers rev to every subscriber, replacing an unread older value.
// A revision not above the last published one is dropped, unless force is
// set: then the newest revision known is sent again, which tells receivers
// to re-read the change feed (a backend does this after it may have missed
// notifications, e.g. on reconnecting to its database).
func (h *Hub) Publish(rev int64, force bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if rev <= h.last && !force {
		return
	}
	h.last = max(h.last, rev)
	rev = h.last
	for ch := range h.subs {
		select {
		case ch <- rev:
			continue
		default:
		}
		select { // full: drop the stale value, then there is room
		case <-ch:
		default:
		}
		select {
		case ch <- rev:
		default:
		}
	}
}

// Close closes every subscription; later subscriptions start closed. It is
// safe to call more than once.
func (h *Hub) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return
	}
	h.closed = true
	close(h.done)
	for ch := range h.subs {
		delete(h.subs, ch)
		close(ch)
	}
}
