package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/geo"
)

const auditSynopsis = `zonegate audit — read and check the hash-chained audit log.

  zonegate audit verify --store FILE [--audit-key-file KEY] [--head SEQ:HASH]
  zonegate audit head   --store FILE [--json]
  zonegate audit list   --store FILE [--layer L] [--from T] [--to T] [--after SEQ] [--limit N] [--json]

verify recomputes every entry's hash and the chain from the first entry,
then compares the last entry with the head the store records: it exits 0
when the chain is intact and 1 naming the first bad entry, or how many
entries were cut off the end. A chain keyed with --audit-key-file (on
serve, import, token …) is HMAC-SHA256 from its audit_key entry on and
verifies only with that key, so rows changed and rehashed without the key
are found.

head prints the head: SEQ:HASH and the entry's time. Keep it outside the
store (print it, mail it, pin it elsewhere); verify --head SEQ:HASH later
fails unless the chain still holds that entry with that hash, which shows
entries removed even when the stored head was moved back with them.

Times are RFC 3339 or YYYY-MM-DD (a date is midnight UTC+8); --from is
inclusive, --to exclusive.`

func runAudit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return runSubcommand(ctx, "audit", auditSynopsis, map[string]commandFunc{
		"verify": runAuditVerify, "head": runAuditHead, "list": runAuditList,
	}, args, stdout, stderr)
}

func runAuditVerify(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("audit verify", auditSynopsis, stderr)
	storePath := storeFlag(fs)
	keyFile := auditKeyFlag(fs)
	headFlag := fs.String("head", "", "SEQ:HASH printed earlier by 'zonegate audit head': the chain must still hold this entry")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	v := data.AuditVerifier{}
	if *headFlag != "" {
		anchor, err := data.ParseAuditAnchor(*headFlag)
		if err != nil {
			fmt.Fprintf(stderr, "--head: %v\n", err)
			return errUsage
		}
		v.Anchor = &anchor
	}
	key, err := readAuditKey(*keyFile)
	if err != nil {
		return err
	}
	v.Key = key
	// The store is opened without the key: verifying never appends (an
	// unkeyed chain is not keyed by being verified).
	store, err := openExistingStore(ctx, *storePath)
	if err != nil {
		return err
	}
	defer store.Close()
	head, err := data.VerifyStoredAudit(ctx, store, &v)
	if err != nil {
		return fmt.Errorf("audit chain broken: %w", err)
	}
	fmt.Fprintf(stdout, "audit chain intact: %d entries, head %s", v.Count(), v.Head())
	if v.KeyedFrom() > 0 {
		fmt.Fprintf(stdout, ", keyed from seq %d (key id %s)", v.KeyedFrom(), head.KeyID)
	}
	if v.Anchor != nil {
		fmt.Fprintf(stdout, ", holds %s", v.Anchor)
	}
	fmt.Fprintln(stdout)
	return nil
}

func runAuditHead(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("audit head", auditSynopsis, stderr)
	storePath := storeFlag(fs)
	asJSON := fs.Bool("json", false, "print a JSON object instead of one line")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	store, err := openExistingStore(ctx, *storePath)
	if err != nil {
		return err
	}
	defer store.Close()
	head, err := store.AuditHead(ctx)
	if err != nil {
		return err
	}
	if head.Seq == 0 {
		return fmt.Errorf("the audit log is empty: there is no head to keep")
	}
	last, err := store.Audit(ctx, data.AuditFilter{AfterSeq: head.Seq - 1, Limit: 1})
	if err != nil {
		return fmt.Errorf("read audit log: %w", err)
	}
	if len(last) == 0 || last[0].Seq != head.Seq || last[0].Hash != head.Hash {
		return fmt.Errorf("%w: audit entry %d, the stored head, is missing or differs: run zonegate audit verify", data.ErrAuditBroken, head.Seq)
	}
	anchor := data.AuditAnchor{Seq: head.Seq, Hash: head.Hash}
	at := last[0].Time.UTC().Format(data.AuditTimeLayout)
	if *asJSON {
		enc := json.NewEncoder(stdout)
		return enc.Encode(map[string]any{"seq": head.Seq, "hash": head.Hash, "time": at, "head": anchor.String(), "key_id": head.KeyID})
	}
	fmt.Fprintf(stdout, "%s %s\n", anchor, at)
	return nil
}

func runAuditList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("audit list", auditSynopsis, stderr)
	storePath := storeFlag(fs)
	layer := fs.String("layer", "", "only entries about this layer")
	from := fs.String("from", "", "only entries at or after this time")
	to := fs.String("to", "", "only entries before this time")
	after := fs.Int64("after", 0, "only entries with a higher seq")
	limit := fs.Int("limit", 0, "at most this many entries (0: all)")
	asJSON := fs.Bool("json", false, "print one JSON object per line instead of a table")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	f := data.AuditFilter{Layer: *layer, AfterSeq: *after, Limit: *limit}
	cst := time.FixedZone("CST", 8*3600)
	for _, p := range []struct {
		flag string
		in   string
		out  *time.Time
	}{{"--from", *from, &f.From}, {"--to", *to, &f.To}} {
		if p.in == "" {
			continue
		}
		t, err := geo.ParseTime(p.in, cst)
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", p.flag, err)
			return errUsage
		}
		*p.out = t
	}
	store, err := openExistingStore(ctx, *storePath)
	if err != nil {
		return err
	}
	defer store.Close()
	entries, err := store.Audit(ctx, f)
	if err != nil {
		return fmt.Errorf("read audit log: %w", err)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		for _, e := range entries {
			if err := enc.Encode(e); err != nil {
				return err
			}
		}
		return nil
	}
	tw := newTable(stdout, false)
	fmt.Fprintln(tw, "SEQ\tTIME\tACTOR\tACTION\tLAYER\tZONE\tVERSION\tHASH")
	for _, e := range entries {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%d\t%s\n", e.Seq, e.Time.Format(time.RFC3339), e.Actor, e.Action,
			dash(e.Layer), dash(e.ZoneID), e.Version, e.Hash[:min(12, len(e.Hash))])
	}
	return tw.Flush()
}

// dash shows an empty column as "-".
func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
