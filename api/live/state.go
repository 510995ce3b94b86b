package live

import (
	"context"
	"fmt"
	"hash/maphash"
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

// trackShards is the number of per-plate locks. Requests lock the shards of
// their plates in ascending order, so requests for different plates run in
// parallel and requests sharing a plate are serialised.
const trackShards = 64

// Tracker is the live-tracking state: the vehicles' states in memory
// (loaded from the store on first use), the zone-name cache, the wake-up
// of event streams and the webhook dispatcher. Create it with New.
//
// With several replicas, each keeps its own vehicle states: positions of
// one plate must reach one replica (e.g. a load balancer hashing the
// plate), or replicas judge them against stale states. Event keys keep the
// store free of duplicates either way.
type Tracker struct {
	store        data.TrackStore
	maxPositions int
	log          *slog.Logger
	metrics      *trackMetrics
	// offRoute reports whether a fix is off the designated routes where
	// they apply (Deps.OffRoute).
	offRoute func(*index.Snapshot, track.Fix) bool

	loadMu sync.Mutex
	loaded bool

	seed   maphash.Seed
	shards [trackShards]trackShard

	namesMu sync.RWMutex
	names   map[string]string // "layer/id" → zone name, for exit events

	changed *broadcast.Signal // fired after every commit that stored events
	hooks   *webhook.Dispatcher
	done    chan struct{} // closed by Close: streams end
	once    sync.Once
}

type trackShard struct {
	mu sync.Mutex
	m  map[string]track.State
}

// load reads the stored vehicles once; a failed load is retried by the
// next request.
func (t *Tracker) load(ctx context.Context) error {
	t.loadMu.Lock()
	defer t.loadMu.Unlock()
	if t.loaded {
		return nil
	}
	vs, err := t.store.Vehicles(ctx)
	if err != nil {
		return fmt.Errorf("load vehicles: %w", err)
	}
	for _, v := range vs {
		zs := slices.Clone(v.Zones)
		slices.Sort(zs)
		sh := t.shard(v.Plate)
		sh.mu.Lock()
		sh.m[v.Plate] = track.State{Time: v.Time, Point: v.Position, Zones: slices.Compact(zs), OffRoute: v.OffRoute, Cargo: v.Cargo}
		sh.mu.Unlock()
	}
	t.loaded = true
	t.log.Info("tracked vehicles loaded", "vehicles", len(vs))
	return nil
}

func (t *Tracker) shardIndex(plate string) int {
	return int(maphash.String(t.seed, plate) % trackShards)
}

func (t *Tracker) shard(plate string) *trackShard { return &t.shards[t.shardIndex(plate)] }

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

// Ingest applies fixes (valid, in WGS84) to the vehicles' states, stores
// the new states and the events in one CommitTrack, and only then updates
// the in-memory states. It returns the counts and the stored events.
//
// layers are the server's layers (the coal_ban and burn_ban ones produce
// enter and exit events) and snap the index the fixes are judged against.
func (t *Tracker) Ingest(ctx context.Context, snap *index.Snapshot, layers []geo.Layer, fixes []track.Fix) (*Result, error) {
	if err := t.load(ctx); err != nil {
		return nil, err
	}
	track.SortFixes(fixes)
	var used [trackShards]bool
	for i := range fixes {
		if i == 0 || fixes[i].Plate != fixes[i-1].Plate {
			used[t.shardIndex(fixes[i].Plate)] = true
		}
	}
	for i := range used {
		if used[i] {
			t.shards[i].mu.Lock()
			defer t.shards[i].mu.Unlock()
		}
	}

	zoneLayers := zoneLayerIDs(layers)
	resp := &Result{Events: []*data.Event{}}
	var batch data.TrackBatch
	type update struct {
		sh    *trackShard
		plate string
		st    track.State
	}
	var updates []update
	var buf []*geo.Zone
	var changes []track.Change
	q := index.Query{Layers: zoneLayers}
	for i := 0; i < len(fixes); {
		plate := fixes[i].Plate
		j := i + 1
		for j < len(fixes) && fixes[j].Plate == plate {
			j++
		}
		sh := t.shard(plate)
		st := sh.m[plate]
		accepted := false
		for _, f := range fixes[i:j] {
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
			var place track.Place
			if len(zoneLayers) > 0 {
				q.At = f.Time
				buf = snap.ZonesAt(buf[:0], f.Point, q)
				place.Zones = t.zoneRefs(st.Zones, buf)
			}
			place.OffRoute = t.offRoute(snap, f)
			st, changes = st.Next(f, place, changes[:0])
			for _, c := range changes {
				batch.Events = append(batch.Events, t.event(f, c))
			}
		}
		if accepted {
			updates = append(updates, update{sh, plate, st})
			batch.Vehicles = append(batch.Vehicles, &data.Vehicle{Plate: plate, Time: st.Time, Position: st.Point,
				Zones: st.Zones, OffRoute: st.OffRoute, Cargo: st.Cargo})
		}
		i = j
	}
	if len(batch.Vehicles) > 0 {
		if err := t.store.CommitTrack(ctx, batch); err != nil {
			return nil, fmt.Errorf("commit tracks: %w", err)
		}
	}
	for _, u := range updates {
		u.sh.m[u.plate] = u.st
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

// event builds the stored event of change c at fix f.
func (t *Tracker) event(f track.Fix, c track.Change) *data.Event {
	e := &data.Event{Key: track.Key(f.Plate, f.Time, c), Plate: f.Plate, Time: f.Time, Type: c.Type,
		Position: f.Point, Cargo: f.Cargo}
	if c.Zone != "" {
		e.Layer, e.Zone = track.SplitZoneRef(c.Zone)
		t.namesMu.RLock()
		e.ZoneName = t.names[c.Zone]
		t.namesMu.RUnlock()
	}
	return e
}

// Close ends the event streams and stops webhook delivery.
func (t *Tracker) Close() {
	t.once.Do(func() {
		close(t.done)
		if t.hooks != nil {
			t.hooks.Close()
		}
	})
}
