package data_test

import (
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/sqlite"
	"github.com/zonegate/zonegate/geo"
)

// TestPublishDraft publishes an editor's draft over a published version:
// the draft's row becomes published with the requested validity, the
// earlier version is closed where it begins, and a second call finds no
// draft. A validity callback's error is returned as it is.
func TestPublishDraft(t *testing.T) {
	ctx := t.Context()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "zonegate.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	if _, err := s.PutLayer(ctx, geo.Layer{ID: "coal_ban", Kind: geo.KindCoalBan, Title: "coal ban"}); err != nil {
		t.Fatal(err)
	}
	zone := func(name string) *geo.Zone {
		return &geo.Zone{Layer: "coal_ban", ID: "z", Kind: geo.KindCoalBan, Name: name,
			Geometry: orb.Polygon{{{111, 36}, {111.1, 36}, {111.1, 36.1}, {111, 36.1}, {111, 36}}}}
	}
	if err := data.Publish(ctx, s, []*geo.Zone{zone("v1")}); err != nil {
		t.Fatal(err)
	}
	noValidity := func(*geo.Zone) (geo.Validity, error) { return geo.Validity{}, nil }
	if _, err := data.PublishDraft(ctx, s, "editor", "coal_ban", "z", noValidity); !errors.Is(err, data.ErrNoDraft) || !errors.Is(err, data.ErrNotFound) {
		t.Fatalf("PublishDraft without a draft: %v, want ErrNoDraft (an ErrNotFound)", err)
	}
	draft := zone("v2")
	draft.Status, draft.Version = geo.StatusDraft, 2
	if err := s.Commit(ctx, data.Batch{Append: []*geo.Zone{draft}}); err != nil {
		t.Fatal(err)
	}
	refused := errors.New("refused by the caller")
	if _, err := data.PublishDraft(ctx, s, "editor", "coal_ban", "z", func(*geo.Zone) (geo.Validity, error) {
		return geo.Validity{}, refused
	}); !errors.Is(err, refused) {
		t.Fatalf("PublishDraft with a failing validity: %v, want the callback's error", err)
	}
	from := time.Date(2020, 10, 15, 0, 0, 0, 0, time.UTC)
	pub, err := data.PublishDraft(ctx, s, "editor", "coal_ban", "z", func(d *geo.Zone) (geo.Validity, error) {
		if d.Name != "v2" {
			t.Errorf("validity asked for draft %q, want v2", d.Name)
		}
		return geo.Validity{From: from}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if pub.Status != geo.StatusPublished || pub.Version != 2 || !pub.Validity.From.Equal(from) {
		t.Errorf("published %+v, want version 2 published from %s", pub, from)
	}
	vs, err := s.ZoneVersions(ctx, "coal_ban", "z")
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 2 || vs[0].Status != geo.StatusPublished || !vs[0].Validity.To.Equal(from) || vs[1].Status != geo.StatusPublished {
		t.Errorf("versions after publishing: %+v, want v1 closed at %s and v2 published", vs, from)
	}
	if _, err := data.PublishDraft(ctx, s, "editor", "coal_ban", "z", noValidity); !errors.Is(err, data.ErrNoDraft) {
		t.Errorf("publishing twice: %v, want ErrNoDraft", err)
	}
}
