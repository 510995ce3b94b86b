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

  zonegate audit verify --store FILE
  zonegate audit list   --store FILE [--layer L] [--from T] [--to T] [--after SEQ] [--limit N] [--json]

verify recomputes every entry's hash and the chain from the first entry;
it exits 0 when the chain is intact and 1 naming the first bad entry. Keep
the printed head hash elsewhere to detect entries cut off the end later.
Times are RFC 3339 or YYYY-MM-DD (a date is midnight UTC+8); --from is
inclusive, --to exclusive.`

// auditPage is how many entries verify reads at a time.
const auditPage = 1000

func runAudit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return runSubcommand(ctx, "audit", auditSynopsis, map[string]commandFunc{"verify": runAuditVerify, "list": runAuditList}, args, stdout, stderr)
}

func runAuditVerify(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	store, err := openStoreFlagOnly(ctx, "audit verify", auditSynopsis, args, stderr)
	if err != nil {
		return err
	}
	defer store.Close()
	var v data.AuditVerifier
	for {
		page, err := store.Audit(ctx, data.AuditFilter{AfterSeq: v.Count(), Limit: auditPage})
		if err != nil {
			return fmt.Errorf("read audit log: %w", err)
		}
		if err := v.Add(page); err != nil {
			return fmt.Errorf("audit chain broken: %w", err)
		}
		if len(page) < auditPage {
			break
		}
	}
	fmt.Fprintf(stdout, "audit chain intact: %d entries, head %s\n", v.Count(), v.Head())
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
