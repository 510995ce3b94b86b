package limit

import (
	"sync"
	"time"
)

// Why lazy deadlines: with http.Server's timeouts set (as `zonegate
// serve` sets them), net/http moves a keep-alive connection's read
// deadline four times per request and its write deadline twice, each a
// timer added, moved or deleted in the runtime, whether or not any read
// or write happens under it: an eighth of a point lookup's server CPU on
// the transport floor given the same timeouts. Most of those deadlines
// are replaced before any I/O they would bound.
//
// deadlines keeps the deadlines net/http asks for and hands one to the
// connection only when it can matter: before a read (write) starts, if
// it differs from the one the connection has, and at once while a read
// (write) is in progress. Every read and write therefore runs under the
// latest deadline asked for, as with the connection's own deadlines (a
// deadline already past fails the next operation; one set during a
// blocked read wakes it), with a third of the timer work.
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

// ask records t and hands it on at once (with apply) while an operation
// is in progress.
func (ds *deadlines) ask(d *deadline, t time.Time, apply func(time.Time) error) error {
	ds.mu.Lock()
	defer ds.mu.Unlock()
	d.want = t
	if d.busy == 0 || d.set.Equal(t) {
		return nil
	}
	d.set = t
	return apply(t)
}

// begin marks an operation in progress and hands the deadline on if it
// changed since it was last handed on.
func (ds *deadlines) begin(d *deadline, apply func(time.Time) error) error {
	ds.mu.Lock()
	defer ds.mu.Unlock()
	if !d.set.Equal(d.want) {
		if err := apply(d.want); err != nil {
			return err
		}
		d.set = d.want
	}
	d.busy++
	return nil
}

// end marks the operation begin started as over.
func (ds *deadlines) end(d *deadline) {
	ds.mu.Lock()
	d.busy--
	ds.mu.Unlock()
}
