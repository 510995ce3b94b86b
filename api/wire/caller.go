package wire

import (
	"context"

	"github.com/zonegate/zonegate/data"
)

// RoleNone is the role of a caller granted nothing: an anonymous caller
// when anonymous access is off, or a request nobody authenticated.
const RoleNone data.Role = "none"

// Caller is who sent a request, as the authentication middleware found out.
type Caller struct {
	TokenID string    // "" for anonymous
	Name    string    // the token's name: the audit actor
	Role    data.Role // the token's role; for anonymous, the anonymous role
	Err     error     // bad credentials (*Error 401) or a store failure
}

// Anonymous reports whether the caller sent no token.
func (c *Caller) Anonymous() bool { return c.TokenID == "" }

// CallerKey is the context key CallerFrom reads: a *Caller. A context
// type of its own (api's per-request context) may answer it directly
// instead of wrapping WithCaller.
type CallerKey struct{}

// WithCaller returns ctx carrying c.
func WithCaller(ctx context.Context, c *Caller) context.Context {
	return context.WithValue(ctx, CallerKey{}, c)
}

// CallerFrom returns the caller WithCaller put in ctx; anonymous with
// RoleNone when there is none.
func CallerFrom(ctx context.Context) *Caller {
	if c, ok := ctx.Value(CallerKey{}).(*Caller); ok && c != nil {
		return c
	}
	return &Caller{Role: RoleNone}
}

// Actor is the audit actor of a request: the caller's token name, or
// "anonymous" when anonymous callers were granted an editing role.
func Actor(ctx context.Context) string {
	if c := CallerFrom(ctx); c.Name != "" {
		return c.Name
	}
	return "anonymous"
}
