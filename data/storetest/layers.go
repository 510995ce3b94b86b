package storetest

import (
	"errors"
	"testing"

	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/geo"
)

var layerTests = []test{
	{"CreateReturnsStored", func(t *testing.T, s data.Store) {
		in := geo.Layer{ID: "coal", Kind: geo.KindCoalBan, Title: "禁煤区", Description: "城市建成区"}
		got, err := s.PutLayer(t.Context(), in)
		if err != nil {
			t.Fatalf("PutLayer: %v", err)
		}
		if got.ID != in.ID || got.Kind != in.Kind || got.Title != in.Title || got.Description != in.Description {
			t.Errorf("PutLayer = %+v, want fields of %+v", got, in)
		}
		if rev := revision(t, s); got.Revision != rev || rev < 1 {
			t.Errorf("Revision = %d, store revision %d; want equal and ≥ 1", got.Revision, rev)
		}
		if got.UpdatedAt.IsZero() || got.UpdatedAt.Location().String() != "UTC" {
			t.Errorf("UpdatedAt = %v, want a UTC time", got.UpdatedAt)
		}
		read, err := s.Layer(t.Context(), "coal")
		if err != nil {
			t.Fatalf("Layer: %v", err)
		}
		if read.ID != got.ID || read.Kind != got.Kind || read.Title != got.Title ||
			read.Description != got.Description || read.Revision != got.Revision || !read.UpdatedAt.Equal(got.UpdatedAt) {
			t.Errorf("Layer = %+v, want %+v", read, got)
		}
	}},
	{"UpdateTitle", func(t *testing.T, s data.Store) {
		first, err := s.PutLayer(t.Context(), geo.Layer{ID: "coal", Kind: geo.KindCoalBan, Title: "old"})
		if err != nil {
			t.Fatalf("PutLayer: %v", err)
		}
		second, err := s.PutLayer(t.Context(), geo.Layer{ID: "coal", Kind: geo.KindCoalBan, Title: "new", Description: "d"})
		if err != nil {
			t.Fatalf("PutLayer again: %v", err)
		}
		if second.Revision <= first.Revision {
			t.Errorf("revision after update = %d, want > %d", second.Revision, first.Revision)
		}
		got, err := s.Layer(t.Context(), "coal")
		if err != nil {
			t.Fatalf("Layer: %v", err)
		}
		if got.Title != "new" || got.Description != "d" || got.Revision != second.Revision {
			t.Errorf("Layer = %+v, want title new, description d, revision %d", got, second.Revision)
		}
		if ls, _ := s.Layers(t.Context()); len(ls) != 1 {
			t.Errorf("Layers has %d layers, want 1", len(ls))
		}
	}},
	{"KindChangeConflicts", func(t *testing.T, s data.Store) {
		if _, err := s.PutLayer(t.Context(), geo.Layer{ID: "coal", Kind: geo.KindCoalBan, Title: "old"}); err != nil {
			t.Fatalf("PutLayer: %v", err)
		}
		rev := revision(t, s)
		_, err := s.PutLayer(t.Context(), geo.Layer{ID: "coal", Kind: geo.KindBurnBan, Title: "changed"})
		if !errors.Is(err, data.ErrConflict) {
			t.Fatalf("PutLayer with new kind: err = %v, want ErrConflict", err)
		}
		got, err := s.Layer(t.Context(), "coal")
		if err != nil || got.Kind != geo.KindCoalBan || got.Title != "old" {
			t.Errorf("Layer = %+v, %v; want unchanged kind coal_ban, title old", got, err)
		}
		if after := revision(t, s); after != rev {
			t.Errorf("store revision %d after failed PutLayer, want %d", after, rev)
		}
	}},
	{"InvalidRejected", func(t *testing.T, s data.Store) {
		for _, l := range []geo.Layer{
			{ID: "", Kind: geo.KindCoalBan},
			{ID: "has space", Kind: geo.KindCoalBan},
			{ID: "ok", Kind: "no_such_kind"},
		} {
			if _, err := s.PutLayer(t.Context(), l); !errors.Is(err, geo.ErrInvalid) {
				t.Errorf("PutLayer(%+v): err = %v, want geo.ErrInvalid", l, err)
			}
		}
		if ls, err := s.Layers(t.Context()); err != nil || len(ls) != 0 {
			t.Errorf("Layers = %v, %v; want none", ls, err)
		}
	}},
	{"NotFound", func(t *testing.T, s data.Store) {
		if _, err := s.Layer(t.Context(), "missing"); !errors.Is(err, data.ErrNotFound) {
			t.Errorf("Layer(missing): err = %v, want ErrNotFound", err)
		}
	}},
	{"EmptyList", func(t *testing.T, s data.Store) {
		ls, err := s.Layers(t.Context())
		if err != nil || len(ls) != 0 {
			t.Errorf("Layers = %v, %v; want none", ls, err)
		}
	}},
	{"OrderedByID", func(t *testing.T, s data.Store) {
		for _, id := range []string{"b", "a.1", "Z9", "a", "a-1", "10", "9"} {
			if _, err := s.PutLayer(t.Context(), geo.Layer{ID: id, Kind: geo.KindCustom, Title: id}); err != nil {
				t.Fatalf("PutLayer(%s): %v", id, err)
			}
		}
		ls, err := s.Layers(t.Context())
		if err != nil {
			t.Fatalf("Layers: %v", err)
		}
		want := []string{"10", "9", "Z9", "a", "a-1", "a.1", "b"} // byte order
		var got []string
		for _, l := range ls {
			got = append(got, l.ID)
		}
		if len(got) != len(want) {
			t.Fatalf("Layers ids = %v, want %v", got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("Layers ids = %v, want %v", got, want)
			}
		}
	}},
}
