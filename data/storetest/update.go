package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/geo"
)

var (
	prelim = time.Date(2020, 5, 15, 0, 0, 0, 0, time.UTC)
	final  = time.Date(2020, 10, 15, 0, 0, 0, 0, time.UTC)
)

var updateTests = []test{
	{"RetireAndClose", func(t *testing.T, s data.Store) {
		setup(t, s)
		orig := coalZone("z1")
		orig.Validity.From = prelim
		commit(t, s, data.Batch{Append: []*geo.Zone{orig}})
		read, err := s.Zone(t.Context(), layerCoal, "z1")
		if err != nil {
			t.Fatalf("Zone: %v", err)
		}
		read.Status, read.Validity.To = geo.StatusRetired, final
		commit(t, s, data.Batch{Update: []*geo.Zone{read}})
		if read.Version != 1 || read.Revision <= orig.Revision || read.Revision != revision(t, s) {
			t.Errorf("after Update: version %d revision %d; want 1 and store revision %d > %d",
				read.Version, read.Revision, revision(t, s), orig.Revision)
		}
		got, err := s.Zone(t.Context(), layerCoal, "z1")
		if err != nil {
			t.Fatalf("Zone: %v", err)
		}
		if got.Version != 1 || got.Status != geo.StatusRetired || !got.Validity.From.Equal(prelim) ||
			!got.Validity.To.Equal(final) || got.Revision != read.Revision || !got.UpdatedAt.Equal(read.UpdatedAt) {
			t.Errorf("Zone after Update = %+v; want v1 retired [%v, %v) revision %d updated %v",
				got, prelim, final, read.Revision, read.UpdatedAt)
		}
		if got.Name != orig.Name || !sameGeometry(got.Geometry, orig.Geometry) {
			t.Errorf("Update changed name or geometry: %q %v", got.Name, got.Geometry)
		}
		if vs := versions(t, s, layerCoal, "z1"); len(vs) != 1 {
			t.Errorf("ZoneVersions = %v, want one version", vs)
		}
	}},
	{"StaleRevisionConflicts", func(t *testing.T, s data.Store) {
		setup(t, s)
		commit(t, s, data.Batch{Append: []*geo.Zone{coalZone("z1")}})
		first, _ := s.Zone(t.Context(), layerCoal, "z1")
		second, _ := s.Zone(t.Context(), layerCoal, "z1")
		first.Status = geo.StatusRetired
		commit(t, s, data.Batch{Update: []*geo.Zone{first}})
		rev := revision(t, s)
		second.Status = geo.StatusDraft
		if err := s.Commit(t.Context(), data.Batch{Update: []*geo.Zone{second}}); !errors.Is(err, data.ErrConflict) {
			t.Fatalf("Update with stale revision: err = %v, want ErrConflict", err)
		}
		got, _ := s.Zone(t.Context(), layerCoal, "z1")
		if got.Status != geo.StatusRetired || got.Revision != first.Revision || revision(t, s) != rev {
			t.Errorf("after conflict: status %s revision %d store %d; want retired, %d, %d",
				got.Status, got.Revision, revision(t, s), first.Revision, rev)
		}
	}},
	{"MissingVersionNotFound", func(t *testing.T, s data.Store) {
		setup(t, s)
		commit(t, s, data.Batch{Append: []*geo.Zone{coalZone("z1")}})
		z, _ := s.Zone(t.Context(), layerCoal, "z1")
		z.Version = 5
		if err := s.Commit(t.Context(), data.Batch{Update: []*geo.Zone{z}}); !errors.Is(err, data.ErrNotFound) {
			t.Errorf("Update of version 5: err = %v, want ErrNotFound", err)
		}
	}},
	{"UpdateWithFailedAppendWritesNothing", func(t *testing.T, s data.Store) {
		setup(t, s)
		commit(t, s, data.Batch{Append: []*geo.Zone{coalZone("z1")}})
		read, _ := s.Zone(t.Context(), layerCoal, "z1")
		oldRev := read.Revision
		read.Status = geo.StatusRetired
		stale := coalZone("z1")
		stale.Version = 1
		err := s.Commit(t.Context(), data.Batch{Update: []*geo.Zone{read}, Append: []*geo.Zone{stale}})
		if !errors.Is(err, data.ErrConflict) {
			t.Fatalf("Commit: err = %v, want ErrConflict", err)
		}
		got, _ := s.Zone(t.Context(), layerCoal, "z1")
		if got.Status != geo.StatusPublished || got.Revision != oldRev {
			t.Errorf("Zone = status %s revision %d; want published, %d (unchanged)", got.Status, got.Revision, oldRev)
		}
	}},
	{"PublishSuccessor", func(t *testing.T, s data.Store) {
		setup(t, s)
		v1 := coalZone("z1")
		v1.Validity.From = prelim
		commit(t, s, data.Batch{Append: []*geo.Zone{v1}})
		v1.Validity.To = final
		v2 := coalZone("z1")
		v2.Validity.From = final
		commit(t, s, data.Batch{Update: []*geo.Zone{v1}, Append: []*geo.Zone{v2}})
		if v2.Version != 2 || v1.Revision != v2.Revision {
			t.Errorf("v2.Version = %d, revisions %d/%d; want 2 and equal", v2.Version, v1.Revision, v2.Revision)
		}
		zs, err := s.ZoneVersions(t.Context(), layerCoal, "z1")
		if err != nil || len(zs) != 2 {
			t.Fatalf("ZoneVersions = %v, %v", zs, err)
		}
		if !zs[0].Validity.To.Equal(final) || !zs[1].Validity.From.Equal(final) || !zs[1].Validity.To.IsZero() {
			t.Errorf("validities = %+v, %+v; want v1 closed at and v2 open from %v", zs[0].Validity, zs[1].Validity, final)
		}
	}},
}
