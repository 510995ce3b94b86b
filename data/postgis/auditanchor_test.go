package postgis_test

import (
	"sync"
	"testing"

	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/postgis"
	"github.com/zonegate/zonegate/data/postgis/postgistest"
	"github.com/zonegate/zonegate/data/storetest"
)

func TestAuditAnchoring(t *testing.T) {
	postgistest.DSN(t)
	var mu sync.Mutex
	dsns := map[string]string{} // test name → its schema's DSN
	dsn := func(t *testing.T) string {
		mu.Lock()
		defer mu.Unlock()
		d, ok := dsns[t.Name()]
		if !ok {
			d, _ = postgistest.Schema(t)
			dsns[t.Name()] = d
		}
		return d
	}
	storetest.RunAuditAnchoring(t, storetest.AuditBackend{
		Open: func(t *testing.T, key []byte) (data.Store, error) {
			return postgis.Open(t.Context(), dsn(t), postgis.Options{Logger: quiet, AuditKey: key})
		},
		Exec: func(t *testing.T, stmts ...string) {
			d := dsn(t)
			postgistest.Exec(t, d, `ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`)
			for _, q := range stmts {
				postgistest.Exec(t, d, q)
			}
		},
	})
}
