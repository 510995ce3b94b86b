package rules

import (
	"fmt"
	"sync"
	"testing"

	"github.com/zonegate/zonegate/geo"
)

// TestMessageCache: cached messages are the ones built, on a miss and on
// a hit, for every message kind, zone kind, name (or id), route flag and
// destination, from concurrent callers (run with -race too); past
// maxCachedMessages nothing more is kept and messages stay right.
func TestMessageCache(t *testing.T) {
	t.Parallel()
	builders := map[msgKind]func(*ZoneHit, bool, Destination) message{
		msgKindCoalBan: msgCoalBan, msgKindExemptCoalBan: msgExemptCoalBan, msgKindExemptDocuments: msgExemptDocuments,
	}
	var c messageCache
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for round := range 2 { // a miss, then a hit
				for kind, build := range builders {
					for _, zk := range []geo.Kind{geo.KindCoalBan, geo.KindBurnBan, "built_up"} {
						for _, z := range []ZoneHit{{ID: "yd-cb", Name: "尧都区禁煤区", Kind: zk}, {ID: "only-id", Kind: zk}, {ID: "q", Name: `"<&>"`, Kind: zk}} {
							for _, route := range []bool{false, true} {
								for _, d := range []Destination{DestResidential, DestCoalPower, "odd"} {
									if got, want := c.get(kind, &z, route, d, build), build(&z, route, d); got != want {
										t.Errorf("goroutine %d round %d: %v %+v %v %v: got %+v, want %+v", g, round, kind, z, route, d, got, want)
										return
									}
								}
							}
						}
					}
				}
			}
		}()
	}
	wg.Wait()
	for i := range maxCachedMessages + 10 {
		z := ZoneHit{ID: fmt.Sprint("z", i), Kind: geo.KindCoalBan}
		if got, want := c.get(msgKindCoalBan, &z, false, DestOther, msgCoalBan), msgCoalBan(&z, false, DestOther); got != want {
			t.Fatalf("zone %d: got %+v, want %+v", i, got, want)
		}
	}
	if n := len(c.m); n != maxCachedMessages {
		t.Fatalf("%d messages kept, want %d", n, maxCachedMessages)
	}
}
