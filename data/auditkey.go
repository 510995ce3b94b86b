package data

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// The keyed audit chain.
//
// An unkeyed chain hashes each entry with plain SHA-256 (AuditHash), which
// anyone with write access to the store can recompute after changing a row.
// A keyed chain uses HMAC-SHA256 with a key kept outside the store
// (AuditMAC), so a changed chain no longer verifies without the key.
//
// A store switches to the keyed chain the first time it appends with a key:
// that append starts with one ActionAuditKey entry (AuditKeyEntry) and every
// entry from it on — the switch entry included — is keyed. The entries
// before it keep their SHA-256 hashes, and are protected too: the first
// keyed entry covers the last unkeyed entry's hash in its PrevHash. The
// store's head (AuditHead) records the key's id and the switch seq; a keyed
// chain never switches back, and appending to it needs the same key.

var (
	// ErrAuditKeyRequired is wrapped when a keyed audit chain is appended
	// to or verified without its key.
	ErrAuditKeyRequired = errors.New("the audit log is keyed: give its key with --audit-key-file or ZONEGATE_AUDIT_KEY_FILE")
	// ErrAuditKeyMismatch is wrapped when the key given is not the one the
	// audit chain is keyed with.
	ErrAuditKeyMismatch = errors.New("the audit key given is not the key this audit log is keyed with")
)

// MinAuditKeyLen is the shortest audit key accepted, in bytes.
const MinAuditKeyLen = 32

// CheckAuditKey reports a key too short to be a secret.
func CheckAuditKey(key []byte) error {
	if len(key) < MinAuditKeyLen {
		return fmt.Errorf("audit key is %d bytes, want at least %d (e.g. 64 hex digits from 'openssl rand -hex 32')", len(key), MinAuditKeyLen)
	}
	return nil
}

// auditKeyedDomain starts every keyed encoding (see AuditMAC).
const auditKeyedDomain = "zonegate-audit-v2-hmac"

// AuditKeyID returns a short public name of key: the first 16 hex digits
// of HMAC-SHA256(key, "zonegate-audit-key-id"). It tells keys apart in
// messages and in the store without revealing them.
func AuditKeyID(key []byte) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("zonegate-audit-key-id"))
	return hex.EncodeToString(m.Sum(nil))[:16]
}

// AuditMAC returns the lower-case hex HMAC-SHA256 with key of e's keyed
// encoding: the bytes "zonegate-audit-v2-hmac", then the same ten fields as
// AuditHash, each as an 8-byte big-endian length followed by its bytes.
func AuditMAC(key []byte, e *AuditEntry) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(auditKeyedDomain))
	writeAuditFields(m, e)
	return hex.EncodeToString(m.Sum(nil))
}

// AuditKeyEntry is the prepared ActionAuditKey entry that switches a chain
// to key: actor "zonegate", After {"key_id": AuditKeyID(key)}.
func AuditKeyEntry(key []byte) AuditEntry {
	return AuditEntry{Actor: "zonegate", Action: ActionAuditKey,
		After: []byte(`{"key_id":"` + AuditKeyID(key) + `"}`)}
}

// AuditHead is the head of a store's audit chain as the store records it
// (audit_state), next to the entries themselves.
type AuditHead struct {
	Seq  int64  // the last entry's Seq; 0 for an empty log
	Hash string // the last entry's Hash; ZeroHash for an empty log
	// KeyID is AuditKeyID of the chain's key, "" while it is not keyed.
	KeyID string
	// KeyedFrom is the Seq of the ActionAuditKey entry, 0 while not keyed.
	KeyedFrom int64
}

// CheckKey reports whether key may append to the chain h: any key (or none)
// while it is not keyed, its own key once it is.
func (h AuditHead) CheckKey(key []byte) error {
	switch {
	case h.KeyID == "":
		return nil
	case key == nil:
		return fmt.Errorf("%w (keyed since seq %d with key id %s)", ErrAuditKeyRequired, h.KeyedFrom, h.KeyID)
	case AuditKeyID(key) != h.KeyID:
		return fmt.Errorf("%w: the log's key id is %s, the key given has id %s", ErrAuditKeyMismatch, h.KeyID, AuditKeyID(key))
	}
	return nil
}

// hash is e's Hash in chain h: keyed once h is.
func (h AuditHead) hash(key []byte, e *AuditEntry) string {
	if h.KeyID != "" {
		return AuditMAC(key, e)
	}
	return AuditHash(e)
}

// AuditAnchor is one entry of a chain as recorded outside the store (from
// `zonegate audit head`): its Seq and Hash.
type AuditAnchor struct {
	Seq  int64
	Hash string
}

// String is the anchor as SEQ:HASH, the form ParseAuditAnchor reads.
func (a AuditAnchor) String() string { return strconv.FormatInt(a.Seq, 10) + ":" + a.Hash }

// ParseAuditAnchor reads SEQ:HASH: a positive decimal seq and 64 lower-case
// hex digits.
func ParseAuditAnchor(s string) (AuditAnchor, error) {
	seqText, hash, ok := strings.Cut(strings.TrimSpace(s), ":")
	seq, err := strconv.ParseInt(seqText, 10, 64)
	if !ok || err != nil || seq < 1 || seqText[0] == '+' {
		return AuditAnchor{}, fmt.Errorf("audit head %q: want SEQ:HASH, e.g. 42:%s", s, strings.Repeat("0f", 32))
	}
	if len(hash) != 64 || strings.Trim(hash, "0123456789abcdef") != "" {
		return AuditAnchor{}, fmt.Errorf("audit head %q: the hash must be 64 lower-case hex digits", s)
	}
	return AuditAnchor{Seq: seq, Hash: hash}, nil
}
