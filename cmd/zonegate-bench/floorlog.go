package main

import (
	"fmt"
	"os"
	"sync"
	"syscall"
)

// groupLog is the floor's durable check log: an append-only file where
// every record is one line, on disk (written and fdatasync'd) before
// append returns. Concurrent appends share one write and one fdatasync
// (group commit, leader/follower): a record joins the open batch; when no
// sync is running, its caller becomes the leader, takes the batch, writes
// and syncs it outside the lock and wakes the followers, and a follower
// whose batch is not yet synced waits for the leader (or leads the next
// batch). One connection's checks sync alone, in the request's own
// goroutine, with no hand-off to a writer goroutine: the least a durable
// log can cost per check.
type groupLog struct {
	f *os.File

	mu      sync.Mutex
	cond    *sync.Cond
	open    []byte // the lines of the open batch
	spare   []byte // the last synced batch's buffer, reused
	next    uint64 // number of the open batch
	synced  uint64 // number of the last batch written and synced
	syncing bool   // a leader is writing and syncing a batch
	err     error  // the first failed write or sync: every later append fails

	records, syncs int // appended and synced; fdatasync calls
}

// openGroupLog opens (creating or appending to) the log at path.
func openGroupLog(path string) (*groupLog, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("floor: check log: %w", err)
	}
	l := &groupLog{f: f, next: 1}
	l.cond = sync.NewCond(&l.mu)
	return l, nil
}

// append adds line (which must end in '\n') to the log and returns once it
// is written and synced, or the write or sync failed.
func (l *groupLog) append(line []byte) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.err != nil {
		return l.err
	}
	l.open = append(l.open, line...)
	mine := l.next
	for l.synced < mine && l.err == nil {
		if l.syncing {
			l.cond.Wait()
			continue
		}
		// Lead: take the open batch, write and sync it unlocked.
		batch, n := l.open, l.next
		l.open, l.spare = l.spare[:0], nil
		l.next++
		l.syncing = true
		l.mu.Unlock()
		_, err := l.f.Write(batch)
		if err == nil {
			err = fdatasync(l.f)
		}
		l.mu.Lock()
		l.syncing, l.spare = false, batch[:0]
		l.syncs++
		if err != nil {
			l.err = fmt.Errorf("floor: check log: %w", err)
		} else {
			l.synced = n
		}
		l.cond.Broadcast()
	}
	if l.err != nil {
		return l.err
	}
	l.records++
	return nil
}

// stats returns the records appended and the fdatasync calls so far.
func (l *groupLog) stats() (records, syncs int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.records, l.syncs
}

// Close closes the file.
func (l *groupLog) Close() error { return l.f.Close() }

// fdatasync flushes f's data (and the metadata needed to read it back,
// such as its size) to the disk.
func fdatasync(f *os.File) error {
	for {
		err := syscall.Fdatasync(int(f.Fd()))
		if err != syscall.EINTR {
			return err
		}
	}
}
