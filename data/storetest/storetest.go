// Package storetest is the conformance suite every data.Store backend runs
// unchanged. A backend's test calls Run with a function that opens a fresh,
// empty store:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) data.Store { return openTemp(t) })
//	}
//
// Precision the suite requires: geometry coordinates bit-exact; properties
// equal after a JSON round trip (numbers come back as float64); times equal
// to the millisecond (a backend may keep more), returned in UTC, zero times
// kept zero; layer ids ordered by byte value.
package storetest

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/geo"
)

// Run runs the conformance suite. open returns a fresh, empty store for each
// subtest; the suite closes it.
func Run(t *testing.T, open func(t *testing.T) data.Store) {
	groups := []struct {
		name  string
		tests []test
	}{
		{"Layers", layerTests},
		{"Commit", commitTests},
		{"Update", updateTests},
		{"RoundTrip", roundTripTests},
		{"Changes", changesTests},
		{"Subscribe", subscribeTests},
		{"Inspections", inspectionTests},
		{"Audit", auditTests},
		{"Tokens", tokenTests},
		{"Publish", publishTests},
		{"Context", contextTests},
		{"Concurrency", concurrencyTests},
		{"DEMs", demTests},
		{"Tracks", trackTests},
		{"TrackUpdates", trackUpdateTests},
		{"Reports", reportTests},
	}
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) {
			for _, tc := range g.tests {
				t.Run(tc.name, func(t *testing.T) {
					// Every check has a store of its own, so they run side
					// by side: most of their time is waiting on the disk
					// or the server (schema creation, fsync).
					t.Parallel()
					s := open(t)
					t.Cleanup(func() {
						if err := s.Close(); err != nil {
							t.Errorf("Close: %v", err)
						}
					})
					tc.run(t, s)
				})
			}
		})
	}
}

// test is one named conformance check against a fresh store.
type test struct {
	name string
	run  func(t *testing.T, s data.Store)
}

// Layer ids used across the suite, one per geometry class.
const (
	layerCoal   = "coal"   // geo.KindCoalBan: polygons
	layerRoutes = "routes" // geo.KindCoalRoute: lines
	layerPoints = "points" // geo.KindCheckpoint: points
	layerAny    = "any"    // geo.KindCustom: anything
)

// setup creates the suite's four layers.
func setup(t *testing.T, s data.Store) {
	t.Helper()
	for _, l := range []geo.Layer{
		{ID: layerCoal, Kind: geo.KindCoalBan, Title: "禁煤区"},
		{ID: layerRoutes, Kind: geo.KindCoalRoute, Title: "运煤路线"},
		{ID: layerPoints, Kind: geo.KindCheckpoint, Title: "检查站"},
		{ID: layerAny, Kind: geo.KindCustom, Title: "custom"},
	} {
		if _, err := s.PutLayer(t.Context(), l); err != nil {
			t.Fatalf("PutLayer(%s): %v", l.ID, err)
		}
	}
}

// square is a closed counter-clockwise square with corner (x, y) and side d.
func square(x, y, d float64) orb.Ring {
	return orb.Ring{{x, y}, {x + d, y}, {x + d, y + d}, {x, y + d}, {x, y}}
}

// coalZone returns a published zone in layerCoal with a unit-ish square.
func coalZone(id string) *geo.Zone {
	return &geo.Zone{
		Layer: layerCoal, ID: id, Kind: geo.KindCoalBan, Name: "zone " + id,
		Geometry: orb.Polygon{square(111.5, 36.0, 0.01)},
		Status:   geo.StatusPublished,
	}
}

// commit commits b or fails the test.
func commit(t *testing.T, s data.Store, b data.Batch) {
	t.Helper()
	if err := s.Commit(t.Context(), b); err != nil {
		t.Fatalf("Commit: %v", err)
	}
}

// revision returns the store's current revision via an empty Changes scan
// from a far revision.
func revision(t *testing.T, s data.Store) int64 {
	t.Helper()
	rev, err := s.Changes(t.Context(), 1<<62, func(*geo.Zone) error { return nil })
	if err != nil {
		t.Fatalf("Changes: %v", err)
	}
	return rev
}

// versions returns the version numbers stored for (layer, id); none if the
// feature does not exist.
func versions(t *testing.T, s data.Store, layer, id string) []int64 {
	t.Helper()
	zs, err := s.ZoneVersions(t.Context(), layer, id)
	if err != nil {
		return nil
	}
	out := make([]int64, len(zs))
	for i, z := range zs {
		out[i] = z.Version
	}
	return out
}

// sameGeometry reports whether a and b have the same type and bit-identical
// coordinates (compared through their WKB encoding).
func sameGeometry(a, b orb.Geometry) bool {
	wa, errA := wkb.Marshal(a)
	wb, errB := wkb.Marshal(b)
	return errA == nil && errB == nil && bytes.Equal(wa, wb)
}

// sameTime reports whether got is in UTC and within a millisecond of want
// (both zero counts as equal).
func sameTime(got, want time.Time) bool {
	if want.IsZero() || got.IsZero() {
		return want.IsZero() && got.IsZero()
	}
	d := got.Sub(want)
	return got.Location() == time.UTC && d < time.Millisecond && d > -time.Millisecond
}

// canceled returns an already cancelled context.
func canceled(t *testing.T) context.Context {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	return ctx
}
