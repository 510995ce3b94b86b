package route

import (
	"cmp"
	"math"
	"slices"

	"github.com/paulmach/orb"

	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/crs"
)

// Checkpoint types of the gazette's road checks, as stored in a checkpoint
// zone's "type" property. Other values are kept as given.
const (
	TypeFixedStation    = "fixed_station"    // 固定检查站 on national/provincial roads
	TypeOverloadStation = "overload_station" // 治超站
	TypeHighwayExit     = "highway_exit"     // 高速出口
	TypeMobileTeam      = "mobile_team"      // 流动巡查
)

// Checkpoint is one published inspection station.
type Checkpoint struct {
	Layer    string    `json:"layer"`
	ID       string    `json:"id"`
	Name     string    `json:"name"`
	Type     string    `json:"type"`   // the "type" property, "" if absent
	County   string    `json:"county"` // the "county" property, "" if absent
	Position orb.Point `json:"position"`
}

// Checkpoints is an immutable set of checkpoints, safe for concurrent use.
type Checkpoints struct {
	list []Checkpoint // sorted by (Layer, ID)
	byID map[string]int
}

// NewCheckpoints collects the zones whose geometry is a Point (or a
// MultiPoint of one point) with finite coordinates; others are skipped.
// When several zones share an id, ByID returns the one whose layer sorts
// first.
func NewCheckpoints(zones []*geo.Zone) *Checkpoints {
	c := &Checkpoints{byID: map[string]int{}}
	for _, z := range zones {
		if z == nil {
			continue
		}
		var p orb.Point
		switch g := z.Geometry.(type) {
		case orb.Point:
			p = g
		case orb.MultiPoint:
			if len(g) != 1 {
				continue
			}
			p = g[0]
		default:
			continue
		}
		if !finite(p[0]) || !finite(p[1]) {
			continue
		}
		typ, _ := z.Properties["type"].(string)
		county, _ := z.Properties["county"].(string)
		c.list = append(c.list, Checkpoint{Layer: z.Layer, ID: z.ID, Name: z.Name, Type: typ, County: county, Position: p})
	}
	slices.SortFunc(c.list, func(a, b Checkpoint) int {
		if x := cmp.Compare(a.Layer, b.Layer); x != 0 {
			return x
		}
		return cmp.Compare(a.ID, b.ID)
	})
	for i := len(c.list) - 1; i >= 0; i-- {
		c.byID[c.list[i].ID] = i
	}
	return c
}

// Len returns the number of checkpoints.
func (c *Checkpoints) Len() int { return len(c.list) }

// ByID returns the checkpoint with the id, or false.
func (c *Checkpoints) ByID(id string) (Checkpoint, bool) {
	i, ok := c.byID[id]
	if !ok {
		return Checkpoint{}, false
	}
	return c.list[i], true
}

// Nearest returns the checkpoint nearest to p by geodesic distance (see
// crs.GeodesicDistance) and that distance in metres, considering only checkpoints of
// type typ unless typ is empty. Ties go to the first by (Layer, ID). ok is
// false when no checkpoint qualifies or p is not finite.
func (c *Checkpoints) Nearest(p orb.Point, typ string) (cp Checkpoint, distM float64, ok bool) {
	if !finite(p[0]) || !finite(p[1]) {
		return Checkpoint{}, 0, false
	}
	// Checkpoints number in the hundreds at most: measure each exactly
	// (about a microsecond apiece) rather than prune.
	distM = math.Inf(1)
	for i := range c.list {
		q := &c.list[i]
		if typ != "" && q.Type != typ {
			continue
		}
		if d := crs.GeodesicDistance(p, q.Position); d < distM {
			cp, distM, ok = *q, d, true
		}
	}
	if !ok {
		return Checkpoint{}, 0, false
	}
	return cp, distM, ok
}
