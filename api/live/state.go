package live

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sync"

	"github.com/zonegate/zonegate/api/internal/broadcast"
	"github.com/zonegate/zonegate/api/webhook"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/index"
	"github.com/zonegate/zonegate/geo/track"
)

// Tracker is live tracking: it judges positions against the vehicles'
// stored states and stores the new states and events (see Ingest), keeps
// the zone-name cache, wakes event streams and runs the webhook
// dispatcher. Create it with New.
//
// Vehicle states live in the store only: every Ingest reads them in the
// transaction that writes their successors, with the vehicles locked
// (data.TrackStore.UpdateTrack), so any number of replicas sharing a
// store judge each vehicle's positions one batch after another, exactly
// as one server would, and batches of different vehicles run in parallel.
type Tracker struct {
	store        data.TrackStore
	maxPositions int
	log          *slog.Logger
	metrics      *trackMetrics
	// offRoute reports whether a fix is off the designated routes where
	// they apply (Deps.OffRoute).
	offRoute func(*index.Snapshot, track.Fix) bool

	namesMu sync.RWMutex
	names   map[string]string // "layer/id" → zone name, for exit events

	changed *broadcast.Signal // fired after every commit that stored events
	hooks   *webhook.Dispatcher
	stop    context.CancelFunc // ends the store subscription (New)
	done    chan struct{}      // closed by Close: streams end
	once    sync.Once
}

// stateOf is the track state of a stored vehicle; nil is a vehicle never
// seen.
func stateOf(v *data.Vehicle) track.State {
	if v == nil {
		return track.State{}
	}
	zs := slices.Clone(v.Zones)
	slices.Sort(zs)
	return track.State{Time: v.Time, Point: v.Position, Zones: slices.Compact(zs), OffRoute: v.OffRoute, Cargo: v.Cargo}
}

// zoneLayerIDs returns the ids of the layers whose zones produce
// enter/exit events (coal_ban, burn_ban).
func zoneLayerIDs(layers []geo.Layer) (zones []string) {
	for _, l := range layers {
		if l.Kind == geo.KindCoalBan || l.Kind == geo.KindBurnBan {
			zones = append(zones, l.ID)
		}
	}
	return zones
}

// Ingest applies fixes (valid, in WGS84) to the vehicles' states and
// stores the new states and the events in one store transaction that
// holds the vehicles locked from reading their states to commit
// (UpdateTrack). It returns the counts and the stored events.
//
// layers are the server's layers (the coal_ban and burn_ban ones produce
// enter and exit events) and snap the index the fixes are judged against.
// Where each fix lies is looked up before the transaction, so the locks
// are held only for the state machine and the writes.
func (t *Tracker) Ingest(ctx context.Context, snap *index.Snapshot, layers []geo.Layer, fixes []track.Fix) (*Result, error) {
	track.SortFixes(fixes)
	zoneLayers := zoneLayerIDs(layers)
	places := t.places(snap, zoneLayers, fixes)
	var plates []string
	for i := range fixes {
		if i == 0 || fixes[i].Plate != fixes[i-1].Plate {
			plates = append(plates, fixes[i].Plate)
		}
	}
	var resp *Result
	var batch data.TrackBatch
	err := t.store.UpdateTrack(ctx, plates, func(stored map[string]*data.Vehicle) (data.TrackBatch, error) {
		resp, batch = t.apply(snap, zoneLayers, fixes, places, stored)
		return batch, nil
	})
	if err != nil {
		return nil, fmt.Errorf("commit tracks: %w", err)
	}
	for _, e := range batch.Events {
		if e.ID != 0 {
			resp.Events = append(resp.Events, e)
		}
	}
	slices.SortFunc(resp.Events, func(a, b *data.Event) int { return int(a.ID - b.ID) })
	t.metrics.count(resp)
	if len(resp.Events) > 0 {
		t.changed.Fire()
		if t.hooks != nil {
			t.hooks.Notify()
		}
	}
	return resp, nil
}

// places returns where each fix lies: its zones of zoneLayers and whether
// it is off route.
func (t *Tracker) places(snap *index.Snapshot, zoneLayers []string, fixes []track.Fix) []track.Place {
	out := make([]track.Place, len(fixes))
	q := index.Query{Layers: zoneLayers}
	var buf []*geo.Zone
	for i, f := range fixes {
		if len(zoneLayers) > 0 {
			var prev []string
			if i > 0 && fixes[i-1].Plate == f.Plate {
				prev = out[i-1].Zones
			}
			q.At = f.Time
			buf = snap.ZonesAt(buf[:0], f.Point, q)
			out[i].Zones = t.zoneRefs(prev, buf)
		}
		out[i].OffRoute = t.offRoute(snap, f)
	}
	return out
}

// apply runs the fixes (sorted by plate, then time) with their places
// through the state machine from the stored states and returns the counts
// and the batch to store: each changed vehicle's new state and the events.
func (t *Tracker) apply(snap *index.Snapshot, zoneLayers []string, fixes []track.Fix, places []track.Place,
	stored map[string]*data.Vehicle) (*Result, data.TrackBatch) {
	resp := &Result{Events: []*data.Event{}}
	var batch data.TrackBatch
	var changes []track.Change
	for i := 0; i < len(fixes); {
		plate := fixes[i].Plate
		j := i + 1
		for j < len(fixes) && fixes[j].Plate == plate {
			j++
		}
		st := stateOf(stored[plate])
		accepted := false
		for k := i; k < j; k++ {
			f := fixes[k]
			switch st.Admit(f.Time) {
			case track.Duplicate:
				resp.Duplicates++
				continue
			case track.Late:
				resp.Late++
				continue
			}
			resp.Accepted++
			accepted = true
			prev := st
			st, changes = st.Next(f, places[k], changes[:0])
			for _, c := range changes {
				batch.Events = append(batch.Events, t.event(snap, zoneLayers, &prev, f, c))
			}
		}
		if accepted {
			batch.Vehicles = append(batch.Vehicles, &data.Vehicle{Plate: plate, Time: st.Time, Position: st.Point,
				Zones: st.Zones, OffRoute: st.OffRoute, Cargo: st.Cargo})
		}
		i = j
	}
	return resp, batch
}

// zoneRefs returns the "layer/id" refs of zs, sorted and distinct. When
// they equal prev (the common case: the vehicle stayed where it was) it
// returns prev without allocating. New refs' names are remembered.
func (t *Tracker) zoneRefs(prev []string, zs []*geo.Zone) []string {
	if len(zs) == 0 {
		return nil
	}
	same := true
	distinct := 0
	for i, z := range zs {
		if i > 0 && z.Layer == zs[i-1].Layer && z.ID == zs[i-1].ID {
			continue
		}
		distinct++
		if same && !slices.ContainsFunc(prev, func(r string) bool { return refIs(r, z.Layer, z.ID) }) {
			same = false
		}
	}
	if same && distinct == len(prev) {
		return prev
	}
	refs := make([]string, 0, len(zs))
	t.namesMu.Lock()
	for _, z := range zs {
		ref := track.ZoneRef(z.Layer, z.ID)
		refs = append(refs, ref)
		t.names[ref] = z.Name
	}
	t.namesMu.Unlock()
	slices.Sort(refs)
	return slices.Compact(refs)
}

// refIs reports whether ref is layer + "/" + id, without allocating.
func refIs(ref, layer, id string) bool {
	return len(ref) == len(layer)+1+len(id) && ref[len(layer)] == '/' && ref[:len(layer)] == layer && ref[len(layer)+1:] == id
}

// event builds the stored event of change c at fix f, the vehicle's state
// before f being prev.
func (t *Tracker) event(snap *index.Snapshot, zoneLayers []string, prev *track.State, f track.Fix, c track.Change) *data.Event {
	e := &data.Event{Key: track.Key(f.Plate, f.Time, c), Plate: f.Plate, Time: f.Time, Type: c.Type,
		Position: f.Point, Cargo: f.Cargo}
	if c.Zone != "" {
		e.Layer, e.Zone = track.SplitZoneRef(c.Zone)
		e.ZoneName = t.zoneName(snap, zoneLayers, prev, c.Zone)
	}
	return e
}

// zoneName returns the name of zone ref: from the cache, else (a vehicle
// that entered it through another replica, or before a restart) from the
// zones at the vehicle's previous position, which contained it.
func (t *Tracker) zoneName(snap *index.Snapshot, zoneLayers []string, prev *track.State, ref string) string {
	t.namesMu.RLock()
	name, ok := t.names[ref]
	t.namesMu.RUnlock()
	if ok || !prev.Known() || len(zoneLayers) == 0 {
		return name
	}
	layer, id := track.SplitZoneRef(ref)
	for _, z := range snap.ZonesAt(nil, prev.Point, index.Query{Layers: zoneLayers, At: prev.Time}) {
		if z.Layer == layer && z.ID == id {
			t.namesMu.Lock()
			t.names[ref] = z.Name
			t.namesMu.Unlock()
			return z.Name
		}
	}
	return ""
}

// Close ends the event streams and stops webhook delivery.
func (t *Tracker) Close() {
	t.once.Do(func() {
		t.stop()
		close(t.done)
		if t.hooks != nil {
			t.hooks.Close()
		}
	})
}
