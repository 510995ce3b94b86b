package data

import (
	"context"
	"errors"
	"fmt"

	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/analysis"
)

// PublishAnalysis stores the result of one analysis run, its layers in one
// atomic Commit with audit entries by actor:
//
//   - each layer is created when missing; an existing layer of another
//     kind is an error (nothing is written);
//   - every zone must be valid and belong to its layer (an error wrapping
//     geo.ErrInvalid otherwise); they are published as by PublishAs
//     (action ActionPublish), superseding earlier versions of the same
//     features;
//   - features of the layers that an earlier run published and this result
//     lacks end at the layer's ValidFrom (see analysis.Layer), so the layer
//     holds this run's result only.
//
// Like PublishAs it re-reads and retries after losing a race with another
// writer, and returns ErrConflict when it keeps losing.
func PublishAnalysis(ctx context.Context, s Store, actor string, result ...analysis.Layer) error {
	var zones []*geo.Zone
	var earlier []analysis.Layer // layers that existed before: earlier runs may have left zones
	seen := make(map[[2]string]bool)
	for _, r := range result {
		if err := checkAnalysisZones(r, seen); err != nil {
			return err
		}
	}
	for _, r := range result {
		existed, err := ensureAnalysisLayer(ctx, s, r.Layer)
		if err != nil {
			return err
		}
		if existed {
			earlier = append(earlier, r)
		}
		zones = append(zones, r.Zones...)
	}
	var err error
	for range publishRetries {
		var b, stale Batch
		if b, err = supersedeBatch(ctx, s, actor, ActionPublish, zones); err != nil {
			return err
		}
		if stale, err = staleBatch(ctx, s, actor, earlier); err != nil {
			return err
		}
		b.Update = append(b.Update, stale.Update...)
		b.Audit = append(b.Audit, stale.Audit...)
		if len(b.Append)+len(b.Update) == 0 {
			return nil
		}
		err = s.Commit(ctx, b)
		if err == nil {
			return nil
		}
		if !errors.Is(err, ErrConflict) {
			return fmt.Errorf("publish analysis: %w", err)
		}
	}
	return fmt.Errorf("publish analysis (%d zones): %w", len(zones), err)
}

// checkAnalysisZones marks the zones of one result layer published (with
// Version 0, assigned by the store) and validates them; seen holds the
// features of the layers checked before, so two zones naming the same
// feature are refused.
func checkAnalysisZones(r analysis.Layer, seen map[[2]string]bool) error {
	if err := r.Layer.Validate(); err != nil {
		return fmt.Errorf("result layer %s: %w", r.Layer.ID, err)
	}
	for _, z := range r.Zones {
		k := [2]string{z.Layer, z.ID}
		switch {
		case z.Layer != r.Layer.ID || z.Kind != r.Layer.Kind:
			return fmt.Errorf("%w: result zone %s/%s (kind %s) is not in layer %s (kind %s)",
				geo.ErrInvalid, z.Layer, z.ID, z.Kind, r.Layer.ID, r.Layer.Kind)
		case seen[k]:
			return fmt.Errorf("%w: result has two zones %s/%s", geo.ErrInvalid, z.Layer, z.ID)
		}
		seen[k] = true
		z.Status, z.Version = geo.StatusPublished, 0
		if err := z.Validate(); err != nil {
			return fmt.Errorf("result for %s/%s: %w", z.Layer, z.ID, err)
		}
	}
	return nil
}

// ensureAnalysisLayer creates l when the store lacks it and reports
// whether it existed; an existing layer of another kind is an error.
func ensureAnalysisLayer(ctx context.Context, s Store, l geo.Layer) (existed bool, err error) {
	existing, err := s.Layer(ctx, l.ID)
	switch {
	case err == nil && existing.Kind != l.Kind:
		return true, fmt.Errorf("layer %s exists with kind %s, not %s", l.ID, existing.Kind, l.Kind)
	case err == nil:
		return true, nil
	case !errors.Is(err, ErrNotFound):
		return false, fmt.Errorf("read layer %s: %w", l.ID, err)
	}
	if _, err := s.PutLayer(ctx, l); err != nil {
		return false, fmt.Errorf("create layer %s: %w", l.ID, err)
	}
	return false, nil
}

// staleBatch returns the updates, with their audit entries, that end the
// published versions of features of the given layers that the result
// lacks: closed at the layer's ValidFrom or retired (geo.Supersede).
func staleBatch(ctx context.Context, s Store, actor string, result []analysis.Layer) (Batch, error) {
	if len(result) == 0 {
		return Batch{}, nil
	}
	byLayer := make(map[string]analysis.Layer, len(result))
	keep := make(map[[2]string]bool)
	for _, r := range result {
		byLayer[r.Layer.ID] = r
		for _, z := range r.Zones {
			keep[[2]string{z.Layer, z.ID}] = true
		}
	}
	// Every version of every dropped feature, so Supersede sees them all.
	dropped := make(map[[2]string][]*geo.Zone)
	var order [][2]string
	_, err := s.Changes(ctx, 0, func(z *geo.Zone) error {
		k := [2]string{z.Layer, z.ID}
		if _, ok := byLayer[z.Layer]; !ok || keep[k] {
			return nil
		}
		if _, ok := dropped[k]; !ok {
			order = append(order, k)
		}
		dropped[k] = append(dropped[k], z)
		return nil
	})
	if err != nil {
		return Batch{}, fmt.Errorf("read earlier results: %w", err)
	}
	var b Batch
	for _, k := range order {
		prev := dropped[k]
		byKey := make(map[geo.Key]*geo.Zone, len(prev))
		for _, p := range prev {
			byKey[p.Key()] = p
		}
		end := &geo.Zone{Layer: k[0], ID: k[1], Validity: geo.Validity{From: byLayer[k[0]].ValidFrom}}
		for _, c := range geo.Supersede(prev, end) {
			act := ActionUpdate
			if c.Status == geo.StatusRetired {
				act = ActionRetire
			}
			e, err := ZoneAudit(actor, act, byKey[c.Key()], c)
			if err != nil {
				return Batch{}, err
			}
			b.Update = append(b.Update, c)
			b.Audit = append(b.Audit, e)
		}
	}
	return b, nil
}
