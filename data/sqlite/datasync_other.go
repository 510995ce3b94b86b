//go:build !linux

package sqlite

import "os"

// datasync flushes f to the disk (fsync; fdatasync where Linux has it).
func datasync(f *os.File) error { return f.Sync() }
