package data

import (
	"context"
	"errors"
	"fmt"

	"github.com/zonegate/zonegate/geo"
)

// publishRetries bounds how often Publish re-reads and retries after losing a
// race with another writer.
const publishRetries = 5

// Publish stores zones as new published versions in one atomic Commit and
// closes or retires the earlier published versions they supersede (see
// geo.Supersede). Each zone's Status is set to published and its Version to
// 0 (assigned by the store). Two zones naming the same feature is an error
// wrapping geo.ErrInvalid. When another writer changes one of the features
// meanwhile, Publish re-reads and retries a few times before returning
// ErrConflict. It records the change in the audit log as actor "system";
// see PublishAs.
func Publish(ctx context.Context, s Store, zones []*geo.Zone) error {
	return PublishAs(ctx, s, "system", ActionPublish, zones)
}

// PublishAs is Publish with audit entries by actor in the same Commit: one
// per zone with action (ActionPublish when empty; ActionImport for bulk
// imports), Before the feature's latest stored version and After the new
// one; and one per superseded version, ActionRetire when it is retired and
// ActionUpdate when its validity is closed.
func PublishAs(ctx context.Context, s Store, actor, action string, zones []*geo.Zone) error {
	if action == "" {
		action = ActionPublish
	}
	seen := make(map[[2]string]int, len(zones))
	for i, z := range zones {
		k := [2]string{z.Layer, z.ID}
		if j, dup := seen[k]; dup {
			return fmt.Errorf("%w: features %d and %d both have id %q in layer %q", geo.ErrInvalid, j, i, z.ID, z.Layer)
		}
		seen[k] = i
		z.Status = geo.StatusPublished
		z.Version = 0
	}
	var err error
	for range publishRetries {
		var b Batch
		b, err = supersedeBatch(ctx, s, actor, action, zones)
		if err != nil {
			return err
		}
		if err = s.Commit(ctx, b); !errors.Is(err, ErrConflict) {
			return err
		}
	}
	return fmt.Errorf("publish %d zones: %w", len(zones), err)
}

// supersedeBatch builds the Commit that publishes zones, with its audit
// entries.
func supersedeBatch(ctx context.Context, s Store, actor, action string, zones []*geo.Zone) (Batch, error) {
	b := Batch{Append: zones}
	for _, z := range zones {
		prev, err := s.ZoneVersions(ctx, z.Layer, z.ID)
		if err != nil && !errors.Is(err, ErrNotFound) {
			return Batch{}, fmt.Errorf("read versions of %s/%s: %w", z.Layer, z.ID, err)
		}
		var latest *geo.Zone
		if len(prev) > 0 {
			latest = prev[len(prev)-1]
		}
		e, err := ZoneAudit(actor, action, latest, z)
		if err != nil {
			return Batch{}, err
		}
		b.Audit = append(b.Audit, e)
		if err := addSuperseded(&b, actor, prev, z); err != nil {
			return Batch{}, err
		}
	}
	return b, nil
}

// addSuperseded adds to b the earlier versions prev that z supersedes
// (geo.Supersede), closed or retired, each with its audit entry:
// ActionRetire when it is retired, ActionUpdate when its validity is
// closed.
func addSuperseded(b *Batch, actor string, prev []*geo.Zone, z *geo.Zone) error {
	byKey := make(map[geo.Key]*geo.Zone, len(prev))
	for _, p := range prev {
		byKey[p.Key()] = p
	}
	for _, c := range geo.Supersede(prev, z) {
		act := ActionUpdate
		if c.Status == geo.StatusRetired {
			act = ActionRetire
		}
		e, err := ZoneAudit(actor, act, byKey[c.Key()], c)
		if err != nil {
			return err
		}
		b.Update = append(b.Update, c)
		b.Audit = append(b.Audit, e)
	}
	return nil
}

// ErrNoDraft is returned by PublishDraft when the feature's latest stored
// version is not a draft (or there is none). It wraps ErrNotFound.
var ErrNoDraft = fmt.Errorf("%w: no draft to publish", ErrNotFound)

// PublishDraft publishes the stored draft of feature layer/id, the way an
// editor does after creating or changing it: the feature's latest version
// must be a draft (else ErrNoDraft). validity gives the published
// version's validity from the draft (it may return an error of its own,
// returned as is); the draft's row becomes published with it, and the
// earlier published versions are closed where it begins or retired, as
// Publish does, with the audit entries by actor, in one Commit.
//
// Unlike Publish, PublishDraft does not retry: the version published is
// exactly the draft it read, so when another writer changes the feature
// meanwhile it returns ErrConflict and the caller reads it again. It
// returns the published version.
func PublishDraft(ctx context.Context, s Store, actor, layer, id string, validity func(draft *geo.Zone) (geo.Validity, error)) (*geo.Zone, error) {
	versions, err := s.ZoneVersions(ctx, layer, id)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return nil, fmt.Errorf("read versions of %s/%s: %w", layer, id, err)
	}
	if len(versions) == 0 || versions[len(versions)-1].Status != geo.StatusDraft {
		return nil, fmt.Errorf("feature %s/%s: %w", layer, id, ErrNoDraft)
	}
	draft := versions[len(versions)-1]
	pub := *draft
	pub.Status = geo.StatusPublished
	if pub.Validity, err = validity(draft); err != nil {
		return nil, err
	}
	if err := pub.Validity.Validate(); err != nil {
		return nil, fmt.Errorf("publish %s/%s: %w", layer, id, err)
	}
	e, err := ZoneAudit(actor, ActionPublish, draft, &pub)
	if err != nil {
		return nil, fmt.Errorf("audit %s/%s: %w", layer, id, err)
	}
	b := Batch{Update: []*geo.Zone{&pub}, Audit: []*AuditEntry{e}}
	if err := addSuperseded(&b, actor, versions[:len(versions)-1], &pub); err != nil {
		return nil, fmt.Errorf("audit %s/%s: %w", layer, id, err)
	}
	if err := s.Commit(ctx, b); err != nil {
		return nil, fmt.Errorf("publish %s/%s: %w", layer, id, err)
	}
	return &pub, nil
}
