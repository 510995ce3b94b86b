package index_test

import (
	"fmt"
	"time"

	"github.com/paulmach/orb"

	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/index"
)

func Example() {
	final := time.Date(2020, 10, 15, 0, 0, 0, 0, time.UTC)
	ix := index.New()
	ix.Apply(
		&geo.Zone{Layer: "coal_ban", ID: "yaodu-core", Version: 1, Kind: geo.KindCoalBan,
			Status: geo.StatusPublished, Validity: geo.Validity{From: final},
			Geometry: orb.Polygon{{{111.45, 36.03}, {111.58, 36.03}, {111.58, 36.13}, {111.45, 36.13}, {111.45, 36.03}}}},
		&geo.Zone{Layer: "burn_ban", ID: "yaodu", Version: 1, Kind: geo.KindBurnBan,
			Status:   geo.StatusPublished,
			Geometry: orb.Polygon{{{111.30, 35.95}, {111.70, 35.95}, {111.70, 36.25}, {111.30, 36.25}, {111.30, 35.95}}}},
	)
	s := ix.Snapshot()
	at := time.Date(2020, 11, 1, 8, 0, 0, 0, time.UTC)

	for _, z := range s.ZonesAt(nil, orb.Point{111.5186, 36.0880}, index.Query{At: at}) {
		fmt.Println("in", z.Layer, z.ID)
	}
	// On the boundary counts as inside; before valid_from the coal ban does not apply.
	early := s.ZonesAt(nil, orb.Point{111.45, 36.08}, index.Query{At: final.Add(-time.Hour)})
	fmt.Println("before the final delineation:", len(early), "zone(s)")

	route := orb.LineString{{111.40, 36.08}, {111.52, 36.08}}
	for _, c := range s.Crossings(route, index.Query{At: at, Layers: []string{"coal_ban"}}) {
		fmt.Printf("enters %s at %.2f,%.2f after %.0f m\n", c.Zone.ID, c.Entry[0], c.Entry[1], c.AlongM)
	}
	// Output:
	// in burn_ban yaodu
	// in coal_ban yaodu-core
	// before the final delineation: 1 zone(s)
	// enters yaodu-core at 111.45,36.08 after 4498 m
}
