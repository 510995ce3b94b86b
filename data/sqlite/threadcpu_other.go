//go:build !linux

package sqlite

import "time"

// threadCPU reports false: the thread's CPU time is not read here.
func threadCPU() (time.Duration, bool) { return 0, false }
