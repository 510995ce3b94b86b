package sqlite_test

import (
	"path/filepath"
	"sync"
	"testing"

	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/sqlite"
	"github.com/zonegate/zonegate/data/storetest"
)

func TestAuditAnchoring(t *testing.T) {
	var mu sync.Mutex
	paths := map[string]string{} // test name → its store file
	path := func(t *testing.T) string {
		mu.Lock()
		defer mu.Unlock()
		p, ok := paths[t.Name()]
		if !ok {
			p = filepath.Join(t.TempDir(), "zonegate.db")
			paths[t.Name()] = p
		}
		return p
	}
	storetest.RunAuditAnchoring(t, storetest.AuditBackend{
		Open: func(t *testing.T, key []byte) (data.Store, error) {
			return sqlite.Open(t.Context(), path(t), sqlite.Options{Logger: quiet, AuditKey: key})
		},
		Exec: func(t *testing.T, stmts ...string) {
			db := rawDB(t, path(t))
			for _, q := range append([]string{`DROP TRIGGER IF EXISTS audit_log_no_update`, `DROP TRIGGER IF EXISTS audit_log_no_delete`}, stmts...) {
				if _, err := db.Exec(q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
		},
	})
}
