package demo_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/demo"
	"github.com/zonegate/zonegate/geo"
)

// fakeStore is an in-memory data.Store holding just what Load touches. The
// embedded nil Store makes any other method call panic, so a test notices
// if Load starts using more of the interface.
type fakeStore struct {
	data.Store
	layers    []geo.Layer
	zones     map[string][]*geo.Zone // "layer/id" → versions
	commits   int
	putErr    error
	commitErr error
}

func newFakeStore() *fakeStore { return &fakeStore{zones: map[string][]*geo.Zone{}} }

func (s *fakeStore) Layers(context.Context) ([]geo.Layer, error) { return s.layers, nil }

func (s *fakeStore) PutLayer(_ context.Context, l geo.Layer) (geo.Layer, error) {
	if s.putErr != nil {
		return geo.Layer{}, s.putErr
	}
	for i, old := range s.layers {
		if old.ID == l.ID {
			if old.Kind != l.Kind {
				return geo.Layer{}, data.ErrConflict
			}
			s.layers[i] = l
			return l, nil
		}
	}
	s.layers = append(s.layers, l)
	return l, nil
}

func (s *fakeStore) Commit(_ context.Context, b data.Batch) error {
	if s.commitErr != nil {
		return s.commitErr
	}
	if len(b.Update) > 0 {
		return fmt.Errorf("unexpected updates: %w", data.ErrConflict)
	}
	for _, z := range b.Append {
		var kind geo.Kind
		for _, l := range s.layers {
			if l.ID == z.Layer {
				kind = l.Kind
			}
		}
		if kind == "" || kind != z.Kind {
			return fmt.Errorf("zone %s/%s: layer kind %q: %w", z.Layer, z.ID, kind, data.ErrConflict)
		}
		if z.Version != 0 {
			return fmt.Errorf("zone %s/%s: version %d: %w", z.Layer, z.ID, z.Version, data.ErrConflict)
		}
	}
	for _, z := range b.Append {
		key := z.Layer + "/" + z.ID
		z.Version = int64(len(s.zones[key]) + 1)
		s.zones[key] = append(s.zones[key], z)
	}
	s.commits++
	return nil
}

func TestLoadIsIdempotent(t *testing.T) {
	ctx := context.Background()
	s := newFakeStore()
	loaded, err := demo.Load(ctx, s)
	if err != nil || !loaded {
		t.Fatalf("first Load = %v, %v; want true, nil", loaded, err)
	}
	layers, zones := demo.Region()
	if len(s.layers) != len(layers) || len(s.zones) != len(zones) || s.commits != 1 {
		t.Fatalf("store has %d layers, %d zones after %d commits; want %d, %d, 1",
			len(s.layers), len(s.zones), s.commits, len(layers), len(zones))
	}
	for key, versions := range s.zones {
		if len(versions) != 1 || versions[0].Version != 1 {
			t.Errorf("%s has %d versions", key, len(versions))
		}
	}

	loaded, err = demo.Load(ctx, s)
	if err != nil || loaded {
		t.Fatalf("second Load = %v, %v; want false, nil", loaded, err)
	}
	if s.commits != 1 || len(s.layers) != len(layers) {
		t.Errorf("second Load wrote: %d commits, %d layers", s.commits, len(s.layers))
	}
}

func TestLoadLeavesNonEmptyStoreAlone(t *testing.T) {
	s := newFakeStore()
	s.layers = []geo.Layer{{ID: "mine", Kind: geo.KindCustom}}
	loaded, err := demo.Load(context.Background(), s)
	if err != nil || loaded {
		t.Fatalf("Load = %v, %v; want false, nil", loaded, err)
	}
	if len(s.layers) != 1 || s.commits != 0 {
		t.Errorf("Load wrote to a non-empty store: %d layers, %d commits", len(s.layers), s.commits)
	}
}

func TestLoadReportsStoreErrors(t *testing.T) {
	boom := errors.New("disk full")
	cases := []struct {
		name      string
		put, comm error
	}{
		{"PutLayerFails", boom, nil},
		{"CommitFails", nil, boom},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := newFakeStore()
			s.putErr, s.commitErr = tc.put, tc.comm
			loaded, err := demo.Load(context.Background(), s)
			if loaded || !errors.Is(err, boom) {
				t.Errorf("Load = %v, %v; want false and an error wrapping %v", loaded, err, boom)
			}
		})
	}
}
