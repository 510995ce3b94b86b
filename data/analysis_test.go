package data_test

import (
	"errors"
	"maps"
	"path/filepath"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/sqlite"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/analysis"
)

// openSQLite returns a new SQLite store in a temporary folder.
func openSQLite(t *testing.T) data.Store {
	t.Helper()
	s, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "analysis.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// resultLayer is a custom layer "out" with one square zone per id, valid
// from from.
func resultLayer(from time.Time, ids ...string) analysis.Layer {
	r := analysis.Layer{ValidFrom: from, Layer: geo.Layer{ID: "out", Kind: geo.KindCustom, Title: "Out"}}
	for i, id := range ids {
		x := float64(i)
		r.Zones = append(r.Zones, &geo.Zone{Layer: "out", ID: id, Kind: geo.KindCustom, Name: id,
			Properties: map[string]any{"run": from.Format(time.DateOnly)},
			Geometry:   orb.Polygon{{{x, 0}, {x + 0.5, 0}, {x + 0.5, 0.5}, {x, 0.5}, {x, 0}}},
			Validity:   geo.Validity{From: from}})
	}
	return r
}

func TestPublishAnalysis(t *testing.T) {
	t.Parallel()
	s := openSQLite(t)
	ctx := t.Context()
	// A first run creates the layer and publishes a, b and c.
	if err := data.PublishAnalysis(ctx, s, "analyst", resultLayer(time.Time{}, "a", "b", "c")); err != nil {
		t.Fatal(err)
	}
	if l, err := s.Layer(ctx, "out"); err != nil || l.Kind != geo.KindCustom {
		t.Fatalf("layer: %+v, %v", l, err)
	}
	// A second run from 2021 has a and d only: b and c end where it begins.
	second := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)
	if err := data.PublishAnalysis(ctx, s, "analyst", resultLayer(second, "a", "d")); err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]struct {
		version int64
		from    time.Time
		to      time.Time
	}{
		"a": {2, second, time.Time{}},
		"b": {1, time.Time{}, second},
		"c": {1, time.Time{}, second},
		"d": {1, second, time.Time{}},
	} {
		z, err := s.Zone(ctx, "out", id)
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		if z.Version != want.version || z.Status != geo.StatusPublished ||
			!z.Validity.From.Equal(want.from) || !z.Validity.To.Equal(want.to) {
			t.Errorf("%s: version %d %s %v–%v, want version %d published %v–%v", id, z.Version, z.Status,
				z.Validity.From, z.Validity.To, want.version, want.from, want.to)
		}
	}
	// A third run valid always replaces everything: d is retired, and so
	// are a's and b's versions of the second run, superseded.
	if err := data.PublishAnalysis(ctx, s, "analyst", resultLayer(time.Time{}, "b")); err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]geo.Status{"a": geo.StatusRetired, "b": geo.StatusPublished, "c": geo.StatusRetired, "d": geo.StatusRetired} {
		z, err := s.Zone(ctx, "out", id)
		if err != nil || z.Status != want {
			t.Errorf("%s after the third run: %v, %v; want %s", id, z.Status, err, want)
		}
	}
	// Every change is audited by the actor.
	entries, err := s.Audit(ctx, data.AuditFilter{Layer: "out"})
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, e := range entries {
		if e.Actor != "analyst" {
			t.Errorf("audit entry %d by %q", e.Seq, e.Actor)
		}
		counts[e.Action]++
	}
	// Published: 3 + 2 + 1. Closed by the second run: a1 (superseded), b1
	// and c1 (dropped). Retired by the third: b1 (superseded), a1, a2, c1
	// and d1 (dropped).
	want := map[string]int{data.ActionPublish: 6, data.ActionUpdate: 3, data.ActionRetire: 5}
	if !maps.Equal(counts, want) {
		t.Errorf("audit actions %v, want %v", counts, want)
	}
}

func TestPublishAnalysisRefuses(t *testing.T) {
	t.Parallel()
	s := openSQLite(t)
	ctx := t.Context()
	if _, err := s.PutLayer(ctx, geo.Layer{ID: "out", Kind: geo.KindBuiltUp, Title: "Out"}); err != nil {
		t.Fatal(err)
	}
	if err := data.PublishAnalysis(ctx, s, "analyst", resultLayer(time.Time{}, "a")); err == nil {
		t.Error("a layer of another kind was accepted")
	}
	twice := resultLayer(time.Time{}, "a", "a")
	twice.Layer.ID = "twice"
	for _, z := range twice.Zones {
		z.Layer = "twice"
	}
	if err := data.PublishAnalysis(ctx, s, "analyst", twice); !errors.Is(err, geo.ErrInvalid) {
		t.Errorf("two zones with one id: %v, want geo.ErrInvalid", err)
	}
	stray := resultLayer(time.Time{}, "a")
	stray.Layer.ID = "other"
	if err := data.PublishAnalysis(ctx, s, "analyst", stray); !errors.Is(err, geo.ErrInvalid) {
		t.Errorf("a zone outside its result layer: %v, want geo.ErrInvalid", err)
	}
	if _, err := s.Layer(ctx, "twice"); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("a refused result created its layer: %v", err)
	}
}
