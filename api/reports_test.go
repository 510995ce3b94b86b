package api_test

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/api"
	"github.com/zonegate/zonegate/api/internal/apitest"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/demo"
)

// reportJSON is the answer of GET /v1/reports/inspections.
type reportJSON struct {
	From  *time.Time `json:"from"`
	To    *time.Time `json:"to"`
	Group string     `json:"group"`
	Rows  []struct {
		Key       string `json:"key"`
		Name      string `json:"name"`
		Checks    int64  `json:"checks"`
		Denials   int64  `json:"denials"`
		TurnBacks int64  `json:"turn_backs"`
	} `json:"rows"`
	Total struct {
		Checks    int64 `json:"checks"`
		Denials   int64 `json:"denials"`
		TurnBacks int64 `json:"turn_backs"`
	} `json:"total"`
}

// reportCount is one row of the brute-force oracle.
type reportCount struct{ checks, denials, turnBacks int64 }

var cst = time.FixedZone("CST", 8*3600)

// postReportChecks posts n coal-truck checks spread over 2020-08-01 …
// 2020-08-10 (China time, some a few minutes either side of midnight) at
// demo checkpoints, unknown stations and none, with cargo that is allowed
// or denied. The server's clock is set before each check.
func postReportChecks(t *testing.T, ts *apitest.Server, clock *atomic.Int64, rng *rand.Rand, n int) {
	t.Helper()
	_, zones := demo.Region()
	var cps []*struct {
		id string
		at orb.Point
	}
	for _, z := range zones {
		if z.Layer == demo.LayerCheckpoints {
			cps = append(cps, &struct {
				id string
				at orb.Point
			}{z.ID, z.Geometry.(orb.Point)})
		}
	}
	if len(cps) < 3 {
		t.Fatalf("demo region has %d checkpoints, want at least 3", len(cps))
	}
	start := time.Date(2020, 8, 1, 0, 0, 0, 0, cst)
	for i := range n {
		day := start.AddDate(0, 0, rng.IntN(10))
		var at time.Time
		switch rng.IntN(4) {
		case 0:
			at = day.Add(-time.Duration(1+rng.IntN(10)) * time.Minute) // just before local midnight
		case 1:
			at = day.Add(time.Duration(rng.IntN(10)) * time.Minute) // just after
		default:
			at = day.Add(time.Duration(rng.IntN(24*60)) * time.Minute)
		}
		clock.Store(at.UnixNano())
		station, pos := "", orb.Point{111.2 + rng.Float64()*0.6, 35.8 + rng.Float64()*0.6}
		switch k := rng.IntN(10); {
		case k < 6:
			cp := cps[rng.IntN(min(len(cps), 6))]
			station, pos = cp.id, cp.at
		case k == 6:
			station = "mobile-unregistered"
		case k == 7:
			station = "=HYPERLINK(\"x\")"
		case k == 8:
			pos = orb.Point{linfenLon, linfenLat} // inside 尧都区禁煤区
		}
		sulfur := []float64{0.3, 0.4, 0.8}[rng.IntN(3)]
		body := fmt.Sprintf(`{"position":[%v,%v],"cargo":{"fuel":"coal","sulfur_pct":%v,"ash_pct":9},`+
			`"documents":{"supply_contract":%v,"quality_report":true},"destination":{"category":"residential"},`+
			`"plate":"晋L·%05d","station":%q}`, pos[0], pos[1], sulfur, rng.IntN(3) > 0, i, station)
		var resp struct {
			Decision string `json:"decision"`
		}
		ts.PostJSON(t, "/v1/checks/coal-truck", body, &resp)
	}
}

// TestReportsInspectionsMatchBruteForce posts checks through the check
// endpoint on simulated days and compares every grouping of the report,
// in JSON and CSV, with counts made from the inspection log records.
func TestReportsInspectionsMatchBruteForce(t *testing.T) {
	var clock atomic.Int64
	clock.Store(apitest.CheckTime.UnixNano())
	ts := apitest.New(t, func(o *api.Options) { o.Now = func() time.Time { return time.Unix(0, clock.Load()) } })
	if _, ok := ts.Store.(data.ReportStore); !ok {
		t.Skip("the SQLite store does not implement data.ReportStore yet")
	}
	rng := rand.New(rand.NewPCG(apitest.Seed(t), 7))
	postReportChecks(t, ts, &clock, rng, 240)

	var log struct {
		Inspections []*data.Inspection `json:"inspections"`
	}
	ts.GetJSON(t, "/v1/inspections?limit=10000", &log)
	if len(log.Inspections) != 240 {
		t.Fatalf("inspection log has %d records, want 240", len(log.Inspections))
	}
	names := demoNames()

	ranges := []struct{ name, from, to string }{
		{"everything", "", ""},
		{"dates, to inclusive", "2020-08-03", "2020-08-07"},
		{"instants, to exclusive", "2020-08-02T00:00:00+08:00", "2020-08-05T00:00:00+08:00"},
	}
	for _, rg := range ranges {
		from, to := rangeOracle(t, rg.from, rg.to)
		for _, group := range []string{"station", "county", "day", "reason"} {
			t.Run(rg.name+"/"+group, func(t *testing.T) {
				want, wantTotal := bruteForceReport(log.Inspections, group, from, to)
				path := "/v1/reports/inspections?" + url.Values{"group": {group}, "from": {rg.from}, "to": {rg.to}}.Encode()
				var got reportJSON
				ts.GetJSON(t, path, &got)
				gotRows := map[string]reportCount{}
				var keys []string
				for _, r := range got.Rows {
					gotRows[r.Key] = reportCount{r.Checks, r.Denials, r.TurnBacks}
					keys = append(keys, r.Key)
					if wantName := names[group][r.Key]; r.Name != wantName {
						t.Errorf("row %q name = %q, want %q", r.Key, r.Name, wantName)
					}
				}
				if !slices.IsSorted(keys) {
					t.Errorf("rows not ordered by key: %q", keys)
				}
				if fmt.Sprint(gotRows) != fmt.Sprint(want) {
					t.Errorf("rows\n got %v\nwant %v", gotRows, want)
				}
				if g := (reportCount{got.Total.Checks, got.Total.Denials, got.Total.TurnBacks}); g != wantTotal {
					t.Errorf("total = %+v, want %+v", g, wantTotal)
				}
				if got.Group != group || !sameInstant(got.From, from) || !sameInstant(got.To, to) {
					t.Errorf("echo group=%q from=%v to=%v, want %q %v %v", got.Group, got.From, got.To, group, from, to)
				}
				checkReportCSV(t, ts, path, got)
			})
		}
	}
}

// checkReportCSV fetches path as CSV (format=csv and by Accept) and
// compares it with the JSON rows; client text must come back defused.
func checkReportCSV(t *testing.T, ts *apitest.Server, path string, rep reportJSON) {
	t.Helper()
	for _, how := range []struct{ path, accept string }{{path + "&format=csv", ""}, {path, "text/csv"}} {
		var hdr []string
		if how.accept != "" {
			hdr = []string{"Accept", how.accept}
		}
		status, ct, body := ts.Do(t, http.MethodGet, how.path, "", "", hdr...)
		if status != http.StatusOK || !strings.HasPrefix(ct, "text/csv") {
			t.Fatalf("GET %s (Accept %q) = %d %q: %s", how.path, how.accept, status, ct, body)
		}
		recs, err := csv.NewReader(strings.NewReader(string(body))).ReadAll()
		if err != nil {
			t.Fatalf("CSV: %v", err)
		}
		want := [][]string{{rep.Group, "name", "checks", "denials", "turn_backs"}}
		for _, r := range rep.Rows {
			key, name := r.Key, r.Name
			if strings.HasPrefix(key, "=") {
				key = "'" + key
			}
			want = append(want, []string{key, name, strconv.FormatInt(r.Checks, 10), strconv.FormatInt(r.Denials, 10), strconv.FormatInt(r.TurnBacks, 10)})
		}
		if fmt.Sprint(recs) != fmt.Sprint(want) {
			t.Errorf("CSV (Accept %q)\n got %q\nwant %q", how.accept, recs, want)
		}
	}
}

// rangeOracle turns the query's from and to into the instants the report
// must use: dates at midnight China time, a date-only to one day later.
func rangeOracle(t *testing.T, from, to string) (time.Time, time.Time) {
	t.Helper()
	parse := func(s string, endOfDay bool) time.Time {
		if s == "" {
			return time.Time{}
		}
		if v, err := time.Parse(time.RFC3339, s); err == nil {
			return v
		}
		v, err := time.ParseInLocation(time.DateOnly, s, cst)
		if err != nil {
			t.Fatal(err)
		}
		if endOfDay {
			v = v.AddDate(0, 0, 1)
		}
		return v
	}
	return parse(from, false), parse(to, true)
}

func sameInstant(got *time.Time, want time.Time) bool {
	if got == nil {
		return want.IsZero()
	}
	return got.Equal(want)
}

// bruteForceReport counts records in [from, to) by group the slow way.
func bruteForceReport(recs []*data.Inspection, group string, from, to time.Time) (map[string]reportCount, reportCount) {
	rows := map[string]reportCount{}
	var total reportCount
	for _, r := range recs {
		if (!from.IsZero() && r.Time.Before(from)) || (!to.IsZero() && !r.Time.Before(to)) {
			continue
		}
		var keys []string
		switch group {
		case "station":
			keys = []string{r.Station}
		case "county":
			keys = []string{r.County}
		case "day":
			keys = []string{r.Time.In(cst).Format(time.DateOnly)}
		case "reason":
			keys = r.Reasons
		}
		c := reportCount{checks: 1}
		if r.Decision == "deny" {
			c.denials = 1
		}
		if r.Action == "turn_back" {
			c.turnBacks = 1
		}
		for _, k := range keys {
			v := rows[k]
			rows[k] = reportCount{v.checks + c.checks, v.denials + c.denials, v.turnBacks + c.turnBacks}
		}
		total = reportCount{total.checks + c.checks, total.denials + c.denials, total.turnBacks + c.turnBacks}
	}
	return rows, total
}

// demoNames maps station and county keys to the demo zones' names.
func demoNames() map[string]map[string]string {
	// Checks without a key are labelled, not left as "".
	out := map[string]map[string]string{
		"station": {"": "未填检查站 / no station given"},
		"county":  {"": "不在任何县（市、区）内 / outside every county"},
		"reason":  {"": "无理由（放行） / no reason (allowed)"},
	}
	_, zones := demo.Region()
	for _, z := range zones {
		switch z.Layer {
		case demo.LayerCheckpoints:
			out["station"][z.ID] = z.Name
		case demo.LayerCounties:
			out["county"][z.ID] = z.Name
		}
	}
	return out
}

// TestReportsInspectionsBadInput names the offending parameter.
func TestReportsInspectionsBadInput(t *testing.T) {
	ts := apitest.New(t)
	for _, c := range []struct{ name, query, field string }{
		{"no group", "", "group"},
		{"unknown group", "group=plate", "group"},
		{"bad from", "group=day&from=yesterday", "from"},
		{"bad to", "group=day&to=2020-13-01", "to"},
		{"to before from", "group=day&from=2020-09-01&to=2020-08-01", "to"},
		{"empty range", "group=day&from=2020-09-01T00:00:00Z&to=2020-09-01T00:00:00Z", "to"},
	} {
		t.Run(c.name, func(t *testing.T) {
			status, _, body := ts.Do(t, http.MethodGet, "/v1/reports/inspections?"+c.query, "", "")
			var e struct {
				Error struct {
					Field string `json:"field"`
				} `json:"error"`
			}
			if err := json.Unmarshal(body, &e); err != nil || status != http.StatusBadRequest || e.Error.Field != c.field {
				t.Errorf("status %d field %q (%s), want 400 naming %q", status, e.Error.Field, body, c.field)
			}
		})
	}
}
