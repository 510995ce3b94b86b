package storetest

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/data"
)

// t0 is the base time of the inspection fixtures.
var t0 = time.Date(2020, 11, 1, 0, 0, 0, 0, time.UTC)

// logFixture logs five records, inserted out of time order, and returns
// them; rec[i].Time is t0 + the hour given here.
func logFixture(t *testing.T, s data.Store) []*data.Inspection {
	t.Helper()
	mk := func(hour int, station, decision string) *data.Inspection {
		return &data.Inspection{Time: t0.Add(time.Duration(hour) * time.Hour), Station: station, Decision: decision,
			Action: map[string]string{"allow": "pass", "deny": "turn_back"}[decision], Reasons: []string{}}
	}
	recs := []*data.Inspection{
		mk(3, "G108-01", "deny"),  // 0
		mk(1, "G108-01", "allow"), // 1
		mk(2, "S233-02", "deny"),  // 2
	}
	if err := s.LogInspections(t.Context(), recs); err != nil {
		t.Fatalf("LogInspections: %v", err)
	}
	more := []*data.Inspection{
		mk(1, "S233-02", "allow"), // 3: same time as 1, later id
		mk(5, "G108-01", "deny"),  // 4
	}
	if err := s.LogInspections(t.Context(), more); err != nil {
		t.Fatalf("LogInspections: %v", err)
	}
	all := append(recs, more...)
	for i := 1; i < len(all); i++ {
		if all[i].ID <= all[i-1].ID {
			t.Fatalf("IDs %d then %d: want increasing", all[i-1].ID, all[i].ID)
		}
	}
	if all[0].ID == 0 {
		t.Fatalf("ID not assigned")
	}
	return all
}

var inspectionTests = []test{
	{"Filters", func(t *testing.T, s data.Store) {
		recs := logFixture(t, s)
		cases := []struct {
			name string
			f    data.InspectionFilter
			want []int // indexes into recs, in expected order
		}{
			{"all by time then id", data.InspectionFilter{}, []int{1, 3, 2, 0, 4}},
			{"station", data.InspectionFilter{Station: "G108-01"}, []int{1, 0, 4}},
			{"decision", data.InspectionFilter{Decision: "deny"}, []int{2, 0, 4}},
			{"from inclusive", data.InspectionFilter{From: t0.Add(2 * time.Hour)}, []int{2, 0, 4}},
			{"to exclusive", data.InspectionFilter{To: t0.Add(2 * time.Hour)}, []int{1, 3}},
			{"window", data.InspectionFilter{From: t0.Add(time.Hour), To: t0.Add(3 * time.Hour)}, []int{1, 3, 2}},
			{"limit", data.InspectionFilter{Limit: 2}, []int{1, 3}},
			{"combined", data.InspectionFilter{Station: "G108-01", Decision: "deny", From: t0, Limit: 1}, []int{0}},
			{"from in another zone", data.InspectionFilter{From: t0.Add(2 * time.Hour).In(time.FixedZone("CST", 8*3600))}, []int{2, 0, 4}},
			{"no match", data.InspectionFilter{Station: "nowhere"}, nil},
		}
		for _, tc := range cases {
			got, err := s.Inspections(t.Context(), tc.f)
			if err != nil {
				t.Fatalf("%s: Inspections: %v", tc.name, err)
			}
			var gotIDs, wantIDs []int64
			for _, r := range got {
				gotIDs = append(gotIDs, r.ID)
			}
			for _, i := range tc.want {
				wantIDs = append(wantIDs, recs[i].ID)
			}
			if !slices.Equal(gotIDs, wantIDs) {
				t.Errorf("%s: IDs = %v, want %v", tc.name, gotIDs, wantIDs)
			}
		}
	}},
	{"RoundTrip", func(t *testing.T, s data.Store) {
		cst := time.FixedZone("CST", 8*3600)
		in := &data.Inspection{
			Time:     time.Date(2020, 11, 1, 8, 0, 0, 250_000_000, cst),
			Station:  "G108-尧都-01",
			Plate:    "晋L·12345",
			Position: &orb.Point{111.51860000000001, 36.088},
			Route:    orb.LineString{{111.4, 36}, {0.1 + 0.2, 1.0 / 3}},
			Decision: "deny",
			Action:   "turn_back",
			Reasons:  []string{"COAL_BAN_ZONE", "MISSING_DOCUMENTS"},
			Request:  json.RawMessage(`{"position":[111.5186,36.088],"plate":"晋L·12345","cargo":{"sulfur_pct":0.4}}`),
			Response: json.RawMessage(`{"decision":"deny","reasons":[{"code":"COAL_BAN_ZONE","message_zh":"禁煤区"}]}`),
		}
		bare := &data.Inspection{Time: t0, Decision: "allow", Action: "pass"}
		if err := s.LogInspections(t.Context(), []*data.Inspection{in, bare}); err != nil {
			t.Fatalf("LogInspections: %v", err)
		}
		got, err := s.Inspections(t.Context(), data.InspectionFilter{})
		if err != nil || len(got) != 2 {
			t.Fatalf("Inspections = %v, %v; want 2 records", got, err)
		}
		b, r := got[0], got[1]
		if b.ID != bare.ID || b.Position != nil || b.Route != nil || len(b.Reasons) != 0 || b.Request != nil ||
			b.Response != nil || b.Station != "" || b.Plate != "" || !b.Time.Equal(t0) {
			t.Errorf("bare record = %+v, want empty optional fields", b)
		}
		if r.ID != in.ID || !r.Time.Equal(in.Time) || r.Time.Location() != time.UTC || r.Station != in.Station ||
			r.Plate != in.Plate || r.Decision != in.Decision || r.Action != in.Action || !slices.Equal(r.Reasons, in.Reasons) {
			t.Errorf("record = %+v\nwant %+v (time in UTC)", r, in)
		}
		if r.Position == nil || *r.Position != *in.Position || !sameGeometry(r.Route, in.Route) {
			t.Errorf("position/route = %v %v, want %v %v", r.Position, r.Route, *in.Position, in.Route)
		}
		for _, p := range [][2]json.RawMessage{{r.Request, in.Request}, {r.Response, in.Response}} {
			var got, want any
			if err := json.Unmarshal(p[0], &got); err != nil {
				t.Errorf("stored JSON %s: %v", p[0], err)
			}
			_ = json.Unmarshal(p[1], &want)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("raw JSON = %s, want %s", p[0], p[1])
			}
		}
	}},
	{"LargeBatch", func(t *testing.T, s data.Store) {
		// More records than one multi-row INSERT holds (SQLite writes 64 a
		// statement): each must come back under the ID it was given, in
		// order, whatever the chunking.
		recs := make([]*data.Inspection, 150)
		for i := range recs {
			recs[i] = &data.Inspection{Time: t0.Add(time.Duration(i) * time.Second), Station: fmt.Sprintf("S%03d", i),
				Decision: "allow", Action: "pass"}
		}
		if err := s.LogInspections(t.Context(), recs[:1]); err != nil {
			t.Fatalf("LogInspections: %v", err)
		}
		if err := s.LogInspections(t.Context(), recs[1:]); err != nil {
			t.Fatalf("LogInspections: %v", err)
		}
		got, err := s.Inspections(t.Context(), data.InspectionFilter{})
		if err != nil || len(got) != len(recs) {
			t.Fatalf("Inspections = %d records, %v; want %d", len(got), err, len(recs))
		}
		for i, r := range got {
			if r.ID != recs[i].ID || r.Station != recs[i].Station {
				t.Fatalf("record %d = id %d station %s, want id %d station %s", i, r.ID, r.Station, recs[i].ID, recs[i].Station)
			}
		}
	}},
	{"EmptyLog", func(t *testing.T, s data.Store) {
		if err := s.LogInspections(t.Context(), nil); err != nil {
			t.Errorf("LogInspections(nil) = %v, want nil", err)
		}
		got, err := s.Inspections(t.Context(), data.InspectionFilter{})
		if err != nil || len(got) != 0 {
			t.Errorf("Inspections = %v, %v; want none", got, err)
		}
	}},
}
