package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/zonegate/zonegate/api/internal/apitest"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/demo"
	"github.com/zonegate/zonegate/geo"
)

type auditPage struct {
	Entries   []data.AuditEntry `json:"entries"`
	NextAfter *int64            `json:"next_after"`
}

// getAudit fetches GET /v1/audit?query as admin.
func getAudit(t *testing.T, ts *apitest.Server, admin, query string) auditPage {
	t.Helper()
	status, _, body := ts.Do(t, http.MethodGet, "/v1/audit?"+query, "", "", "Authorization", "Bearer "+admin)
	if status != http.StatusOK {
		t.Fatalf("GET /v1/audit?%s: status %d: %s", query, status, body)
	}
	var p auditPage
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatalf("GET /v1/audit?%s: %v: %s", query, err, body)
	}
	return p
}

// publishNewVersion publishes a new version of the demo zone cb-141002 from
// 2021-01-01 as actor, and returns the audit log's length before it.
func publishNewVersion(t *testing.T, ts *apitest.Server, actor string) int64 {
	t.Helper()
	ctx := context.Background()
	before, err := ts.Store.Audit(ctx, data.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	_, zones := demo.Region()
	var z *geo.Zone
	for _, c := range zones {
		if c.Layer == "coal_ban" && c.ID == "cb-141002" && (z == nil || c.Validity.From.After(z.Validity.From)) {
			z = c
		}
	}
	if z == nil {
		t.Fatal("demo region has no coal_ban cb-141002")
	}
	next := *z
	next.Validity = geo.Validity{From: time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)}
	next.Name = "尧都区禁煤区（2021）"
	if err := data.PublishAs(ctx, ts.Store, actor, "", []*geo.Zone{&next}); err != nil {
		t.Fatal(err)
	}
	return int64(len(before))
}

func TestAuditListsPublishedChanges(t *testing.T) {
	ts := apitest.New(t)
	admin := apitest.CreateToken(t, ts.Store, "auditor", data.RoleAdmin)
	n0 := publishNewVersion(t, ts, "ecology-wang")

	got := getAudit(t, ts, admin, fmt.Sprintf("layer=coal_ban&after=%d", n0))
	if got.NextAfter != nil {
		t.Errorf("next_after = %d, want null", *got.NextAfter)
	}
	if len(got.Entries) == 0 {
		t.Fatal("no entries after the publish")
	}
	published := false
	for i, e := range got.Entries {
		if e.Seq != n0+int64(i)+1 || e.Actor != "ecology-wang" || e.Layer != "coal_ban" || e.ZoneID != "cb-141002" {
			t.Errorf("entry %d = seq %d actor %q layer %q zone %q; want seq %d by ecology-wang on coal_ban/cb-141002",
				i, e.Seq, e.Actor, e.Layer, e.ZoneID, n0+int64(i)+1)
		}
		if e.Hash != data.AuditHash(&e) {
			t.Errorf("entry %d: hash %s does not match its fields", e.Seq, e.Hash)
		}
		published = published || e.Action == data.ActionPublish
	}
	if !published {
		t.Errorf("no %q entry among %+v", data.ActionPublish, got.Entries)
	}

	if other := getAudit(t, ts, admin, fmt.Sprintf("layer=burn_ban&after=%d", n0)); len(other.Entries) != 0 || other.NextAfter != nil {
		t.Errorf("layer=burn_ban after the publish: %d entries, next_after %v; want none", len(other.Entries), other.NextAfter)
	}
	for _, q := range []string{"from=2999-01-01", "to=2000-01-01"} {
		if p := getAudit(t, ts, admin, q); len(p.Entries) != 0 {
			t.Errorf("%s: %d entries, want 0", q, len(p.Entries))
		}
	}
}

func TestAuditPagesThroughTheWholeChain(t *testing.T) {
	ts := apitest.New(t)
	admin := apitest.CreateToken(t, ts.Store, "auditor", data.RoleAdmin)
	publishNewVersion(t, ts, "ecology-wang")
	all, err := ts.Store.Audit(context.Background(), data.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	const pageSize = 3
	var seqs []int64
	prevHash := data.ZeroHash
	query := fmt.Sprintf("limit=%d", pageSize)
	for pages := 0; ; pages++ {
		if pages > len(all) {
			t.Fatal("paging does not end")
		}
		p := getAudit(t, ts, admin, query)
		for _, e := range p.Entries {
			if e.PrevHash != prevHash {
				t.Errorf("entry %d: prev_hash %s, want %s", e.Seq, e.PrevHash, prevHash)
			}
			prevHash = e.Hash
			seqs = append(seqs, e.Seq)
		}
		if p.NextAfter == nil {
			break
		}
		if len(p.Entries) != pageSize || *p.NextAfter != p.Entries[len(p.Entries)-1].Seq {
			t.Fatalf("page of %d entries with next_after %d", len(p.Entries), *p.NextAfter)
		}
		query = fmt.Sprintf("limit=%d&after=%d", pageSize, *p.NextAfter)
	}
	if len(seqs) != len(all) {
		t.Fatalf("paged %d entries, the store has %d", len(seqs), len(all))
	}
	for i, s := range seqs {
		if s != int64(i)+1 {
			t.Fatalf("entry %d has seq %d, want %d", i, s, i+1)
		}
	}
}

func TestAuditRejectsBadParameters(t *testing.T) {
	ts := apitest.New(t)
	admin := apitest.CreateToken(t, ts.Store, "auditor", data.RoleAdmin)
	for _, tc := range []struct {
		query, code, field string
	}{
		{"from=yesterday", "invalid_time", "from"},
		{"to=2020-13-01", "invalid_time", "to"},
		{"after=-1", "invalid_after", "after"},
		{"after=abc", "invalid_after", "after"},
		{"limit=0", "invalid_limit", "limit"},
		{"limit=10001", "invalid_limit", "limit"},
		{"limit=ten", "invalid_limit", "limit"},
	} {
		t.Run(tc.query, func(t *testing.T) {
			status, _, body := ts.Do(t, http.MethodGet, "/v1/audit?"+tc.query, "", "", "Authorization", "Bearer "+admin)
			var e struct {
				Error struct{ Code, Field string } `json:"error"`
			}
			if err := json.Unmarshal(body, &e); err != nil {
				t.Fatalf("%v: %s", err, body)
			}
			if status != http.StatusBadRequest || e.Error.Code != tc.code || e.Error.Field != tc.field {
				t.Errorf("status %d code %q field %q, want 400 %q %q", status, e.Error.Code, e.Error.Field, tc.code, tc.field)
			}
		})
	}
}
