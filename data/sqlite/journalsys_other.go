//go:build !unix

package sqlite

import "os"

// lockJournal never takes the journal where flock is missing: the Store
// logs inspections straight to SQLite.
func lockJournal(*os.File) (bool, error) { return false, nil }
