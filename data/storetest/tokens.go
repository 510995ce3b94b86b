package storetest

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/geo"
)

// newToken returns an unsaved token whose ID and secret come from a fixed
// byte pattern starting at seed, so every run uses the same values.
func newToken(t *testing.T, seed byte, name string, role data.Role) (*data.Token, string) {
	t.Helper()
	var b [36]byte
	for i := range b {
		b[i] = seed + byte(i)
	}
	id, secret, err := data.NewTokenSecret(bytes.NewReader(b[:]))
	if err != nil {
		t.Fatalf("NewTokenSecret: %v", err)
	}
	return &data.Token{ID: id, Name: name, Role: role, Hash: data.HashSecret(secret), CreatedBy: "cli:root"}, secret
}

// createToken stores tok or fails the test.
func createToken(t *testing.T, s data.Store, tok *data.Token) {
	t.Helper()
	if err := s.CreateToken(t.Context(), tok); err != nil {
		t.Fatalf("CreateToken(%s): %v", tok.ID, err)
	}
}

var tokenTests = []test{
	{"CreateListRevoke", func(t *testing.T, s data.Store) {
		ed, edSecret := newToken(t, 0x20, "生态环境局 editor", data.RoleEditor)
		vw, _ := newToken(t, 0x10, "planner", data.RoleViewer)
		createToken(t, s, ed)
		createToken(t, s, vw)
		if ed.CreatedAt.IsZero() || ed.CreatedAt.Location() != time.UTC || !ed.RevokedAt.IsZero() {
			t.Errorf("created token: CreatedAt %v RevokedAt %v; want set in UTC, and zero", ed.CreatedAt, ed.RevokedAt)
		}
		got, err := s.TokenByID(t.Context(), ed.ID)
		if err != nil {
			t.Fatalf("TokenByID: %v", err)
		}
		if *got != *ed || !got.Matches(edSecret) || !got.Active() {
			t.Errorf("TokenByID = %+v, want %+v, matching its secret, active", got, ed)
		}
		list, err := s.Tokens(t.Context())
		if err != nil {
			t.Fatalf("Tokens: %v", err)
		}
		var ids []string
		for _, tok := range list {
			ids = append(ids, tok.ID)
		}
		if want := []string{vw.ID, ed.ID}; !slices.Equal(ids, want) { // "10111213" < "20212223"
			t.Errorf("Tokens ids = %v, want %v", ids, want)
		}
		at := time.Date(2020, 10, 15, 8, 0, 0, 123_456_789, time.FixedZone("CST", 8*3600))
		if err := s.RevokeToken(t.Context(), ed.ID, "cli:admin", at); err != nil {
			t.Fatalf("RevokeToken: %v", err)
		}
		if err := s.RevokeToken(t.Context(), ed.ID, "cli:admin", at.Add(time.Hour)); err != nil {
			t.Errorf("second RevokeToken = %v, want nil", err)
		}
		got, err = s.TokenByID(t.Context(), ed.ID)
		want := at.UTC().Truncate(time.Microsecond)
		if err != nil || !got.RevokedAt.Equal(want) || got.RevokedAt.Location() != time.UTC || got.Active() {
			t.Errorf("after revoke: %+v, %v; want RevokedAt %v (first revocation, µs, UTC)", got, err, want)
		}
		if v, err := s.TokenByID(t.Context(), vw.ID); err != nil || !v.Active() {
			t.Errorf("other token after revoke: %+v, %v; want active", v, err)
		}
		all := auditLog(t, s)
		var acts []string
		for _, e := range all {
			acts = append(acts, e.Action+" by "+e.Actor)
		}
		if want := []string{"token_create by cli:root", "token_create by cli:root", "token_revoke by cli:admin"}; !slices.Equal(acts, want) {
			t.Errorf("audit = %q, want %q", acts, want)
		}
		if err := data.VerifyAudit(all); err != nil {
			t.Errorf("VerifyAudit: %v", err)
		}
		wantAfter := `{"id":"` + ed.ID + `","name":"生态环境局 editor","revoked_at":"2020-10-15T00:00:00.123456Z","role":"editor"}`
		if len(all) == 3 && string(all[2].After) != wantAfter {
			t.Errorf("revoke entry After = %s, want %s", all[2].After, wantAfter)
		}
		for _, e := range all {
			for _, secretish := range []string{ed.Hash, vw.Hash, edSecret} {
				if strings.Contains(string(e.Before)+string(e.After), secretish) {
					t.Errorf("audit entry %d contains a token hash or secret: %s %s", e.Seq, e.Before, e.After)
				}
			}
		}
	}},
	{"NotFound", func(t *testing.T, s data.Store) {
		if _, err := s.TokenByID(t.Context(), "deadbeef"); !errors.Is(err, data.ErrNotFound) {
			t.Errorf("TokenByID(unknown): err = %v, want ErrNotFound", err)
		}
		if err := s.RevokeToken(t.Context(), "deadbeef", "cli:root", time.Time{}); !errors.Is(err, data.ErrNotFound) {
			t.Errorf("RevokeToken(unknown): err = %v, want ErrNotFound", err)
		}
		list, err := s.Tokens(t.Context())
		if err != nil || len(list) != 0 {
			t.Errorf("Tokens = %v, %v; want none", list, err)
		}
		if all := auditLog(t, s); len(all) != 0 {
			t.Errorf("failed token calls wrote %d audit entries", len(all))
		}
	}},
	{"RevokeNow", func(t *testing.T, s data.Store) {
		tok, _ := newToken(t, 1, "x", data.RoleAdmin)
		createToken(t, s, tok)
		if err := s.RevokeToken(t.Context(), tok.ID, "cli:root", time.Time{}); err != nil {
			t.Fatalf("RevokeToken: %v", err)
		}
		got, err := s.TokenByID(t.Context(), tok.ID)
		if err != nil || got.RevokedAt.IsZero() || got.RevokedAt.Before(tok.CreatedAt) {
			t.Errorf("after RevokeToken(zero time): %+v, %v; want RevokedAt the store's now, not before %v", got, err, tok.CreatedAt)
		}
	}},
	{"Invalid", func(t *testing.T, s data.Store) {
		good, _ := newToken(t, 1, "ok", data.RoleViewer)
		createToken(t, s, good)
		dup, _ := newToken(t, 1, "again", data.RoleAdmin)
		if err := s.CreateToken(t.Context(), dup); !errors.Is(err, data.ErrConflict) {
			t.Errorf("CreateToken with a taken id: err = %v, want ErrConflict", err)
		}
		bad := map[string]func(tok *data.Token){
			"role":       func(tok *data.Token) { tok.Role = "root" },
			"id":         func(tok *data.Token) { tok.ID = "ABCDEF01" },
			"short id":   func(tok *data.Token) { tok.ID = "abc" },
			"no name":    func(tok *data.Token) { tok.Name = "" },
			"control":    func(tok *data.Token) { tok.Name = "a\nb" },
			"hash":       func(tok *data.Token) { tok.Hash = "secret" },
			"no creator": func(tok *data.Token) { tok.CreatedBy = "" },
		}
		for name, spoil := range bad {
			tok, _ := newToken(t, 9, "n", data.RoleEditor)
			spoil(tok)
			if err := s.CreateToken(t.Context(), tok); !errors.Is(err, geo.ErrInvalid) {
				t.Errorf("%s: CreateToken err = %v, want geo.ErrInvalid", name, err)
			}
		}
		list, err := s.Tokens(t.Context())
		if err != nil || len(list) != 1 || list[0].Name != "ok" {
			t.Errorf("Tokens = %v, %v; want only the first", list, err)
		}
		if got := seqs(auditLog(t, s)); !slices.Equal(got, []int64{1}) {
			t.Errorf("audit Seq = %v, want [1]: one entry for the one token created", got)
		}
	}},
}
