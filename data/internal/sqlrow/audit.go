package sqlrow

import (
	"time"

	"github.com/zonegate/zonegate/data"
)

// AuditOf prepares the one audit entry e (data.PrepareAudit), passing on
// err from building it, so a store writes
// AuditOf(data.TokenAudit(…)).
func AuditOf(e *data.AuditEntry, err error) ([]data.AuditEntry, error) {
	if err != nil {
		return nil, err
	}
	return data.PrepareAudit([]*data.AuditEntry{e})
}

// RevokeTime is the revoked_at a store writes for a revocation asked at
// at (the zero time: now), in UTC at the microsecond precision both stores
// keep.
func RevokeTime(at, now time.Time) time.Time {
	if at.IsZero() {
		at = now
	}
	return at.UTC().Truncate(time.Microsecond)
}
