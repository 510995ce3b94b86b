//go:build unix

package sqlite

import (
	"errors"
	"os"
	"syscall"
)

// lockJournal takes an exclusive, non-blocking flock on f. It reports
// false, nil when another open file description (another process, or
// another Store of the same file) holds it. The kernel releases the lock
// when f is closed or the process dies.
func lockJournal(f *os.File) (bool, error) {
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		switch {
		case err == nil:
			return true, nil
		case errors.Is(err, syscall.EWOULDBLOCK):
			return false, nil
		case errors.Is(err, syscall.EINTR):
			continue
		default:
			return false, err
		}
	}
}
