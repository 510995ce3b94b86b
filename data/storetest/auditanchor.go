package storetest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/zonegate/zonegate/data"
)

// AuditBackend is what RunAuditAnchoring needs of a backend: one store it
// can open again (with or without an audit key), and raw SQL on it behind
// the store's back, as someone with write access to the database has.
type AuditBackend struct {
	// Open opens the same store every time it is called in one subtest
	// (a fresh store per subtest), with key as its audit key (nil: none).
	// The suite closes what it opens.
	Open func(t *testing.T, key []byte) (data.Store, error)
	// Exec runs statements on that store's database directly, with the
	// audit log's append-only protection removed first.
	Exec func(t *testing.T, sql ...string)
}

// Keys the anchoring suite uses.
var (
	auditKey      = bytes.Repeat([]byte("k"), data.MinAuditKeyLen)
	otherAuditKey = bytes.Repeat([]byte("o"), data.MinAuditKeyLen)
)

// RunAuditAnchoring runs the attacks the audit chain must show: entries
// cut off its end, rows changed with the chain recomputed without the key,
// a store truncated after its head was anchored elsewhere, and a missing
// or wrong key.
func RunAuditAnchoring(t *testing.T, b AuditBackend) {
	tests := []struct {
		name string
		fn   func(t *testing.T, b AuditBackend)
	}{
		{"TruncationDetected", auditTruncation},
		{"RecomputedUnkeyedChainDetected", auditRecomputedUnkeyed},
		{"RecomputedWithOtherKeyDetected", auditRecomputedOtherKey},
		{"KeyStrippedDetected", auditKeyStripped},
		{"AnchorAfterTruncation", auditAnchorTruncated},
		{"KeyMissingOrWrong", auditKeyMissingOrWrong},
		{"UnkeyedChainMigrates", auditMigrates},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.fn(t, b)
		})
	}
}

// openAudit opens the backend's store or fails the test; it closes it at
// the end of the test.
func openAudit(t *testing.T, b AuditBackend, key []byte) data.Store {
	t.Helper()
	s, err := b.Open(t, key)
	if err != nil {
		t.Fatalf("open with key %v: %v", key != nil, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// appendN appends n publish entries for zones z1…zn after those present.
func appendN(t *testing.T, s data.Store, from, n int) {
	t.Helper()
	for i := from; i < from+n; i++ {
		appendAudit(t, s, &data.AuditEntry{Actor: "editor", Action: data.ActionPublish, Layer: "coal",
			ZoneID: fmt.Sprintf("z%d", i), Version: 1, After: json.RawMessage(fmt.Sprintf(`{"name":"z%d"}`, i))})
	}
}

// verifyStore runs the whole verification as `zonegate audit verify` does.
func verifyStore(t *testing.T, s data.Store, key []byte, anchor *data.AuditAnchor) error {
	t.Helper()
	v := data.AuditVerifier{Key: key, Anchor: anchor}
	_, err := data.VerifyStoredAudit(t.Context(), s, &v)
	return err
}

// wantAuditError fails unless err is an *AuditError at seq whose reason
// contains reason and which counts missing entries cut off.
func wantAuditError(t *testing.T, what string, err error, seq, missing int64, reason string) {
	t.Helper()
	var ae *data.AuditError
	if !errors.As(err, &ae) || !errors.Is(err, data.ErrAuditBroken) {
		t.Fatalf("%s: err = %v, want an *AuditError", what, err)
	}
	if ae.Seq != seq || ae.Missing != missing || !strings.Contains(ae.Reason, reason) {
		t.Errorf("%s: AuditError{Seq: %d, Missing: %d, Reason: %q}, want seq %d, missing %d, a reason containing %q",
			what, ae.Seq, ae.Missing, ae.Reason, seq, missing, reason)
	}
}

// entries reads the whole log.
func entries(t *testing.T, s data.Store) []*data.AuditEntry {
	t.Helper()
	all, err := s.Audit(t.Context(), data.AuditFilter{})
	if err != nil {
		t.Fatalf("Audit: %v", err)
	}
	return all
}

// rewrite changes entry seq's After to after and recomputes the chain from
// it to the end with hash (what an attacker without the key can do),
// returning the statements that store it, audit_state included.
func rewrite(all []*data.AuditEntry, seq int64, after string, hash func(*data.AuditEntry) string) []string {
	var stmts []string
	prev := data.ZeroHash
	for _, e := range all {
		if e.Seq == seq {
			e.After = json.RawMessage(after)
		}
		if e.Seq >= seq {
			e.PrevHash = prev
			e.Hash = hash(e)
			stmts = append(stmts, fmt.Sprintf(`UPDATE audit_log SET after = '%s', prev_hash = '%s', hash = '%s' WHERE seq = %d`,
				e.After, e.PrevHash, e.Hash, e.Seq))
		}
		prev = e.Hash
	}
	return append(stmts, fmt.Sprintf(`UPDATE audit_state SET hash = '%s' WHERE id = 1`, prev))
}

func auditTruncation(t *testing.T, b AuditBackend) {
	s := openAudit(t, b, nil)
	appendN(t, s, 1, 5)
	if err := verifyStore(t, s, nil, nil); err != nil {
		t.Fatalf("verify before truncating: %v", err)
	}
	b.Exec(t, `DELETE FROM audit_log WHERE seq > 3`)
	// The chain that is left is intact; only the stored head shows the cut.
	if err := data.VerifyAudit(entries(t, s)); err != nil {
		t.Fatalf("VerifyAudit of the remaining entries: %v", err)
	}
	wantAuditError(t, "verify after deleting the last 2 entries", verifyStore(t, s, nil, nil), 4, 2, "the last 2 entries were removed")
}

func auditRecomputedUnkeyed(t *testing.T, b AuditBackend) {
	s := openAudit(t, b, auditKey)
	appendN(t, s, 1, 4) // seq 1 keys the chain, 2…5 are z1…z4
	if err := verifyStore(t, s, auditKey, nil); err != nil {
		t.Fatalf("verify before tampering: %v", err)
	}
	b.Exec(t, rewrite(entries(t, s), 3, `{"name":"forged"}`, data.AuditHash)...)
	wantAuditError(t, "verify after recomputing seq 3… with SHA-256", verifyStore(t, s, auditKey, nil), 3, 0, "keyed hash")
}

func auditRecomputedOtherKey(t *testing.T, b AuditBackend) {
	s := openAudit(t, b, auditKey)
	appendN(t, s, 1, 4)
	b.Exec(t, rewrite(entries(t, s), 4, `{"name":"forged"}`, func(e *data.AuditEntry) string { return data.AuditMAC(otherAuditKey, e) })...)
	wantAuditError(t, "verify after recomputing seq 4… with another key", verifyStore(t, s, auditKey, nil), 4, 0, "keyed hash")
}

// auditKeyStripped rewrites a keyed chain as an unkeyed one, audit_state
// included: only the key given to verify shows it.
func auditKeyStripped(t *testing.T, b AuditBackend) {
	s := openAudit(t, b, auditKey)
	appendN(t, s, 1, 3)
	all := entries(t, s)
	all[0].Action = data.ActionPublish // the action is hashed too
	stmts := append(rewrite(all, 1, `{"name":"not a key"}`, data.AuditHash),
		`UPDATE audit_log SET action = 'publish' WHERE seq = 1`,
		`UPDATE audit_state SET key_id = '', keyed_from = 0 WHERE id = 1`)
	b.Exec(t, stmts...)
	if err := verifyStore(t, s, nil, nil); err != nil {
		t.Fatalf("verify without a key after stripping it: %v (the rewrite itself is wrong)", err)
	}
	wantAuditError(t, "verify with the key after stripping it", verifyStore(t, s, auditKey, nil), 4, 0, "no audit_key entry")
}

// auditAnchorTruncated anchors the head, lets the chain grow, then cuts it
// back to an earlier entry with audit_state moved back too, so that only
// the anchor shows the loss.
func auditAnchorTruncated(t *testing.T, b AuditBackend) {
	s := openAudit(t, b, auditKey)
	appendN(t, s, 1, 6) // seq 1…7
	head, err := s.AuditHead(t.Context())
	if err != nil {
		t.Fatalf("AuditHead: %v", err)
	}
	if head.Seq != 7 || head.KeyID != data.AuditKeyID(auditKey) || head.KeyedFrom != 1 {
		t.Fatalf("AuditHead = %+v, want seq 7 keyed from 1 with the key's id", head)
	}
	anchor := &data.AuditAnchor{Seq: head.Seq, Hash: head.Hash}
	if err := verifyStore(t, s, auditKey, anchor); err != nil {
		t.Fatalf("verify --head before truncating: %v", err)
	}
	wrong := &data.AuditAnchor{Seq: 5, Hash: strings.Repeat("ab", 32)}
	wantAuditError(t, "verify against an anchor with another hash", verifyStore(t, s, auditKey, wrong), 5, 0, "is not the anchored")

	fifth := entries(t, s)[4]
	b.Exec(t, `DELETE FROM audit_log WHERE seq > 5`,
		fmt.Sprintf(`UPDATE audit_state SET seq = 5, hash = '%s' WHERE id = 1`, fifth.Hash))
	if err := verifyStore(t, s, auditKey, nil); err != nil {
		t.Fatalf("verify without the anchor after a truncation that moved the head: %v (want it to pass: only the anchor can tell)", err)
	}
	wantAuditError(t, "verify --head after truncating", verifyStore(t, s, auditKey, anchor), 6, 2, "at least 2 entries were removed")
}

func auditKeyMissingOrWrong(t *testing.T, b AuditBackend) {
	s := openAudit(t, b, auditKey)
	appendN(t, s, 1, 2)
	s.Close()

	if _, err := b.Open(t, otherAuditKey); !errors.Is(err, data.ErrAuditKeyMismatch) ||
		!strings.Contains(err.Error(), data.AuditKeyID(auditKey)) {
		t.Errorf("open with another key: err = %v, want ErrAuditKeyMismatch naming the log's key id", err)
	}
	if _, err := b.Open(t, []byte("short")); err == nil || !strings.Contains(err.Error(), "at least 32") {
		t.Errorf("open with a 5-byte key: err = %v, want a refusal naming the minimum length", err)
	}
	bare := openAudit(t, b, nil) // reading needs no key
	if n := len(entries(t, bare)); n != 3 {
		t.Fatalf("entries read without the key: %d, want 3", n)
	}
	err := bare.AppendAudit(t.Context(), []*data.AuditEntry{{Actor: "editor", Action: data.ActionPublish}})
	if !errors.Is(err, data.ErrAuditKeyRequired) {
		t.Errorf("append without the key: err = %v, want ErrAuditKeyRequired", err)
	}
	if err := verifyStore(t, bare, nil, nil); !errors.Is(err, data.ErrAuditKeyRequired) {
		t.Errorf("verify without the key: err = %v, want ErrAuditKeyRequired", err)
	}
	if err := verifyStore(t, bare, otherAuditKey, nil); !errors.Is(err, data.ErrAuditKeyMismatch) {
		t.Errorf("verify with another key: err = %v, want ErrAuditKeyMismatch", err)
	}
	if n := len(entries(t, bare)); n != 3 {
		t.Errorf("entries after the refused append: %d, want 3", n)
	}
}

// auditMigrates keys a chain that has unkeyed entries: they keep their
// SHA-256 hashes and are covered by the first keyed entry.
func auditMigrates(t *testing.T, b AuditBackend) {
	s := openAudit(t, b, nil)
	appendN(t, s, 1, 3)
	s.Close()
	s = openAudit(t, b, auditKey)
	appendN(t, s, 4, 1)
	all := entries(t, s)
	if len(all) != 5 || all[3].Action != data.ActionAuditKey || all[3].Actor != "zonegate" {
		t.Fatalf("log after opening with a key: %d entries, seq 4 %+v; want 5 with seq 4 the audit_key entry", len(all), all[min(3, len(all)-1)])
	}
	if all[2].Hash != data.AuditHash(all[2]) || all[4].Hash != data.AuditMAC(auditKey, all[4]) {
		t.Errorf("seq 3 should keep its SHA-256 hash and seq 5 be keyed")
	}
	if err := verifyStore(t, s, auditKey, nil); err != nil {
		t.Fatalf("verify the migrated chain: %v", err)
	}
	// Reopening with the key does not key it again.
	s.Close()
	s = openAudit(t, b, auditKey)
	if n := len(entries(t, s)); n != 5 {
		t.Errorf("entries after reopening with the key: %d, want 5", n)
	}
	// An unkeyed entry before the switch, recomputed, breaks the link the
	// keyed entry holds.
	b.Exec(t, rewrite(entries(t, s)[:3], 2, `{"name":"forged"}`, data.AuditHash)...)
	wantAuditError(t, "verify after rewriting an unkeyed entry", verifyStore(t, s, auditKey, nil), 4, 0, "prev_hash")
}
