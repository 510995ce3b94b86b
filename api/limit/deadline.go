package limit

import (
	"errors"
	"os"
	"sync"
	"time"
)

// Why lazy deadlines: with http.Server's timeouts set (as `zonegate
// serve` sets them), net/http moves a keep-alive connection's read
// deadline four times per request and its write deadline twice, each a
// timer added, moved or deleted in the runtime, whether or not any read
// or write happens under it: an eighth of a point lookup's server CPU on
// the transport floor given the same timeouts. Most of those deadlines
// are replaced before any I/O they would bound. Worse, a timer added or
// moved earlier wakes the runtime's network poller or another thread
// (runtime.wakeNetPoller): a scheduler round trip on the other core.
//
// deadlines keeps the deadlines net/http asks for and hands one to the
// connection only when it must: before a read (write) starts, or at once
// while one is in progress, unless the deadline the connection already
// has is still ahead and no later than the one asked for (a cleared
// deadline counts as infinitely late). An operation that times out under
// such an earlier deadline before the one asked for has passed is given
// the deadline asked for and goes on (Read, Write), so every read and
// write still ends under the latest deadline asked for, as with the
// connection's own deadlines (a deadline already past fails the next
// operation; one set during a blocked read wakes it). Per keep-alive
// request that leaves one timer added (the idle deadline after the
// background read's abort) instead of three timer changes, and the write
// deadline moves about once a WriteTimeout instead of every request.
type deadlines struct {
	mu          sync.Mutex
	read, write deadline
}

// deadline is one direction's deadline: asked for, and last handed to the
// connection.
type deadline struct {
	want, set time.Time
	busy      int // operations in progress
}

// holds reports whether the deadline handed on may stay for an operation
// under the one asked for: it is the same, or it is still ahead and no
// later (an operation that times out under it early is retried).
func (d *deadline) holds() bool {
	if d.set.Equal(d.want) {
		return true
	}
	if d.set.IsZero() || !d.want.IsZero() && d.set.After(d.want) {
		return false
	}
	return d.set.After(time.Now())
}

// ask records t and hands it on at once (with apply) while an operation
// is in progress and the deadline it runs under does not hold for t.
func (ds *deadlines) ask(d *deadline, t time.Time, apply func(time.Time) error) error {
	ds.mu.Lock()
	defer ds.mu.Unlock()
	d.want = t
	if d.busy == 0 || d.holds() {
		return nil
	}
	d.set = t
	return apply(t)
}

// begin marks an operation in progress and hands the deadline asked for
// on unless the one handed on holds for it.
func (ds *deadlines) begin(d *deadline, apply func(time.Time) error) error {
	ds.mu.Lock()
	defer ds.mu.Unlock()
	if !d.holds() {
		if err := apply(d.want); err != nil {
			return err
		}
		d.set = d.want
	}
	d.busy++
	return nil
}

// end marks the operation begin started as over, and reports whether its
// error is a timeout of a deadline earlier than the one asked for, which
// has not passed: then the operation goes on (begin hands on the deadline
// asked for, as the one handed on is past).
func (ds *deadlines) end(d *deadline, err error) (retry bool) {
	ds.mu.Lock()
	defer ds.mu.Unlock()
	d.busy--
	if err == nil || d.set.Equal(d.want) || !errors.Is(err, os.ErrDeadlineExceeded) {
		return false
	}
	return d.want.IsZero() || d.want.After(time.Now())
}
