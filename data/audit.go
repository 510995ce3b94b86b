package data

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/zonegate/zonegate/geo"
)

// Audit actions. An AuditEntry's Action is one of these or another
// lower-case word of letters and underscores.
const (
	ActionCreate      = "create"       // a new feature's first version
	ActionUpdate      = "update"       // a new version, or a version's validity changed
	ActionPublish     = "publish"      // a version stored as published
	ActionRetire      = "retire"       // a version retired
	ActionImport      = "import"       // a version published by a bulk import
	ActionTokenCreate = "token_create" // an API token created
	ActionTokenRevoke = "token_revoke" // an API token revoked
	ActionDEMImport   = "dem_import"   // a DEM stored (DEMStore.PutDEM); layer "dem", zone id the DEM name
	ActionAuditKey    = "audit_key"    // the chain is keyed from this entry on (see AuditMAC)
)

// ZeroHash is the PrevHash of the first entry of every audit log: 64 zeros.
const ZeroHash = "0000000000000000000000000000000000000000000000000000000000000000"

// AuditTimeLayout is the form of an entry's Time in its hash: UTC, fixed
// six fractional digits. Stores keep audit times to the microsecond.
const AuditTimeLayout = "2006-01-02T15:04:05.000000Z"

// AuditEntry is one record of the append-only, hash-chained audit log.
//
// The caller fills Actor, Action, and whichever of Layer, ZoneID, Version,
// Before and After apply; the store assigns Seq (1, 2, 3, … without gaps),
// Time (the commit time, truncated to the microsecond), PrevHash (the
// previous entry's Hash, ZeroHash for Seq 1) and Hash (see AuditHash).
// Before and After are JSON documents (usually a ZoneSummary), stored in
// the canonical form CanonicalJSON gives; nil means absent.
type AuditEntry struct {
	Seq      int64           `json:"seq"`
	Time     time.Time       `json:"time"`
	Actor    string          `json:"actor"` // token name, or "cli:<user>"
	Action   string          `json:"action"`
	Layer    string          `json:"layer,omitempty"`
	ZoneID   string          `json:"zone_id,omitempty"`
	Version  int64           `json:"version,omitempty"`
	Before   json.RawMessage `json:"before,omitempty"`
	After    json.RawMessage `json:"after,omitempty"`
	PrevHash string          `json:"prev_hash"`
	Hash     string          `json:"hash"`
}

// AuditFilter selects audit entries. Zero fields do not constrain. From is
// inclusive, To exclusive (on Time); AfterSeq skips entries with Seq <=
// AfterSeq, for paging; Limit caps the count (0: no cap). Results are in
// Seq order.
type AuditFilter struct {
	Layer    string
	From, To time.Time
	AfterSeq int64
	Limit    int
}

// auditDomain starts every hashed encoding, so that an audit hash cannot be
// confused with a hash of anything else; the suffix names the format.
const auditDomain = "zonegate-audit-v1"

// AuditHash returns the lower-case hex SHA-256 of e's canonical encoding:
// the bytes "zonegate-audit-v1", then ten fields, each as an 8-byte
// big-endian length followed by that many bytes, in this order: Seq
// (decimal), Time (UTC, AuditTimeLayout), Actor, Action, Layer, ZoneID,
// Version (decimal), Before, After (the stored JSON bytes, empty when
// absent) and PrevHash. Hash itself is not part of the encoding.
func AuditHash(e *AuditEntry) string {
	h := sha256.New()
	h.Write([]byte(auditDomain))
	writeAuditFields(h, e)
	return hex.EncodeToString(h.Sum(nil))
}

// writeAuditFields writes e's ten hashed fields to w, each as an 8-byte
// big-endian length followed by its bytes: the encoding both AuditHash and
// AuditMAC cover.
func writeAuditFields(w io.Writer, e *AuditEntry) {
	var n [8]byte
	field := func(b []byte) {
		binary.BigEndian.PutUint64(n[:], uint64(len(b)))
		w.Write(n[:])
		w.Write(b)
	}
	field(strconv.AppendInt(nil, e.Seq, 10))
	field([]byte(e.Time.UTC().Format(AuditTimeLayout)))
	field([]byte(e.Actor))
	field([]byte(e.Action))
	field([]byte(e.Layer))
	field([]byte(e.ZoneID))
	field(strconv.AppendInt(nil, e.Version, 10))
	field(e.Before)
	field(e.After)
	field([]byte(e.PrevHash))
}

// CanonicalJSON returns raw re-encoded in one fixed form: no insignificant
// space, object keys sorted, numbers as written, strings as encoding/json
// writes them (invalid UTF-8 replaced). Empty input and the literal null
// give nil. Invalid JSON is an error wrapping geo.ErrInvalid.
func CanonicalJSON(raw json.RawMessage) (json.RawMessage, error) {
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("%w: JSON: %v", geo.ErrInvalid, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("%w: JSON: data after the value", geo.ErrInvalid)
	}
	if v == nil {
		return nil, nil
	}
	out, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("%w: JSON: %v", geo.ErrInvalid, err)
	}
	return out, nil
}

// maxAuditText bounds Actor, Action, Layer and ZoneID, in bytes.
const maxAuditText = 256

// PrepareAudit checks entries and returns copies ready for SealAudit, with
// Before and After in canonical form. Actor and Action must be set, Action
// a lower-case word (letters and '_'), every text valid UTF-8 without NUL
// and at most 256 bytes, Version not negative. Seq, Time, PrevHash and Hash
// are ignored (the store assigns them). A failure wraps geo.ErrInvalid and
// names the entry. Backends call it before their transaction.
func PrepareAudit(entries []*AuditEntry) ([]AuditEntry, error) {
	out := make([]AuditEntry, len(entries))
	for i, e := range entries {
		if e == nil {
			return nil, fmt.Errorf("audit entry %d: %w: nil", i, geo.ErrInvalid)
		}
		if err := checkAuditEntry(e); err != nil {
			return nil, fmt.Errorf("audit entry %d: %w", i, err)
		}
		c := AuditEntry{Actor: e.Actor, Action: e.Action, Layer: e.Layer, ZoneID: e.ZoneID, Version: e.Version}
		var err error
		if c.Before, err = CanonicalJSON(e.Before); err != nil {
			return nil, fmt.Errorf("audit entry %d: before: %w", i, err)
		}
		if c.After, err = CanonicalJSON(e.After); err != nil {
			return nil, fmt.Errorf("audit entry %d: after: %w", i, err)
		}
		out[i] = c
	}
	return out, nil
}

func checkAuditEntry(e *AuditEntry) error {
	if e.Actor == "" {
		return fmt.Errorf("%w: actor is not set", geo.ErrInvalid)
	}
	if e.Action == "" || strings.TrimFunc(e.Action, func(r rune) bool { return r == '_' || r >= 'a' && r <= 'z' }) != "" {
		return fmt.Errorf("%w: action %q: want a lower-case word", geo.ErrInvalid, e.Action)
	}
	if e.Version < 0 {
		return fmt.Errorf("%w: version %d", geo.ErrInvalid, e.Version)
	}
	for what, s := range map[string]string{"actor": e.Actor, "action": e.Action, "layer": e.Layer, "zone_id": e.ZoneID} {
		if len(s) > maxAuditText || !utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0 {
			return fmt.Errorf("%w: %s must be valid UTF-8 without NUL, at most %d bytes", geo.ErrInvalid, what, maxAuditText)
		}
	}
	return nil
}

// SealAudit returns prepared (from PrepareAudit) as stored entries that
// continue the chain after head (the zero AuditHead, with Hash ZeroHash, for
// an empty log): consecutive Seq, Time = at truncated to the microsecond in
// UTC, PrevHash and Hash, and the head after them. An entry with Version 0
// whose Layer and ZoneID name a zone in appended gets that zone's assigned
// version from versions (the last one when the feature was appended twice).
// prepared is not modified, so a retried transaction can seal it again.
//
// key is the store's audit key (nil: none). A keyed chain (head.KeyID set)
// needs the same key: without one the error wraps ErrAuditKeyRequired, with
// another ErrAuditKeyMismatch. When a key is given and the chain is not
// keyed yet, the first entry returned is the ActionAuditKey entry that
// switches it (see AuditKeyEntry): the caller's entries are always the last
// len(prepared) entries returned.
func SealAudit(head AuditHead, key []byte, at time.Time, prepared []AuditEntry, appended []*geo.Zone, versions []int64) ([]AuditEntry, AuditHead, error) {
	if err := head.CheckKey(key); err != nil {
		return nil, head, err
	}
	if head.Hash == "" {
		head.Hash = ZeroHash
	}
	var assigned map[[2]string]int64
	if len(appended) > 0 {
		assigned = make(map[[2]string]int64, len(appended))
		for i, z := range appended {
			if i < len(versions) {
				assigned[[2]string{z.Layer, z.ID}] = versions[i]
			}
		}
	}
	at = at.UTC().Truncate(time.Microsecond)
	out := make([]AuditEntry, 0, len(prepared)+1)
	seal := func(e AuditEntry) {
		head.Seq++
		e.Seq, e.Time, e.PrevHash = head.Seq, at, head.Hash
		e.Hash = head.hash(key, &e)
		head.Hash = e.Hash
		out = append(out, e)
	}
	if key != nil && head.KeyID == "" {
		head.KeyID, head.KeyedFrom = AuditKeyID(key), head.Seq+1
		seal(AuditKeyEntry(key))
	}
	for _, e := range prepared {
		if e.Version == 0 && e.ZoneID != "" {
			e.Version = assigned[[2]string{e.Layer, e.ZoneID}]
		}
		seal(e)
	}
	return out, head, nil
}
