package storetest

import (
	"context"
	"errors"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/zonegate/zonegate/data"
)

// The UTC+8 day boundary of 2020-08-01: the first instant is still
// 2020-08-01 in Linfen, the second is 2020-08-02.
var (
	lastOfAug1  = time.Date(2020, 8, 1, 15, 59, 59, 0, time.UTC)
	firstOfAug2 = time.Date(2020, 8, 1, 16, 0, 0, 0, time.UTC)
)

// randomInspections returns n inspections spread over 2020-07-29 … 08-05
// (none within a minute of the UTC+8 boundary) plus one at each side of it.
func randomInspections(rng *rand.Rand, n int) []*data.Inspection {
	stations := []string{"", "G108-尧都-01", "S233-02", "G209-03"}
	counties := []string{"", "yaodu", "hongtong", "xiangfen"}
	codes := []string{"COAL_BAN_ZONE", "MISSING_DOCUMENTS", "FUEL_BELOW_STANDARD", "OFF_DESIGNATED_ROUTE"}
	start := time.Date(2020, 7, 29, 0, 0, 0, 0, time.UTC)
	mk := func(at time.Time) *data.Inspection {
		r := &data.Inspection{Time: at, Station: stations[rng.IntN(len(stations))], County: counties[rng.IntN(len(counties))],
			Decision: "allow", Action: "pass", Reasons: []string{}}
		r.StationKnown = r.Station != "" && rng.IntN(3) > 0
		if rng.IntN(2) == 0 {
			r.Decision = "deny"
		}
		if rng.IntN(3) == 0 {
			r.Action = "turn_back"
		}
		for _, c := range codes {
			if rng.IntN(3) == 0 {
				r.Reasons = append(r.Reasons, c)
			}
		}
		if len(r.Reasons) > 0 && rng.IntN(10) == 0 { // a repeated code counts once
			r.Reasons = append(r.Reasons, r.Reasons[0])
		}
		return r
	}
	var out []*data.Inspection
	for len(out) < n {
		at := start.Add(time.Duration(rng.IntN(7*24*3600)) * time.Second)
		if d := at.Sub(firstOfAug2); d > -time.Minute && d < time.Minute {
			continue
		}
		out = append(out, mk(at))
	}
	return append(out, mk(lastOfAug1), mk(firstOfAug2))
}

// countInspections is the brute-force oracle of InspectionCounts.
func countInspections(recs []*data.Inspection, f data.InspectionFilter, g data.ReportGroup, offsetSec int) []data.InspectionCount {
	by := map[string]*data.InspectionCount{}
	for _, r := range recs {
		if f.Station != "" && r.Station != f.Station || f.Decision != "" && r.Decision != f.Decision ||
			!f.From.IsZero() && r.Time.Before(f.From) || !f.To.IsZero() && !r.Time.Before(f.To) {
			continue
		}
		var keys []string
		switch g {
		case data.GroupStation:
			keys = []string{r.Station}
		case data.GroupCounty:
			keys = []string{r.County}
		case data.GroupDay:
			keys = []string{r.Time.UTC().Add(time.Duration(offsetSec) * time.Second).Format("2006-01-02")}
		case data.GroupReason:
			keys = slices.Compact(slices.Sorted(slices.Values(r.Reasons)))
		}
		for _, k := range keys {
			c := by[k]
			if c == nil {
				c = &data.InspectionCount{Key: k}
				by[k] = c
			}
			c.Checks++
			if r.Decision == "deny" {
				c.Denials++
			}
			if r.Action == "turn_back" {
				c.TurnBacks++
			}
		}
	}
	out := []data.InspectionCount{}
	for _, c := range by {
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

var reportTests = []test{
	{"InspectionCountsMatchBruteForce", func(t *testing.T, s data.Store) {
		rs := s
		rng := newRand(t)
		recs := randomInspections(rng, 300)
		for i := 0; i < len(recs); i += 128 {
			if err := s.LogInspections(t.Context(), recs[i:min(i+128, len(recs))]); err != nil {
				t.Fatalf("LogInspections: %v", err)
			}
		}
		day := func(d int) time.Time { return time.Date(2020, 7, 29+d, 0, 0, 0, 0, time.UTC) }
		filters := []data.InspectionFilter{
			{},
			{Station: "S233-02"},
			{Station: ""},
			{Decision: "deny"},
			{From: day(2), To: day(4)},
			{From: lastOfAug1, To: firstOfAug2.Add(time.Second)},
			{Station: "G108-尧都-01", Decision: "allow", From: day(1), Limit: 3}, // Limit is ignored
			{Station: "nowhere"},
		}
		for _, f := range filters {
			for _, g := range []data.ReportGroup{data.GroupStation, data.GroupCounty, data.GroupDay, data.GroupReason} {
				for _, off := range []int{28800, 0, -5 * 3600} {
					if g != data.GroupDay && off != 28800 {
						continue
					}
					got, err := rs.InspectionCounts(t.Context(), f, g, off)
					if err != nil {
						t.Fatalf("InspectionCounts(%+v, %s, %d): %v", f, g, off, err)
					}
					want := countInspections(recs, f, g, off)
					if !slices.Equal(got, want) {
						t.Errorf("InspectionCounts(%+v, %s, %d) =\n%v\nwant\n%v", f, g, off, got, want)
					}
				}
			}
		}
		// The UTC+8 boundary, spelled out.
		got, err := rs.InspectionCounts(t.Context(), data.InspectionFilter{From: lastOfAug1, To: firstOfAug2.Add(time.Second)}, data.GroupDay, 28800)
		if err != nil {
			t.Fatalf("InspectionCounts: %v", err)
		}
		if keys := countKeys(got); !slices.Equal(keys, []string{"2020-08-01", "2020-08-02"}) || got[0].Checks != 1 || got[1].Checks != 1 {
			t.Errorf("boundary days = %v, want one check on 2020-08-01 and one on 2020-08-02", got)
		}
		got, err = rs.InspectionCounts(t.Context(), data.InspectionFilter{From: lastOfAug1, To: firstOfAug2.Add(time.Second)}, data.GroupDay, 0)
		if err != nil {
			t.Fatalf("InspectionCounts: %v", err)
		}
		if len(got) != 1 || got[0].Key != "2020-08-01" || got[0].Checks != 2 {
			t.Errorf("boundary days in UTC = %v, want two checks on 2020-08-01", got)
		}
	}},
	{"StationKnownAndCountyRoundTrip", func(t *testing.T, s data.Store) {
		recs := []*data.Inspection{
			{Time: t0, Station: "G108-尧都-01", StationKnown: true, County: "yaodu", Decision: "allow", Action: "pass"},
			{Time: t0.Add(time.Second), Station: "made-up", County: "", Decision: "deny", Action: "turn_back"},
		}
		if err := s.LogInspections(t.Context(), recs); err != nil {
			t.Fatalf("LogInspections: %v", err)
		}
		got, err := s.Inspections(t.Context(), data.InspectionFilter{})
		if err != nil || len(got) != 2 {
			t.Fatalf("Inspections = %v, %v; want 2", got, err)
		}
		for i, r := range got {
			if r.StationKnown != recs[i].StationKnown || r.County != recs[i].County || r.Station != recs[i].Station {
				t.Errorf("record %d: station %q known %v county %q; want %q %v %q", i, r.Station, r.StationKnown, r.County,
					recs[i].Station, recs[i].StationKnown, recs[i].County)
			}
		}
	}},
	{"EmptyAndInvalid", func(t *testing.T, s data.Store) {
		rs := s
		got, err := rs.InspectionCounts(t.Context(), data.InspectionFilter{}, data.GroupReason, 28800)
		if err != nil || got == nil || len(got) != 0 {
			t.Errorf("InspectionCounts on an empty log = %#v, %v; want an empty, non-nil slice", got, err)
		}
		if _, err := rs.InspectionCounts(t.Context(), data.InspectionFilter{}, data.ReportGroup("plate"), 0); err == nil {
			t.Errorf("InspectionCounts(group plate) succeeded, want an error")
		}
		if _, err := rs.InspectionCounts(canceled(t), data.InspectionFilter{}, data.GroupDay, 0); !errors.Is(err, context.Canceled) {
			t.Errorf("InspectionCounts(cancelled) = %v, want context.Canceled", err)
		}
	}},
}

// countKeys returns the keys of cs.
func countKeys(cs []data.InspectionCount) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Key
	}
	return out
}
