// Package broadcast wakes every waiter at once: the live tracker uses it to
// wake event streams after a commit, the webhook dispatcher to wake its
// delivery loop.
package broadcast

import "sync"

// Signal is a broadcast wake-up: Wait returns a channel that the next Fire
// closes. Use New to make one.
type Signal struct {
	mu sync.Mutex
	ch chan struct{}
}

// New returns a Signal with nobody woken yet.
func New() *Signal { return &Signal{ch: make(chan struct{})} }

// Wait returns the channel the next Fire closes.
func (s *Signal) Wait() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ch
}

// Fire wakes every waiter.
func (s *Signal) Fire() {
	s.mu.Lock()
	close(s.ch)
	s.ch = make(chan struct{})
	s.mu.Unlock()
}
