package data

import (
	"errors"
	"fmt"
)

// ErrAuditBroken is wrapped by every error VerifyAudit and AuditVerifier
// return: the log is not the unbroken chain it should be.
var ErrAuditBroken = errors.New("data: audit chain broken")

// AuditError names the first entry at which an audit chain fails to verify.
type AuditError struct {
	Seq    int64  // the entry's Seq (for a missing entry: the Seq expected)
	Reason string // what is wrong, in English
}

// Error reports the Seq and the reason.
func (e *AuditError) Error() string {
	return fmt.Sprintf("audit entry %d: %s", e.Seq, e.Reason)
}

// Unwrap makes errors.Is(err, ErrAuditBroken) true.
func (e *AuditError) Unwrap() error { return ErrAuditBroken }

// AuditVerifier checks an audit log streamed to it in Seq order, page by
// page, from Seq 1. The zero value is ready and expects Seq 1 first.
type AuditVerifier struct {
	n    int64  // entries accepted so far (= the last Seq)
	head string // Hash of the last accepted entry
}

// Add checks the next entries of the log. It returns an *AuditError for the
// first entry that does not follow (Seq not the next number, PrevHash not
// the previous Hash, or Hash not AuditHash of the entry); after an error
// the verifier must not be used again.
func (v *AuditVerifier) Add(entries []*AuditEntry) error {
	for _, e := range entries {
		want := v.n + 1
		prev := v.head
		if v.n == 0 {
			prev = ZeroHash
		}
		switch {
		case e == nil:
			return &AuditError{Seq: want, Reason: "missing"}
		case e.Seq < want:
			return &AuditError{Seq: e.Seq, Reason: fmt.Sprintf("out of order or repeated: expected seq %d", want)}
		case e.Seq > want:
			return &AuditError{Seq: want, Reason: fmt.Sprintf("missing: the next entry is seq %d", e.Seq)}
		case e.PrevHash != prev:
			return &AuditError{Seq: e.Seq, Reason: fmt.Sprintf("prev_hash %s does not match the previous entry's hash %s", e.PrevHash, prev)}
		}
		if h := AuditHash(e); h != e.Hash {
			return &AuditError{Seq: e.Seq, Reason: fmt.Sprintf("hash %s does not match its contents (recomputed %s)", e.Hash, h)}
		}
		v.n, v.head = e.Seq, e.Hash
	}
	return nil
}

// Count returns the number of entries verified so far.
func (v *AuditVerifier) Count() int64 { return v.n }

// Head returns the Hash of the last verified entry, or ZeroHash when none.
func (v *AuditVerifier) Head() string {
	if v.n == 0 {
		return ZeroHash
	}
	return v.head
}

// VerifyAudit checks that entries are a whole audit log from Seq 1:
// consecutive Seq, each PrevHash the previous entry's Hash (ZeroHash first)
// and each Hash the AuditHash of its entry. It returns nil or an
// *AuditError (wrapping ErrAuditBroken) naming the first bad Seq and why.
// A chain cannot show that entries were cut off its end; compare the head
// hash with one kept elsewhere for that.
func VerifyAudit(entries []*AuditEntry) error {
	var v AuditVerifier
	return v.Add(entries)
}
