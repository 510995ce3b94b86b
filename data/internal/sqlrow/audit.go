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

// AuditHeadColumns are the audit_state columns ScanAuditHead reads.
const AuditHeadColumns = `seq, hash, key_id, keyed_from`

// ScanAuditHead reads the audit_state row selected with AuditHeadColumns.
func ScanAuditHead(r Scanner) (data.AuditHead, error) {
	var h data.AuditHead
	err := r.Scan(&h.Seq, &h.Hash, &h.KeyID, &h.KeyedFrom)
	return h, err
}

// AdvanceAuditHead is the statement that records head in audit_state;
// its arguments are AuditHeadArgs(head).
func (d Dialect) AdvanceAuditHead() string {
	return `UPDATE audit_state SET seq = ` + d.Placeholder(1) + `, hash = ` + d.Placeholder(2) +
		`, key_id = ` + d.Placeholder(3) + `, keyed_from = ` + d.Placeholder(4) + ` WHERE id = 1`
}

// AuditHeadArgs are the arguments of AdvanceAuditHead.
func AuditHeadArgs(h data.AuditHead) []any { return []any{h.Seq, h.Hash, h.KeyID, h.KeyedFrom} }

// Own returns the sealed entries a caller asked for: the last n of sealed
// (data.SealAudit may put the entry that keys the chain first).
func Own(sealed []data.AuditEntry, n int) []data.AuditEntry { return sealed[len(sealed)-n:] }
