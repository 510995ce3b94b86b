package data

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/zonegate/zonegate/geo"
)

// Role is what an API token may do. Each role includes the ones before it:
// viewer < inspector < editor < admin.
type Role string

// The roles.
const (
	RoleViewer    Role = "viewer"    // planners: read published layers and tiles
	RoleInspector Role = "inspector" // + coal-truck checks and the inspection log
	RoleEditor    Role = "editor"    // + drafts, edits, publishing
	RoleAdmin     Role = "admin"     // + tokens and rules
)

// roleRank orders the roles; unknown roles rank 0.
var roleRank = map[Role]int{RoleViewer: 1, RoleInspector: 2, RoleEditor: 3, RoleAdmin: 4}

// ParseRole returns the role named s, or an error wrapping geo.ErrInvalid.
func ParseRole(s string) (Role, error) {
	if roleRank[Role(s)] == 0 {
		return "", fmt.Errorf("%w: role %q: want viewer, inspector, editor or admin", geo.ErrInvalid, s)
	}
	return Role(s), nil
}

// Includes reports whether r grants everything need grants (admin includes
// editor, and so on). An unknown role includes nothing and is included by
// nothing.
func (r Role) Includes(need Role) bool {
	return roleRank[r] > 0 && roleRank[need] > 0 && roleRank[r] >= roleRank[need]
}

// Token is an API bearer token as stored: never the secret, only its hash.
type Token struct {
	ID        string    `json:"id"`   // public: 8 lower-case hex digits, also inside the secret
	Name      string    `json:"name"` // who or what holds it; the audit log's actor
	Role      Role      `json:"role"`
	Hash      string    `json:"-"`          // HashSecret of the secret
	CreatedBy string    `json:"created_by"` // actor that created it
	CreatedAt time.Time `json:"created_at"` // set by the store
	RevokedAt time.Time `json:"revoked_at,omitzero"`
}

// Active reports whether t has not been revoked.
func (t *Token) Active() bool { return t.RevokedAt.IsZero() }

// Matches reports, in time independent of where they differ, whether secret
// is t's secret: it names t.ID and hashes to t.Hash.
func (t *Token) Matches(secret string) bool {
	id, ok := ParseSecret(secret)
	hashOK := subtle.ConstantTimeCompare([]byte(HashSecret(secret)), []byte(t.Hash)) == 1
	return ok && hashOK && id == t.ID
}

// Secret format: "zg_" + 8 hex digits of ID + "_" + 32 random bytes in
// unpadded base64url (43 characters).
const (
	secretPrefix  = "zg_"
	tokenIDLen    = 8
	secretRandLen = 32
	secretLen     = len(secretPrefix) + tokenIDLen + 1 + 43
)

// NewTokenSecret draws a new token ID (4 bytes, as hex) and secret
// (zg_<id>_<32 bytes base64url>) from rand, normally crypto/rand.Reader.
func NewTokenSecret(rand io.Reader) (id, secret string, err error) {
	var b [4 + secretRandLen]byte
	if _, err := io.ReadFull(rand, b[:]); err != nil {
		return "", "", fmt.Errorf("new token secret: %w", err)
	}
	id = hex.EncodeToString(b[:4])
	return id, secretPrefix + id + "_" + base64.RawURLEncoding.EncodeToString(b[4:]), nil
}

// HashSecret returns the lower-case hex SHA-256 of secret: what a store
// keeps instead of the secret.
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// ParseSecret returns the token ID inside a secret, and whether secret has
// the form NewTokenSecret gives.
func ParseSecret(secret string) (id string, ok bool) {
	if len(secret) != secretLen || !strings.HasPrefix(secret, secretPrefix) || secret[len(secretPrefix)+tokenIDLen] != '_' {
		return "", false
	}
	id = secret[len(secretPrefix) : len(secretPrefix)+tokenIDLen]
	if !ValidTokenID(id) {
		return "", false
	}
	// Decoded from a copy on the stack: DecodeString (and Strict, called
	// here) allocated twice per authenticated request.
	var enc [secretLen - len(secretPrefix) - tokenIDLen - 1]byte
	var raw [secretRandLen + 1]byte
	n, err := secretEncoding.Decode(raw[:], enc[:copy(enc[:], secret[len(secretPrefix)+tokenIDLen+1:])])
	if err != nil || n != secretRandLen {
		return "", false
	}
	return id, true
}

// secretEncoding is the encoding of a secret's random part, rejecting
// non-zero padding bits (so one secret has one spelling).
var secretEncoding = base64.RawURLEncoding.Strict()

// ValidTokenID reports whether id is 8 lower-case hex digits.
func ValidTokenID(id string) bool {
	if len(id) != tokenIDLen {
		return false
	}
	for i := range len(id) {
		if c := id[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// maxTokenName bounds a token's Name, in bytes.
const maxTokenName = 200

// CheckToken checks the fields a store writes for a new token: ID
// (ValidTokenID), Name (1–200 bytes of UTF-8 without control characters),
// Role, Hash (64 lower-case hex digits) and CreatedBy (set). A failure wraps
// geo.ErrInvalid.
func CheckToken(t *Token) error {
	switch {
	case t == nil:
		return fmt.Errorf("%w: nil token", geo.ErrInvalid)
	case !ValidTokenID(t.ID):
		return fmt.Errorf("%w: token id %q: want 8 lower-case hex digits", geo.ErrInvalid, t.ID)
	case t.Name == "" || len(t.Name) > maxTokenName || !utf8.ValidString(t.Name) ||
		strings.ContainsFunc(t.Name, func(r rune) bool { return r < 0x20 || r == 0x7f }):
		return fmt.Errorf("%w: token name %q: want 1-%d bytes of text without control characters", geo.ErrInvalid, t.Name, maxTokenName)
	case len(t.Hash) != sha256.Size*2 || strings.Trim(t.Hash, "0123456789abcdef") != "":
		return fmt.Errorf("%w: token hash: want 64 lower-case hex digits", geo.ErrInvalid)
	case t.CreatedBy == "":
		return fmt.Errorf("%w: token created_by is not set", geo.ErrInvalid)
	}
	if _, err := ParseRole(string(t.Role)); err != nil {
		return err
	}
	return nil
}

// tokenSummary is what the audit log keeps of a token: never its hash.
type tokenSummary struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Role      Role   `json:"role"`
	RevokedAt string `json:"revoked_at,omitempty"`
}

// TokenAudit returns the audit entry for a token change: action
// ActionTokenCreate (After is the new token) or ActionTokenRevoke (Before
// the token as it was, After with its revocation time), by actor. The
// entries name the token's id, name and role, never its hash.
func TokenAudit(actor, action string, before, after *Token) (*AuditEntry, error) {
	e := &AuditEntry{Actor: actor, Action: action}
	for _, p := range []struct {
		t   *Token
		dst *json.RawMessage
	}{{before, &e.Before}, {after, &e.After}} {
		if p.t == nil {
			continue
		}
		s := tokenSummary{ID: p.t.ID, Name: p.t.Name, Role: p.t.Role}
		if !p.t.RevokedAt.IsZero() {
			s.RevokedAt = p.t.RevokedAt.UTC().Format(time.RFC3339Nano)
		}
		b, err := json.Marshal(s)
		if err != nil {
			return nil, fmt.Errorf("token %s: audit: %w", p.t.ID, err)
		}
		*p.dst = b
	}
	return e, nil
}
