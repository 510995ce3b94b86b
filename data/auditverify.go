package data

import (
	"context"
	"crypto/hmac"
	"encoding/json"
	"errors"
	"fmt"
)

// ErrAuditBroken is wrapped by every error VerifyAudit and AuditVerifier
// return for a log that is not the unbroken chain it should be.
var ErrAuditBroken = errors.New("data: audit chain broken")

// AuditError names the first entry at which an audit chain fails to verify.
type AuditError struct {
	Seq    int64  // the entry's Seq (for a missing entry: the Seq expected)
	Reason string // what is wrong, in English
	// Missing counts the entries cut off the end of the chain, when that
	// is what is wrong (the stored head or an anchor is beyond the last
	// entry); 0 otherwise.
	Missing int64
}

// Error reports the Seq and the reason.
func (e *AuditError) Error() string {
	return fmt.Sprintf("audit entry %d: %s", e.Seq, e.Reason)
}

// Unwrap makes errors.Is(err, ErrAuditBroken) true.
func (e *AuditError) Unwrap() error { return ErrAuditBroken }

// AuditVerifier checks an audit log streamed to it in Seq order, page by
// page, from Seq 1, then (Finish) against the store's head and an anchor
// kept elsewhere. The zero value is ready: it verifies an unkeyed chain and
// refuses a keyed one (ErrAuditKeyRequired).
type AuditVerifier struct {
	// Key is the chain's audit key; nil when none was given.
	Key []byte
	// Anchor, when set, is an entry recorded outside the store: the chain
	// must hold an entry with this Seq and Hash.
	Anchor *AuditAnchor

	n         int64  // entries accepted so far (= the last Seq)
	head      string // Hash of the last accepted entry
	keyedFrom int64  // Seq of the ActionAuditKey entry; 0 before it
}

// Add checks the next entries of the log. It returns an *AuditError for the
// first entry that does not follow (Seq not the next number, PrevHash not
// the previous Hash, Hash not the entry's AuditHash — or AuditMAC from the
// ActionAuditKey entry on — or Hash not the anchor's at the anchor's Seq),
// and an error wrapping ErrAuditKeyRequired or ErrAuditKeyMismatch at a
// keyed entry without the right key. After an error the verifier must not
// be used again.
func (v *AuditVerifier) Add(entries []*AuditEntry) error {
	for _, e := range entries {
		want := v.n + 1
		switch {
		case e == nil:
			return &AuditError{Seq: want, Reason: "missing"}
		case e.Seq < want:
			return &AuditError{Seq: e.Seq, Reason: fmt.Sprintf("out of order or repeated: expected seq %d", want)}
		case e.Seq > want:
			return &AuditError{Seq: want, Reason: fmt.Sprintf("missing: the next entry is seq %d", e.Seq)}
		case e.PrevHash != v.Head():
			return &AuditError{Seq: e.Seq, Reason: fmt.Sprintf("prev_hash %s does not match the previous entry's hash %s", e.PrevHash, v.Head())}
		}
		if e.Action == ActionAuditKey {
			if v.keyedFrom != 0 {
				return &AuditError{Seq: e.Seq, Reason: fmt.Sprintf("a second %s entry (the chain is keyed since seq %d)", ActionAuditKey, v.keyedFrom)}
			}
			if err := v.switchKey(e); err != nil {
				return err
			}
		}
		if v.keyedFrom == 0 {
			if h := AuditHash(e); h != e.Hash {
				return &AuditError{Seq: e.Seq, Reason: fmt.Sprintf("hash %s does not match its contents (recomputed %s)", e.Hash, h)}
			}
		} else if h := AuditMAC(v.Key, e); !equalHex(h, e.Hash) {
			return &AuditError{Seq: e.Seq, Reason: fmt.Sprintf("keyed hash %s does not match its contents", e.Hash)}
		}
		if v.Anchor != nil && e.Seq == v.Anchor.Seq && e.Hash != v.Anchor.Hash {
			return &AuditError{Seq: e.Seq, Reason: fmt.Sprintf("hash %s is not the anchored %s", e.Hash, v.Anchor.Hash)}
		}
		v.n, v.head = e.Seq, e.Hash
	}
	return nil
}

// switchKey checks the ActionAuditKey entry e against v.Key and keys the
// chain from e on.
func (v *AuditVerifier) switchKey(e *AuditEntry) error {
	var rec struct {
		KeyID string `json:"key_id"`
	}
	if err := json.Unmarshal(e.After, &rec); err != nil || rec.KeyID == "" {
		return &AuditError{Seq: e.Seq, Reason: fmt.Sprintf("%s entry without a key_id", ActionAuditKey)}
	}
	if v.Key == nil {
		return fmt.Errorf("audit entry %d: %w (keyed from this entry on, key id %s)", e.Seq, ErrAuditKeyRequired, rec.KeyID)
	}
	if id := AuditKeyID(v.Key); id != rec.KeyID {
		return fmt.Errorf("audit entry %d: %w: the log's key id is %s, the key given has id %s", e.Seq, ErrAuditKeyMismatch, rec.KeyID, id)
	}
	v.keyedFrom = e.Seq
	return nil
}

// Finish checks what the entries alone cannot show, after the last page:
// that the chain ends at the head the store recorded (no entries cut off
// its end, none appended behind its back), that it reaches the anchor,
// that the store's record of the key agrees with the chain, and, when a
// key was given, that the chain is keyed at all (a key given to an unkeyed
// chain would otherwise let a rewritten, unkeyed chain pass). A chain cut
// short yields an *AuditError with Missing set.
func (v *AuditVerifier) Finish(stored AuditHead) error {
	if stored.Hash == "" {
		stored.Hash = ZeroHash
	}
	switch {
	case stored.Seq > v.n:
		return &AuditError{Seq: v.n + 1, Missing: stored.Seq - v.n,
			Reason: fmt.Sprintf("missing: the stored head is seq %d (hash %s), so the last %d entries were removed", stored.Seq, stored.Hash, stored.Seq-v.n)}
	case stored.Seq < v.n:
		return &AuditError{Seq: stored.Seq + 1, Reason: fmt.Sprintf("the stored head is seq %d, but the log goes on to seq %d", stored.Seq, v.n)}
	case stored.Hash != v.Head():
		return &AuditError{Seq: v.n, Reason: fmt.Sprintf("hash %s is not the stored head hash %s", v.Head(), stored.Hash)}
	case stored.KeyedFrom != v.keyedFrom:
		return &AuditError{Seq: max(v.keyedFrom, stored.KeyedFrom), Reason: fmt.Sprintf("the store records the chain keyed from seq %d, the log from seq %d", stored.KeyedFrom, v.keyedFrom)}
	case v.Key != nil && v.keyedFrom == 0:
		return &AuditError{Seq: v.n, Reason: "a key was given, but the log has no " + ActionAuditKey + " entry: it was never keyed, or was rewritten without its key"}
	}
	if v.Anchor != nil && v.Anchor.Seq > v.n {
		return &AuditError{Seq: v.n + 1, Missing: v.Anchor.Seq - v.n,
			Reason: fmt.Sprintf("missing: the anchor is seq %d, so at least %d entries were removed", v.Anchor.Seq, v.Anchor.Seq-v.n)}
	}
	return nil
}

// equalHex compares two hashes in constant time.
func equalHex(a, b string) bool { return hmac.Equal([]byte(a), []byte(b)) }

// Count returns the number of entries verified so far.
func (v *AuditVerifier) Count() int64 { return v.n }

// KeyedFrom returns the Seq from which the verified chain is keyed, 0 when
// it is not.
func (v *AuditVerifier) KeyedFrom() int64 { return v.keyedFrom }

// Head returns the Hash of the last verified entry, or ZeroHash when none.
func (v *AuditVerifier) Head() string {
	if v.n == 0 {
		return ZeroHash
	}
	return v.head
}

// VerifyAudit checks that entries are a whole unkeyed audit log from Seq
// 1: consecutive Seq, each PrevHash the previous entry's Hash (ZeroHash
// first) and each Hash the AuditHash of its entry. It returns nil or an
// *AuditError (wrapping ErrAuditBroken) naming the first bad Seq and why.
// A chain cannot show that entries were cut off its end; AuditVerifier's
// Finish compares it with the stored head and an anchor kept elsewhere.
func VerifyAudit(entries []*AuditEntry) error {
	var v AuditVerifier
	return v.Add(entries)
}

// VerifyAuditKeyed is VerifyAudit for a chain that may be keyed with key.
func VerifyAuditKeyed(entries []*AuditEntry, key []byte) error {
	v := AuditVerifier{Key: key}
	return v.Add(entries)
}

// auditPage is how many entries VerifyStoredAudit reads at a time.
const auditPage = 1000

// VerifyStoredAudit reads s's whole audit log into v, page by page, then
// checks it against the head s records (Finish). Entries appended while it
// reads are read too: when the head has moved past the last entry read, it
// reads on (a few times at most). It returns the head, and nil or the
// first failure: an *AuditError (wrapping ErrAuditBroken), an error
// wrapping ErrAuditKeyRequired or ErrAuditKeyMismatch, or a read error.
func VerifyStoredAudit(ctx context.Context, s Store, v *AuditVerifier) (AuditHead, error) {
	for attempt := 0; ; attempt++ {
		for {
			page, err := s.Audit(ctx, AuditFilter{AfterSeq: v.Count(), Limit: auditPage})
			if err != nil {
				return AuditHead{}, fmt.Errorf("read audit log: %w", err)
			}
			if err := v.Add(page); err != nil {
				return AuditHead{}, err
			}
			if len(page) < auditPage {
				break
			}
		}
		head, err := s.AuditHead(ctx)
		if err != nil {
			return head, fmt.Errorf("read audit head: %w", err)
		}
		if head.Seq <= v.Count() || attempt == 3 {
			return head, v.Finish(head)
		}
	}
}
