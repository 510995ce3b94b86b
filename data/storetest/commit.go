package storetest

import (
	"errors"
	"slices"
	"testing"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/geo"
)

var commitTests = []test{
	{"AssignsVersions", func(t *testing.T, s data.Store) {
		setup(t, s)
		var last int64
		for want := int64(1); want <= 3; want++ {
			z := coalZone("z1")
			commit(t, s, data.Batch{Append: []*geo.Zone{z}})
			if z.Version != want {
				t.Errorf("commit %d: Version = %d, want %d", want, z.Version, want)
			}
			if z.Revision <= last || z.Revision != revision(t, s) {
				t.Errorf("commit %d: Revision = %d, want > %d and = store revision %d", want, z.Revision, last, revision(t, s))
			}
			if z.UpdatedAt.IsZero() {
				t.Errorf("commit %d: UpdatedAt not set", want)
			}
			last = z.Revision
		}
		if got := versions(t, s, layerCoal, "z1"); !slices.Equal(got, []int64{1, 2, 3}) {
			t.Errorf("ZoneVersions = %v, want [1 2 3]", got)
		}
		z, err := s.Zone(t.Context(), layerCoal, "z1")
		if err != nil || z.Version != 3 || z.Revision != last {
			t.Errorf("Zone = %+v, %v; want version 3, revision %d", z, err, last)
		}
	}},
	{"BatchSharesRevision", func(t *testing.T, s data.Store) {
		setup(t, s)
		a, b, a2 := coalZone("a"), coalZone("b"), coalZone("a")
		commit(t, s, data.Batch{Append: []*geo.Zone{a, b, a2}})
		if a.Version != 1 || b.Version != 1 || a2.Version != 2 {
			t.Errorf("versions = %d, %d, %d; want 1, 1, 2", a.Version, b.Version, a2.Version)
		}
		if a.Revision != b.Revision || a.Revision != a2.Revision || a.Revision != revision(t, s) {
			t.Errorf("revisions = %d, %d, %d; want all = store revision %d", a.Revision, b.Revision, a2.Revision, revision(t, s))
		}
	}},
	{"ExplicitVersion", func(t *testing.T, s data.Store) {
		setup(t, s)
		first := coalZone("z1")
		first.Version = 1
		commit(t, s, data.Batch{Append: []*geo.Zone{first}})
		next := coalZone("z1")
		next.Version = 2
		commit(t, s, data.Batch{Append: []*geo.Zone{next}})
		if next.Version != 2 {
			t.Errorf("Version = %d, want 2", next.Version)
		}
		for _, v := range []int64{1, 2, 4} {
			z := coalZone("z1")
			z.Version = v
			if err := s.Commit(t.Context(), data.Batch{Append: []*geo.Zone{z}}); !errors.Is(err, data.ErrConflict) {
				t.Errorf("Commit with Version %d at latest 2: err = %v, want ErrConflict", v, err)
			}
		}
		if got := versions(t, s, layerCoal, "z1"); !slices.Equal(got, []int64{1, 2}) {
			t.Errorf("ZoneVersions = %v, want [1 2]", got)
		}
	}},
	{"StaleVersionWritesNothing", func(t *testing.T, s data.Store) {
		setup(t, s)
		commit(t, s, data.Batch{Append: []*geo.Zone{coalZone("old")}})
		rev := revision(t, s)
		fresh, stale := coalZone("fresh"), coalZone("old")
		stale.Version = 1
		err := s.Commit(t.Context(), data.Batch{Append: []*geo.Zone{fresh, stale}})
		if !errors.Is(err, data.ErrConflict) {
			t.Fatalf("Commit: err = %v, want ErrConflict", err)
		}
		if _, err := s.Zone(t.Context(), layerCoal, "fresh"); !errors.Is(err, data.ErrNotFound) {
			t.Errorf("Zone(fresh) after failed batch: err = %v, want ErrNotFound", err)
		}
		if fresh.Version != 0 || fresh.Revision != 0 {
			t.Errorf("failed batch changed its zone: version %d revision %d", fresh.Version, fresh.Revision)
		}
		if after := revision(t, s); after != rev {
			t.Errorf("store revision %d after failed batch, want %d", after, rev)
		}
	}},
	{"UnknownLayer", func(t *testing.T, s data.Store) {
		setup(t, s)
		z := coalZone("z1")
		z.Layer = "nope"
		if err := s.Commit(t.Context(), data.Batch{Append: []*geo.Zone{z}}); !errors.Is(err, data.ErrNotFound) {
			t.Errorf("Commit into unknown layer: err = %v, want ErrNotFound", err)
		}
	}},
	{"KindMismatch", func(t *testing.T, s data.Store) {
		setup(t, s)
		z := coalZone("z1")
		z.Kind = geo.KindBurnBan
		if err := s.Commit(t.Context(), data.Batch{Append: []*geo.Zone{z}}); err == nil {
			t.Errorf("Commit of burn_ban zone into coal_ban layer succeeded")
		}
		if _, err := s.Zone(t.Context(), layerCoal, "z1"); !errors.Is(err, data.ErrNotFound) {
			t.Errorf("Zone after rejected commit: err = %v, want ErrNotFound", err)
		}
	}},
	{"AtomicBatch", func(t *testing.T, s data.Store) {
		setup(t, s)
		bad := map[string]func(z *geo.Zone){
			"kind mismatch":  func(z *geo.Zone) { z.Kind = geo.KindBurnBan },
			"unknown layer":  func(z *geo.Zone) { z.Layer = "nope" },
			"wrong geometry": func(z *geo.Zone) { z.Geometry = orb.Point{111.5, 36} },
			"nil geometry":   func(z *geo.Zone) { z.Geometry = nil },
			"bad id":         func(z *geo.Zone) { z.ID = "no spaces" },
		}
		for name, spoil := range bad {
			zs := []*geo.Zone{coalZone("a"), coalZone("b"), coalZone("c"), coalZone("d")}
			spoil(zs[2])
			if err := s.Commit(t.Context(), data.Batch{Append: zs}); err == nil {
				t.Errorf("%s: Commit succeeded", name)
			}
			for _, id := range []string{"a", "b", "c", "d"} {
				if _, err := s.Zone(t.Context(), layerCoal, id); !errors.Is(err, data.ErrNotFound) {
					t.Errorf("%s: Zone(%s) after failed batch: err = %v, want ErrNotFound", name, id, err)
				}
			}
		}
	}},
	{"ZoneNotFound", func(t *testing.T, s data.Store) {
		setup(t, s)
		commit(t, s, data.Batch{Append: []*geo.Zone{coalZone("z1")}})
		for _, k := range [][2]string{{layerCoal, "z2"}, {"nope", "z1"}, {layerRoutes, "z1"}} {
			if _, err := s.Zone(t.Context(), k[0], k[1]); !errors.Is(err, data.ErrNotFound) {
				t.Errorf("Zone(%s, %s): err = %v, want ErrNotFound", k[0], k[1], err)
			}
			if _, err := s.ZoneVersions(t.Context(), k[0], k[1]); !errors.Is(err, data.ErrNotFound) {
				t.Errorf("ZoneVersions(%s, %s): err = %v, want ErrNotFound", k[0], k[1], err)
			}
		}
	}},
	{"EmptyBatch", func(t *testing.T, s data.Store) {
		if err := s.Commit(t.Context(), data.Batch{}); err != nil {
			t.Errorf("Commit(empty) = %v, want nil", err)
		}
	}},
}
