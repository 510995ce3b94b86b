package rules

import (
	"sync"

	"github.com/zonegate/zonegate/geo"
)

// Why a cache: the messages of a coal-ban reason and of the exemptions
// depend only on the zone's kind and name, whether it is on the route,
// and the destination, so every truck refused in one zone for one
// destination gets the same text; building it was four string
// concatenations (allocations) a reason, most of a refusal's cost in the
// rules. The other messages carry measured values and are built each
// time.

// maxCachedMessages bounds a rule set's cache: zones are few, but their
// names come from the store and may change; past the bound messages are
// built each time, as without the cache.
const maxCachedMessages = 4096

// msgKind is which message a cache entry holds.
type msgKind uint8

const (
	msgKindCoalBan msgKind = iota
	msgKindExemptCoalBan
	msgKindExemptDocuments
)

// msgKey is everything a cached message depends on.
type msgKey struct {
	kind  msgKind
	zone  geo.Kind
	name  string // the zone's name, else its id (where)
	route bool
	dest  Destination
}

// messageCache holds built messages by msgKey; the zero value is empty
// and ready, a nil one builds every message.
type messageCache struct {
	mu sync.RWMutex
	m  map[msgKey]message
}

// get returns build(z, route, d), built once for each key.
func (c *messageCache) get(kind msgKind, z *ZoneHit, route bool, d Destination, build func(*ZoneHit, bool, Destination) message) message {
	if c == nil {
		return build(z, route, d)
	}
	name := z.Name
	if name == "" {
		name = z.ID
	}
	key := msgKey{kind: kind, zone: z.Kind, name: name, route: route, dest: d}
	c.mu.RLock()
	m, ok := c.m[key]
	c.mu.RUnlock()
	if ok {
		return m
	}
	m = build(z, route, d)
	c.mu.Lock()
	if c.m == nil {
		c.m = make(map[msgKey]message)
	}
	if len(c.m) < maxCachedMessages {
		c.m[key] = m
	}
	c.mu.Unlock()
	return m
}
