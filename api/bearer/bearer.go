// Package bearer finds out who sends an Authorization: Bearer header: it
// checks the secret against the token the store holds for its ID (read
// through api/tokencache) and answers the caller, or a 401 in the error
// shape. Package api's authenticate middleware uses it; authorisation
// (the role table) stays in api.
package bearer

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"

	"github.com/zonegate/zonegate/api/tokencache"
	"github.com/zonegate/zonegate/api/wire"
	"github.com/zonegate/zonegate/data"
)

// Token is a token as Caller checks it, made once each time the token
// cache reads the token from the store (NewToken) instead of on every
// request: its hash decoded, and the caller its requests share.
type Token struct {
	tok    *data.Token
	hash   [sha256.Size]byte // tok.Hash decoded, when hashOK
	hashOK bool              // tok.Hash is the lower-case hex of a SHA-256
	caller *wire.Caller      // every request of this token; never modified
}

// NewToken derives t's Token (nil for no token); it is the token cache's
// derive function (tokencache.New).
func NewToken(t *data.Token) *Token {
	if t == nil {
		return nil
	}
	a := &Token{tok: t, caller: &wire.Caller{TokenID: t.ID, Name: t.Name, Role: t.Role}}
	if b, err := hex.DecodeString(t.Hash); err == nil && len(b) == sha256.Size && hex.EncodeToString(b) == t.Hash {
		a.hash, a.hashOK = [sha256.Size]byte(b), true
	}
	return a
}

// matches is tok.Matches(secret) for a secret data.ParseSecret read id
// from, without allocating: the secret's SHA-256 is compared in constant
// time with the decoded hash.
func (a *Token) matches(id, secret string) bool {
	var buf [64]byte
	if !a.hashOK || len(secret) > len(buf) {
		return a.tok.Matches(secret)
	}
	sum := sha256.Sum256(buf[:copy(buf[:], secret)])
	return subtle.ConstantTimeCompare(sum[:], a.hash[:]) == 1 && id == a.tok.ID
}

// Unauthorized is a 401 in the error shape.
func Unauthorized(msg string) *wire.Error {
	return &wire.Error{Status: http.StatusUnauthorized, Code: "unauthorized", Message: msg}
}

// Caller checks an Authorization header value against the tokens: the
// token's caller (shared by its requests: do not modify it), or a caller
// whose Err is a 401 for a malformed, unknown, revoked or wrong secret,
// or the store's error.
func Caller(ctx context.Context, tokens *tokencache.Cache[*Token], header string) *wire.Caller {
	scheme, secret, _ := strings.Cut(header, " ")
	if !strings.EqualFold(scheme, "Bearer") {
		return &wire.Caller{Err: Unauthorized("the Authorization header must be \"Bearer <token>\"")}
	}
	secret = strings.TrimSpace(secret)
	id, ok := data.ParseSecret(secret)
	if !ok {
		return &wire.Caller{Err: Unauthorized("malformed bearer token")}
	}
	t, err := tokens.Get(ctx, id)
	if err != nil {
		return &wire.Caller{Err: fmt.Errorf("token %s: %w", id, err)}
	}
	// Matches first, in constant time, so that an unknown or revoked ID is
	// not told apart from a wrong secret.
	if t == nil || !t.matches(id, secret) || !t.tok.Active() {
		return &wire.Caller{Err: Unauthorized("invalid, unknown or revoked token")}
	}
	return t.caller
}
