package apitest

import (
	"context"
	"crypto/rand"
	"testing"

	"github.com/zonegate/zonegate/data"
)

// CreateToken stores a new token with role and returns its secret.
func CreateToken(t testing.TB, store data.Store, name string, role data.Role) string {
	t.Helper()
	id, secret, err := data.NewTokenSecret(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tok := &data.Token{ID: id, Name: name, Role: role, Hash: data.HashSecret(secret), CreatedBy: "test"}
	if err := store.CreateToken(context.Background(), tok); err != nil {
		t.Fatal(err)
	}
	return secret
}
