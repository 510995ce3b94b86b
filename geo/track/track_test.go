package track_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/zonegate/zonegate/geo/track"
)

var t0 = time.Date(2020, 11, 1, 0, 0, 0, 0, time.UTC)

// world places a fix by its x coordinate: zone "l/a" is x in [1, 3], zone
// "l/b" is x in [2, 4]; off route where y > 0.
func world(p orb.Point) track.Place {
	var zs []string
	if p[0] >= 1 && p[0] <= 3 {
		zs = append(zs, "l/a")
	}
	if p[0] >= 2 && p[0] <= 4 {
		zs = append(zs, "l/b")
	}
	return track.Place{Zones: zs, OffRoute: p[1] > 0}
}

// apply sorts a batch and runs it through the state machine, returning the
// events as "plate@sec type zone" and the outcome counts.
func apply(states map[string]*track.State, batch []track.Fix) (events []string, counts [3]int) {
	fs := slices.Clone(batch)
	track.SortFixes(fs)
	for _, f := range fs {
		s := states[f.Plate]
		if s == nil {
			s = &track.State{}
			states[f.Plate] = s
		}
		o := s.Admit(f.Time)
		counts[o]++
		if o != track.Accepted {
			continue
		}
		var cs []track.Change
		*s, cs = s.Next(f, world(f.Point), nil)
		for _, c := range cs {
			events = append(events, fmt.Sprintf("%s@%d %s %s", f.Plate, int(f.Time.Sub(t0).Seconds()), c.Type, c.Zone))
		}
	}
	return events, counts
}

func fix(plate string, sec int, x, y float64) track.Fix {
	return track.Fix{Plate: plate, Time: t0.Add(time.Duration(sec) * time.Second), Point: orb.Point{x, y}}
}

func TestSequences(t *testing.T) {
	cases := []struct {
		name    string
		batches [][]track.Fix
		want    []string
		counts  [3]int // accepted, duplicate, late
	}{
		{
			name:    "enter then exit",
			batches: [][]track.Fix{{fix("A", 0, 0, 0), fix("A", 10, 1.5, 0), fix("A", 20, 5, 0)}},
			want:    []string{"A@10 enter l/a", "A@20 exit l/a"},
			counts:  [3]int{3, 0, 0},
		},
		{
			name:    "overlapping zones: exits before enters, each in zone order",
			batches: [][]track.Fix{{fix("A", 0, 1.5, 0), fix("A", 1, 3.5, 0), fix("A", 2, 2.5, 0)}},
			want:    []string{"A@0 enter l/a", "A@1 exit l/a", "A@1 enter l/b", "A@2 enter l/a"},
			counts:  [3]int{3, 0, 0},
		},
		{
			name:    "first position inside gives enter events",
			batches: [][]track.Fix{{fix("A", 0, 2.5, 0)}},
			want:    []string{"A@0 enter l/a", "A@0 enter l/b"},
			counts:  [3]int{1, 0, 0},
		},
		{
			name:    "first position off route",
			batches: [][]track.Fix{{fix("A", 0, 0, 1), fix("A", 5, 0, 0), fix("A", 6, 0, 0)}},
			want:    []string{"A@0 off_route ", "A@5 on_route "},
			counts:  [3]int{3, 0, 0},
		},
		{
			name:    "duplicate position in the same batch and in a later one",
			batches: [][]track.Fix{{fix("A", 0, 0, 0), fix("A", 10, 1.5, 0), fix("A", 10, 1.5, 0)}, {fix("A", 10, 1.5, 0)}},
			want:    []string{"A@10 enter l/a"},
			counts:  [3]int{2, 2, 0},
		},
		{
			name:    "duplicate time at another place keeps the first",
			batches: [][]track.Fix{{fix("A", 0, 0, 0), fix("A", 0, 1.5, 0)}},
			want:    nil,
			counts:  [3]int{1, 1, 0},
		},
		{
			name:    "out-of-order batch gives the in-order events",
			batches: [][]track.Fix{{fix("A", 20, 5, 0), fix("A", 0, 0, 0), fix("A", 10, 1.5, 0)}},
			want:    []string{"A@10 enter l/a", "A@20 exit l/a"},
			counts:  [3]int{3, 0, 0},
		},
		{
			name:    "late position after a later one gives no event",
			batches: [][]track.Fix{{fix("A", 0, 0, 0), fix("A", 20, 0, 0)}, {fix("A", 10, 1.5, 0)}},
			want:    nil,
			counts:  [3]int{2, 0, 1},
		},
		{
			name:    "plates are independent",
			batches: [][]track.Fix{{fix("B", 0, 1.5, 0), fix("A", 0, 0, 0), fix("A", 1, 1.5, 0), fix("B", 1, 0, 0)}},
			want:    []string{"A@1 enter l/a", "B@0 enter l/a", "B@1 exit l/a"},
			counts:  [3]int{4, 0, 0},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			states := map[string]*track.State{}
			var got []string
			var counts [3]int
			for _, b := range tc.batches {
				ev, c := apply(states, b)
				got = append(got, ev...)
				for i := range c {
					counts[i] += c[i]
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("events = %q, want %q", got, tc.want)
			}
			if counts != tc.counts {
				t.Errorf("accepted/duplicate/late = %v, want %v", counts, tc.counts)
			}
		})
	}
}

// oracle computes the events of a set of fixes by brute force: per plate,
// the distinct times in order (the first fix at each time wins), and the
// set differences of consecutive places.
func oracle(fixes []track.Fix) []string {
	byPlate := map[string][]track.Fix{}
	for _, f := range fixes {
		byPlate[f.Plate] = append(byPlate[f.Plate], f)
	}
	plates := make([]string, 0, len(byPlate))
	for p := range byPlate {
		plates = append(plates, p)
	}
	slices.Sort(plates)
	var out []string
	for _, p := range plates {
		fs := byPlate[p]
		slices.SortStableFunc(fs, func(a, b track.Fix) int { return a.Time.Compare(b.Time) })
		prev := track.Place{}
		for i, f := range fs {
			if i > 0 && f.Time.Equal(fs[i-1].Time) {
				continue
			}
			cur := world(f.Point)
			sec := int(f.Time.Sub(t0).Seconds())
			for _, z := range prev.Zones {
				if !slices.Contains(cur.Zones, z) {
					out = append(out, fmt.Sprintf("%s@%d exit %s", p, sec, z))
				}
			}
			for _, z := range cur.Zones {
				if !slices.Contains(prev.Zones, z) {
					out = append(out, fmt.Sprintf("%s@%d enter %s", p, sec, z))
				}
			}
			if cur.OffRoute != prev.OffRoute {
				typ := track.OnRoute
				if cur.OffRoute {
					typ = track.OffRoute
				}
				out = append(out, fmt.Sprintf("%s@%d %s ", p, sec, typ))
			}
			prev = cur
		}
	}
	return out
}

func seed(t *testing.T) uint64 {
	s := uint64(20201101)
	if v := os.Getenv("SEED"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			t.Fatalf("SEED=%q: %v", v, err)
		}
		s = n
	}
	t.Logf("seed %d (override with SEED=)", s)
	return s
}

// TestAgainstOracle sends random tracks split into time-ordered batches,
// each shuffled and with re-sent fixes mixed in, and compares the events
// with the brute-force oracle on the whole set.
func TestAgainstOracle(t *testing.T) {
	rng := rand.New(rand.NewPCG(seed(t), 7))
	for round := range 200 {
		var fixes []track.Fix
		for p := range 1 + rng.IntN(4) {
			for sec := range 1 + rng.IntN(30) {
				if rng.IntN(4) == 0 {
					continue // gaps in time
				}
				fixes = append(fixes, fix(string(rune('A'+p)), sec, float64(rng.IntN(10))/2, float64(rng.IntN(3)-1)))
			}
		}
		want := oracle(slices.Clone(fixes))
		// Cut the time axis into batches; shuffle inside each and re-send
		// some fixes of the previous batch (duplicates or late).
		states := map[string]*track.State{}
		var got []string
		cut := 0
		var prev []track.Fix
		for cut < 30 {
			next := cut + 1 + rng.IntN(10)
			var batch []track.Fix
			for i, f := range fixes {
				if sec := int(f.Time.Sub(t0).Seconds()); sec >= cut && sec < next {
					f.Index = i
					batch = append(batch, f)
				}
			}
			for _, f := range prev {
				if rng.IntN(3) == 0 {
					batch = append(batch, f)
				}
			}
			rng.Shuffle(len(batch), func(i, j int) { batch[i], batch[j] = batch[j], batch[i] })
			ev, _ := apply(states, batch)
			got = append(got, ev...)
			prev, cut = batch, next
		}
		// apply reports plate by plate per batch; compare as multisets
		// sorted by plate, keeping each plate's order.
		if !slices.Equal(byPlateOrder(got), byPlateOrder(want)) {
			t.Fatalf("round %d:\n got %q\nwant %q", round, got, want)
		}
	}
}

// byPlateOrder stably sorts event strings by plate, keeping each plate's
// own order.
func byPlateOrder(evs []string) []string {
	out := slices.Clone(evs)
	slices.SortStableFunc(out, func(a, b string) int {
		pa, _, _ := strings.Cut(a, "@")
		pb, _, _ := strings.Cut(b, "@")
		return strings.Compare(pa, pb)
	})
	return out
}

func TestKey(t *testing.T) {
	at := time.Date(2020, 11, 1, 8, 0, 0, 500, time.FixedZone("CST", 8*3600))
	cases := []struct {
		name string
		c    track.Change
		want string
	}{
		{"zone event", track.Change{Type: track.Enter, Zone: "coal_ban/cb-1"}, "晋L·1|2020-11-01T00:00:00.0000005Z|enter|coal_ban/cb-1"},
		{"route event", track.Change{Type: track.OffRoute}, "晋L·1|2020-11-01T00:00:00.0000005Z|off_route"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := track.Key("晋L·1", at, tc.c); got != tc.want {
				t.Errorf("Key = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestAdmit(t *testing.T) {
	s := track.State{Time: t0}
	cases := []struct {
		name string
		at   time.Time
		want track.Outcome
	}{
		{"later", t0.Add(time.Nanosecond), track.Accepted},
		{"same instant in another zone", t0.In(time.FixedZone("CST", 8*3600)), track.Duplicate},
		{"earlier", t0.Add(-time.Second), track.Late},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := s.Admit(tc.at); got != tc.want {
				t.Errorf("Admit = %v, want %v", got, tc.want)
			}
		})
	}
	var fresh track.State
	if got := fresh.Admit(time.Time{}.Add(time.Second)); got != track.Accepted {
		t.Errorf("unknown vehicle: Admit = %v, want accepted", got)
	}
}
