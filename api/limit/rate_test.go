package limit

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/zonegate/zonegate/api/wire"
	"github.com/zonegate/zonegate/data"
)

// TestRateLimiterBounded: 50,000 distinct callers never hold more than
// maxRateEntries buckets; callers whose bucket has refilled are forgotten
// first, and an active caller's empty bucket survives eviction of idle
// ones.
func TestRateLimiterBounded(t *testing.T) {
	t.Parallel()
	now := time.Date(2020, 11, 1, 8, 0, 0, 0, time.UTC)
	l := NewRates(map[data.Role]Rate{RoleAnonymous: {PerSecond: 1, Burst: 2}})
	l.now = func() time.Time { return now }
	// An active caller empties its bucket.
	for range 2 {
		if d, _ := l.Allow("addr:active", RoleAnonymous); d != 0 {
			t.Fatal("burst refused")
		}
	}
	if d, _ := l.Allow("addr:active", RoleAnonymous); d != time.Second {
		t.Fatalf("third request: wait %v, want 1s", d)
	}
	// Idle callers fill the map; 3 s later their buckets have refilled.
	for i := range maxRateEntries - 1 {
		l.Allow(fmt.Sprintf("addr:10.0.%d.%d", i/256, i%256), RoleAnonymous)
	}
	if n := l.len(); n != maxRateEntries {
		t.Fatalf("%d entries, want %d", n, maxRateEntries)
	}
	now = now.Add(3 * time.Second)
	if d, _ := l.Allow("addr:active", RoleAnonymous); d != 0 { // refilled by now; keeps it recent
		t.Fatalf("active caller after 3 s: wait %v", d)
	}
	l.Allow("addr:active", RoleAnonymous)
	l.Allow("addr:new", RoleAnonymous) // full: evicts the idle ones
	if n := l.len(); n != 2 {
		t.Errorf("%d entries after evicting the refilled ones, want 2 (active and new)", n)
	}
	if d, _ := l.Allow("addr:active", RoleAnonymous); d != time.Second {
		t.Errorf("active caller lost its empty bucket: wait %v", d)
	}
	// A flood of distinct callers that are all busy stays bounded.
	for i := range 50_000 {
		l.Allow(fmt.Sprintf("addr:flood-%d", i), RoleAnonymous)
		if n := l.len(); n > maxRateEntries {
			t.Fatalf("%d entries after %d callers", n, i+1)
		}
	}
}

func TestParseRate(t *testing.T) {
	t.Parallel()
	good := []struct {
		in   string
		role data.Role
		rate Rate
		on   bool
	}{
		{"anonymous=50:100", RoleAnonymous, Rate{50, 100}, true},
		{"viewer=20", data.RoleViewer, Rate{20, 40}, true},
		{"admin=0.5", data.RoleAdmin, Rate{0.5, 1}, true},
		{"editor=off", data.RoleEditor, Rate{}, false},
	}
	for _, tc := range good {
		role, r, on, err := ParseRate(tc.in)
		if err != nil || role != tc.role || r != tc.rate || on != tc.on {
			t.Errorf("%s: %v %v %v %v", tc.in, role, r, on, err)
		}
	}
	bad := map[string]string{
		"viewer":           "want ROLE=PER_SECOND[:BURST]",
		"root=5":           "want ROLE=PER_SECOND[:BURST]",
		"viewer=0":         `"0" is not a positive number`,
		"viewer=-1":        `"-1" is not a positive number`,
		"viewer=1_0":       `"1_0" is not a positive number`,
		"viewer=0x10":      `"0x10" is not a positive number`,
		"viewer=Inf":       `"Inf" is not a positive number`,
		"viewer=NaN":       `"NaN" is not a positive number`,
		"viewer=5:0":       `burst "0" is not a positive whole number`,
		"viewer=5:2.5":     `burst "2.5" is not a positive whole number`,
		"inspector=5:many": `burst "many"`,
	}
	for in, want := range bad {
		if _, _, _, err := ParseRate(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", in, err, want)
		}
	}
}

// TestAllowRequestUnlimitedRoleAllocatesNothing: a caller whose role has
// no rate passes without a key being built; a limited one is counted
// under its token.
func TestAllowRequestUnlimitedRoleAllocatesNothing(t *testing.T) {
	l := NewRates(map[data.Role]Rate{data.RoleViewer: {PerSecond: 1, Burst: 1}})
	admin := httptest.NewRequest(http.MethodGet, "/v1/layers", nil)
	admin = admin.WithContext(wire.WithCaller(admin.Context(), &wire.Caller{TokenID: "root", Role: data.RoleAdmin}))
	if allocs := testing.AllocsPerRun(100, func() {
		if d, _, role := l.AllowRequest(admin); d != 0 || role != data.RoleAdmin {
			t.Fatalf("admin: wait %v role %s", d, role)
		}
	}); allocs != 0 {
		t.Errorf("unlimited caller: %v allocations per request, want 0", allocs)
	}
	viewer := httptest.NewRequest(http.MethodGet, "/v1/layers", nil)
	viewer = viewer.WithContext(wire.WithCaller(viewer.Context(), &wire.Caller{TokenID: "v1", Role: data.RoleViewer}))
	if d, rt, role := l.AllowRequest(viewer); d != 0 || rt != (Rate{PerSecond: 1, Burst: 1}) || role != data.RoleViewer {
		t.Fatalf("viewer first: wait %v rate %v role %s", d, rt, role)
	}
	if d, _, _ := l.AllowRequest(viewer); d <= 0 {
		t.Fatalf("viewer second: wait %v, want > 0", d)
	}
	if n := l.len(); n != 1 {
		t.Errorf("%d callers tracked, want 1 (the viewer)", n)
	}
}
