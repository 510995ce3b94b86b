package data_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/geo"
)

// secret0 is the secret NewTokenSecret makes from the bytes 0, 1, …, 35;
// the values were computed independently (Python base64 and hashlib).
const (
	id0     = "00010203"
	secret0 = "zg_00010203_BAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiM"
	hash0   = "606871431cd8fabd82847d4985cceb1b77a8ec0647011e5c9924593590c4e5e8"
)

func counting() *bytes.Reader {
	var b [36]byte
	for i := range b {
		b[i] = byte(i)
	}
	return bytes.NewReader(b[:])
}

func TestNewTokenSecret(t *testing.T) {
	id, secret, err := data.NewTokenSecret(counting())
	if err != nil || id != id0 || secret != secret0 {
		t.Fatalf("NewTokenSecret = %q, %q, %v; want %q, %q", id, secret, err, id0, secret0)
	}
	if h := data.HashSecret(secret); h != hash0 {
		t.Errorf("HashSecret = %s, want %s", h, hash0)
	}
	if _, _, err := data.NewTokenSecret(bytes.NewReader(make([]byte, 35))); err == nil {
		t.Errorf("NewTokenSecret from 35 bytes succeeded")
	}
}

func TestParseSecret(t *testing.T) {
	cases := []struct {
		name, secret, id string
		ok               bool
	}{
		{"valid", secret0, id0, true},
		{"underscore and dash in random part", "zg_a0b1c2d3_" + strings.Repeat("-_", 21) + "A", "a0b1c2d3", true},
		{"empty", "", "", false},
		{"no prefix", "xx_00010203_BAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiM", "", false},
		{"upper-case id", "zg_0001020A_BAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiM", "", false},
		{"missing separator", "zg_00010203xBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiM", "", false},
		{"short", secret0[:len(secret0)-1], "", false},
		{"long", secret0 + "A", "", false},
		{"padding", secret0[:len(secret0)-1] + "=", "", false},
		{"non-canonical last char", secret0[:len(secret0)-1] + "N", "", false},
		{"bad alphabet", secret0[:len(secret0)-1] + "+", "", false},
	}
	for _, tc := range cases {
		id, ok := data.ParseSecret(tc.secret)
		if id != tc.id || ok != tc.ok {
			t.Errorf("%s: ParseSecret(%q) = %q, %v; want %q, %v", tc.name, tc.secret, id, ok, tc.id, tc.ok)
		}
	}
}

func TestTokenMatches(t *testing.T) {
	tok := &data.Token{ID: id0, Hash: hash0}
	other := strings.Replace(secret0, "BAUG", "BAUH", 1)
	cases := []struct {
		name   string
		tok    *data.Token
		secret string
		want   bool
	}{
		{"its secret", tok, secret0, true},
		{"another secret", tok, other, false},
		{"empty", tok, "", false},
		{"the hash itself", tok, hash0, false},
		{"right hash, other id", &data.Token{ID: "ffffffff", Hash: hash0}, secret0, false},
		{"hash of a malformed secret", &data.Token{ID: id0, Hash: data.HashSecret("zg_00010203_x")}, "zg_00010203_x", false},
	}
	for _, tc := range cases {
		if got := tc.tok.Matches(tc.secret); got != tc.want {
			t.Errorf("%s: Matches = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestRoles(t *testing.T) {
	roles := []data.Role{data.RoleViewer, data.RoleInspector, data.RoleEditor, data.RoleAdmin}
	for i, r := range roles {
		if got, err := data.ParseRole(string(r)); err != nil || got != r {
			t.Errorf("ParseRole(%s) = %v, %v", r, got, err)
		}
		for j, need := range roles {
			if got, want := r.Includes(need), i >= j; got != want {
				t.Errorf("%s.Includes(%s) = %v, want %v", r, need, got, want)
			}
		}
		if data.Role("root").Includes(r) || r.Includes("root") {
			t.Errorf("an unknown role is included by or includes %s", r)
		}
	}
	for _, bad := range []string{"", "Admin", "root", "viewer "} {
		if _, err := data.ParseRole(bad); !errors.Is(err, geo.ErrInvalid) {
			t.Errorf("ParseRole(%q): err = %v, want geo.ErrInvalid", bad, err)
		}
	}
}

// FuzzParseSecret checks that ParseSecret never panics and accepts exactly
// the strings NewTokenSecret's format describes.
func FuzzParseSecret(f *testing.F) {
	f.Add(secret0)
	f.Add("zg_00000000_")
	f.Add("zg_ffffffff_" + strings.Repeat("_", 43))
	f.Fuzz(func(t *testing.T, s string) {
		id, ok := data.ParseSecret(s)
		if !ok {
			if id != "" {
				t.Fatalf("ParseSecret(%q) = %q, false: want no id", s, id)
			}
			return
		}
		if len(s) != 55 || s[:3] != "zg_" || s[3:11] != id || s[11] != '_' || !data.ValidTokenID(id) {
			t.Fatalf("ParseSecret(%q) accepted a malformed secret (id %q)", s, id)
		}
		tok := &data.Token{ID: id, Hash: data.HashSecret(s)}
		if !tok.Matches(s) {
			t.Fatalf("a parsed secret does not match its own hash: %q", s)
		}
	})
}
