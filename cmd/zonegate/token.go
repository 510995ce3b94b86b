package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"os"
	"os/user"
	"time"

	"github.com/zonegate/zonegate/data"
)

const tokenSynopsis = `zonegate token — manage API bearer tokens.

  zonegate token create --store FILE --role ROLE --name NAME
  zonegate token list   --store FILE
  zonegate token revoke --store FILE --id ID

Roles: viewer (read published zones), inspector (+ checks), editor (+ drafts,
edits, publishing), admin (+ tokens, rules). A new token's secret is printed
once; the store keeps only its SHA-256 hash. Creating and revoking tokens is
recorded in the audit log (actor: --actor, default cli:<login name>).`

func runToken(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return runSubcommand(ctx, "token", tokenSynopsis, map[string]commandFunc{"create": runTokenCreate, "list": runTokenList, "revoke": runTokenRevoke}, args, stdout, stderr)
}

// cliActor names the person running the command in the audit log.
func cliActor() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return "cli:" + u.Username
	}
	if name := os.Getenv("USER"); name != "" {
		return "cli:" + name
	}
	return "cli:unknown"
}

func runTokenCreate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("token create", tokenSynopsis, stderr)
	storePath := storeFlag(fs)
	role := fs.String("role", "", "role: viewer, inspector, editor or admin (required)")
	name := fs.String("name", "", "who holds the token, e.g. ecology-bureau-wang (required; the audit log's actor)")
	actor := fs.String("actor", cliActor(), "who creates the token, for the audit log")
	keyFile := auditKeyFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	r, err := data.ParseRole(*role)
	if err != nil || *name == "" {
		fs.Usage()
		switch {
		case *role == "" || *name == "":
			fmt.Fprintln(stderr, "\nzonegate token create: needs --name and --role viewer|inspector|editor|admin")
		default:
			fmt.Fprintf(stderr, "\nzonegate token create: --role %q is not a role: want viewer, inspector, editor or admin\n", *role)
		}
		return errUsage
	}
	key, err := readAuditKey(*keyFile)
	if err != nil {
		return err
	}
	store, err := openStoreKeyed(ctx, *storePath, nil, key)
	if err != nil {
		return err
	}
	defer store.Close()
	id, secret, err := data.NewTokenSecret(rand.Reader)
	if err != nil {
		return err
	}
	t := &data.Token{ID: id, Name: *name, Role: r, Hash: data.HashSecret(secret), CreatedBy: *actor}
	if err := store.CreateToken(ctx, t); err != nil {
		return fmt.Errorf("create token: %w", err)
	}
	fmt.Fprintf(stderr, "created token %s for %q with role %s.\n", t.ID, t.Name, t.Role)
	fmt.Fprintln(stderr, "The secret below is shown only this once and is NOT stored (only its SHA-256 hash is): copy it now.")
	fmt.Fprintln(stdout, secret)
	return nil
}

func runTokenList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	store, err := openStoreFlagOnly(ctx, "token list", tokenSynopsis, args, stderr)
	if err != nil {
		return err
	}
	defer store.Close()
	tokens, err := store.Tokens(ctx)
	if err != nil {
		return err
	}
	tw := newTable(stdout, false)
	fmt.Fprintln(tw, "ID\tNAME\tROLE\tCREATED\tCREATED BY\tREVOKED")
	for _, t := range tokens {
		revoked := "-"
		if !t.Active() {
			revoked = t.RevokedAt.Format(time.RFC3339)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Name, t.Role, t.CreatedAt.Format(time.RFC3339), t.CreatedBy, revoked)
	}
	return tw.Flush()
}

func runTokenRevoke(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("token revoke", tokenSynopsis, stderr)
	storePath := storeFlag(fs)
	id := fs.String("id", "", "id of the token to revoke (see token list; required)")
	actor := fs.String("actor", cliActor(), "who revokes the token, for the audit log")
	keyFile := auditKeyFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *id == "" {
		fs.Usage()
		fmt.Fprintln(stderr, "\nzonegate token revoke: needs --id")
		return errUsage
	}
	key, err := readAuditKey(*keyFile)
	if err != nil {
		return err
	}
	store, err := openExistingStoreKeyed(ctx, *storePath, key)
	if err != nil {
		return err
	}
	defer store.Close()
	if err := store.RevokeToken(ctx, *id, *actor, time.Time{}); err != nil {
		if isNotFound(err) {
			return fmt.Errorf("no token with id %q", *id)
		}
		return fmt.Errorf("revoke token: %w", err)
	}
	fmt.Fprintf(stdout, "token %s is revoked\n", *id)
	return nil
}
