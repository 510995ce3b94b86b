package data_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/geo"
)

// at is the fixed time of the test vectors.
var at = time.Date(2020, 10, 15, 8, 0, 0, 123_456_789, time.FixedZone("CST", 8*3600))

// TestAuditHashVectors pins the canonical encoding: the expected hashes
// were computed independently (Python hashlib over the documented
// length-prefixed fields).
func TestAuditHashVectors(t *testing.T) {
	prepared, err := data.PrepareAudit([]*data.AuditEntry{
		{Actor: "cli:张", Action: "publish", Layer: "coal", ZoneID: "z1", Version: 2, After: json.RawMessage(`{ "name" : "a" }`),
			Seq: 99, Hash: "ignored", PrevHash: "ignored"},
		{Actor: "x", Action: "token_create"},
	})
	if err != nil {
		t.Fatalf("PrepareAudit: %v", err)
	}
	got, _, _ := data.SealAudit(data.AuditHead{Hash: data.ZeroHash}, nil, at, prepared, nil, nil)
	want := []struct {
		seq        int64
		prev, hash string
	}{
		{1, data.ZeroHash, "861ba7625857f327e01e056f106f5b4a775a9dd5780fbdcab4b357f13cf05811"},
		{2, "861ba7625857f327e01e056f106f5b4a775a9dd5780fbdcab4b357f13cf05811", "7f1c2c8c9ec1ab3d22f5e97750dc9180e93cd1caa39e2a1b1704b2a1e1b311fd"},
	}
	for i, w := range want {
		e := got[i]
		if e.Seq != w.seq || e.PrevHash != w.prev || e.Hash != w.hash {
			t.Errorf("entry %d: seq %d prev %s hash %s; want %d %s %s", i, e.Seq, e.PrevHash, e.Hash, w.seq, w.prev, w.hash)
		}
		if !e.Time.Equal(at.Truncate(time.Microsecond)) || e.Time.Location() != time.UTC {
			t.Errorf("entry %d: time %v, want %v in UTC", i, e.Time, at.Truncate(time.Microsecond))
		}
	}
	if string(got[0].After) != `{"name":"a"}` {
		t.Errorf("After = %s, want canonical", got[0].After)
	}
	if prepared[0].Seq != 0 || prepared[0].Hash != "" {
		t.Errorf("SealAudit modified its input: %+v", prepared[0])
	}
}

func TestSealAuditFillsAppendedVersions(t *testing.T) {
	prepared, err := data.PrepareAudit([]*data.AuditEntry{
		{Actor: "a", Action: "create", Layer: "coal", ZoneID: "z"},             // filled: last append of coal/z
		{Actor: "a", Action: "create", Layer: "coal", ZoneID: "y", Version: 7}, // explicit: kept
		{Actor: "a", Action: "create", Layer: "burn", ZoneID: "z"},             // not appended: stays 0
	})
	if err != nil {
		t.Fatal(err)
	}
	appended := []*geo.Zone{{Layer: "coal", ID: "z"}, {Layer: "coal", ID: "y"}, {Layer: "coal", ID: "z"}}
	got, _, _ := data.SealAudit(data.AuditHead{Seq: 5, Hash: strings.Repeat("a", 64)}, nil, at, prepared, appended, []int64{3, 1, 4})
	for i, want := range []int64{4, 7, 0} {
		if got[i].Version != want {
			t.Errorf("entry %d: Version %d, want %d", i, got[i].Version, want)
		}
	}
	if got[0].Seq != 6 || got[0].PrevHash != strings.Repeat("a", 64) {
		t.Errorf("first sealed entry: seq %d prev %s; want 6 after the head", got[0].Seq, got[0].PrevHash)
	}
}

// chain returns a valid five-entry log.
func chain(t *testing.T) []*data.AuditEntry {
	t.Helper()
	var in []*data.AuditEntry
	for _, a := range []string{"create", "update", "publish", "retire", "token_revoke"} {
		in = append(in, &data.AuditEntry{Actor: "cli:root", Action: a, Layer: "coal", ZoneID: "z", Version: 1,
			Before: json.RawMessage(`{"name":"old"}`), After: json.RawMessage(`{"name":"new"}`)})
	}
	prepared, err := data.PrepareAudit(in)
	if err != nil {
		t.Fatal(err)
	}
	var out []*data.AuditEntry
	sealed, _, _ := data.SealAudit(data.AuditHead{Hash: data.ZeroHash}, nil, at, prepared, nil, nil)
	for _, e := range sealed {
		out = append(out, &e)
	}
	return out
}

func TestVerifyAudit(t *testing.T) {
	cases := []struct {
		name    string
		tamper  func(es []*data.AuditEntry) []*data.AuditEntry
		wantSeq int64 // 0: intact
		reason  string
	}{
		{"intact", func(es []*data.AuditEntry) []*data.AuditEntry { return es }, 0, ""},
		{"empty", func([]*data.AuditEntry) []*data.AuditEntry { return nil }, 0, ""},
		{"actor changed", func(es []*data.AuditEntry) []*data.AuditEntry { es[1].Actor = "mallory"; return es }, 2, "does not match its contents"},
		{"after changed", func(es []*data.AuditEntry) []*data.AuditEntry {
			es[2].After = json.RawMessage(`{"name":"x"}`)
			return es
		}, 3, "does not match its contents"},
		{"time changed", func(es []*data.AuditEntry) []*data.AuditEntry {
			es[0].Time = es[0].Time.Add(time.Microsecond)
			return es
		}, 1, "does not match its contents"},
		{"version changed", func(es []*data.AuditEntry) []*data.AuditEntry { es[4].Version = 2; return es }, 5, "does not match its contents"},
		{"rehashed after edit", func(es []*data.AuditEntry) []*data.AuditEntry {
			es[1].Action = "create"
			es[1].Hash = data.AuditHash(es[1])
			return es
		}, 3, "prev_hash"},
		{"deleted", func(es []*data.AuditEntry) []*data.AuditEntry { return append(es[:1], es[2:]...) }, 2, "missing: the next entry is seq 3"},
		{"swapped", func(es []*data.AuditEntry) []*data.AuditEntry { es[1], es[2] = es[2], es[1]; return es }, 2, "missing: the next entry is seq 3"},
		{"repeated", func(es []*data.AuditEntry) []*data.AuditEntry { return append(es[:3], es[2:]...) }, 3, "out of order or repeated"},
		{"first prev not zero", func(es []*data.AuditEntry) []*data.AuditEntry {
			es[0].PrevHash = strings.Repeat("1", 64)
			es[0].Hash = data.AuditHash(es[0])
			return es
		}, 1, "prev_hash"},
		{"starts late", func(es []*data.AuditEntry) []*data.AuditEntry { return es[1:] }, 1, "missing: the next entry is seq 2"},
		{"nil entry", func(es []*data.AuditEntry) []*data.AuditEntry { es[3] = nil; return es }, 4, "missing"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := data.VerifyAudit(tc.tamper(chain(t)))
			if tc.wantSeq == 0 {
				if err != nil {
					t.Fatalf("VerifyAudit = %v, want nil", err)
				}
				return
			}
			var ae *data.AuditError
			if !errors.As(err, &ae) || !errors.Is(err, data.ErrAuditBroken) {
				t.Fatalf("VerifyAudit = %v, want an *AuditError wrapping ErrAuditBroken", err)
			}
			if ae.Seq != tc.wantSeq || !strings.Contains(ae.Reason, tc.reason) {
				t.Errorf("VerifyAudit = seq %d %q, want seq %d and a reason containing %q", ae.Seq, ae.Reason, tc.wantSeq, tc.reason)
			}
		})
	}
}

func TestAuditVerifierPages(t *testing.T) {
	es := chain(t)
	var v data.AuditVerifier
	if v.Head() != data.ZeroHash || v.Count() != 0 {
		t.Errorf("fresh verifier: head %s count %d", v.Head(), v.Count())
	}
	for _, page := range [][]*data.AuditEntry{es[:2], nil, es[2:3], es[3:]} {
		if err := v.Add(page); err != nil {
			t.Fatalf("Add: %v", err)
		}
	}
	if v.Count() != 5 || v.Head() != es[4].Hash {
		t.Errorf("after all pages: count %d head %s; want 5 %s", v.Count(), v.Head(), es[4].Hash)
	}
	if err := v.Add(es[2:3]); err == nil {
		t.Errorf("Add of an entry already seen succeeded")
	}
}

func TestCanonicalJSON(t *testing.T) {
	cases := []struct{ in, want string }{
		{``, ``},
		{`  `, ``},
		{`null`, ``},
		{` {"b": 1, "a": [true, null, 1.50e3, "x"]} `, `{"a":[true,null,1.50e3,"x"],"b":1}`},
		{`{"z":{"y":2,"x":1}}`, `{"z":{"x":1,"y":2}}`},
		{`"<&>"`, `"\u003c\u0026\u003e"`},
		{`"\ud800"`, "\"\ufffd\""}, // a lone surrogate becomes U+FFFD
		{`12345678901234567890`, `12345678901234567890`},
	}
	for _, tc := range cases {
		got, err := data.CanonicalJSON(json.RawMessage(tc.in))
		if err != nil || string(got) != tc.want {
			t.Errorf("CanonicalJSON(%s) = %s, %v; want %s", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{`{`, `{"a":1} x`, `[1,]`, `nan`} {
		if _, err := data.CanonicalJSON(json.RawMessage(bad)); !errors.Is(err, geo.ErrInvalid) {
			t.Errorf("CanonicalJSON(%s): err = %v, want geo.ErrInvalid", bad, err)
		}
	}
}

// FuzzCanonicalJSON checks that canonical JSON is valid and a fixed point.
func FuzzCanonicalJSON(f *testing.F) {
	for _, s := range []string{`{"b":1,"a":2}`, `[1,"\u00e9",{"x":null}]`, `"\xff"`, `1e400`, `{"a":{"a":{}}}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := data.CanonicalJSON(json.RawMessage(s))
		if err != nil || c == nil {
			return
		}
		if !json.Valid(c) {
			t.Fatalf("CanonicalJSON(%q) = %q, not valid JSON", s, c)
		}
		again, err := data.CanonicalJSON(c)
		if err != nil || string(again) != string(c) {
			t.Fatalf("CanonicalJSON not idempotent: %q -> %q -> %q, %v", s, c, again, err)
		}
	})
}
