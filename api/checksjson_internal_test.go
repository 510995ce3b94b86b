package api

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/go-chi/chi/v5/middleware"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/api/reqctx"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/rules"
)

// randomCheck builds a check request and answer from rng: real decisions
// of the default rules over varied cargo, documents, destinations and
// zones, stations, notes, odd strings and numbers.
func randomCheck(rng *rand.Rand, text func() string) (checkRequest, checkResponse) {
	pick := func(xs ...string) string { return xs[rng.IntN(len(xs))] }
	pct := func() *float64 {
		if rng.IntN(3) == 0 {
			return nil
		}
		f := []float64{0, 0.4, 9.5, 10.01, 100, 1e-7, 33.333333333333336}[rng.IntN(7)]
		return &f
	}
	cst := time.FixedZone("CST", 8*3600)
	times := []time.Time{time.Date(2020, 11, 1, 8, 0, 0, 0, cst), time.Date(2020, 5, 1, 0, 0, 0, 0, cst),
		time.Date(2021, 2, 3, 4, 5, 6, 789, time.UTC), time.Date(2030, 1, 1, 0, 0, 0, 0, cst)}
	var req checkRequest
	switch rng.IntN(4) {
	case 0:
	case 1:
		req.Position = []float64{}
	default:
		req.Position = []float64{110 + 2*rng.Float64(), 35 + rng.Float64()}
	}
	if rng.IntN(3) == 0 {
		req.Route = &routeJSON{Type: pick("LineString", "Point", "<x>")}
		if rng.IntN(4) > 0 {
			req.Route.Coordinates = [][]float64{{111.68, 36.088}, nil, {111.5186, 36.088, 450.5}, {}}[:1+rng.IntN(4)]
		}
	}
	req.At, req.CRS = pick("", "2020-11-01", "2020-11-01T08:00:00+08:00"), pick("", "gcj02", "bd09")
	req.Cargo = cargoJSON{Fuel: pick("coal", "none", "coke", "", "semi_coke"), SulfurPct: pct(), AshPct: pct(), VolatilePct: pct()}
	req.Documents = docsJSON{SupplyContract: rng.IntN(2) == 0, QualityReport: rng.IntN(2) == 0}
	req.Destination.Category = pick("residential", "central_heating", "coal_power", "", "other")
	req.Plate, req.Station = pick("", "晋L·12345", text()), pick("", "G108-yaodu-01", text())

	in := rules.Input{At: times[rng.IntN(len(times))], Route: rng.IntN(3) == 0}
	in.Cargo.Fuel, _ = rules.ParseFuel(req.Cargo.Fuel)
	in.Cargo.SulfurPct, in.Cargo.AshPct, in.Cargo.VolatilePct = req.Cargo.SulfurPct, req.Cargo.AshPct, req.Cargo.VolatilePct
	in.Documents = rules.Documents{SupplyContract: req.Documents.SupplyContract, QualityReport: req.Documents.QualityReport}
	in.Destination, _ = rules.ParseDestination(pick("residential", "central_heating", "coal_power", "other"))
	resp := checkResponse{At: in.At, Zones: []checkZoneJSON{}, RequestID: pick("", "host/AbCdEfGhIj-000042", text())}
	if rng.IntN(4) > 0 {
		p := orb.Point{111.5186, 36.088}
		resp.Position = &p
	}
	kinds := []geo.Kind{geo.KindCoalBan, geo.KindBurnBan, geo.KindAdmin, "built_up"}
	for range rng.IntN(4) {
		k := kinds[rng.IntN(len(kinds))]
		name := pick("尧都区禁煤区", text(), "")
		entry := orb.Point{111 + rng.Float64(), 36 + rng.Float64()}
		z := &geo.Zone{Layer: string(k), Kind: k, ID: "z-" + name, Name: name, Version: int64(rng.IntN(5))}
		if rng.IntN(2) == 0 {
			z.Validity.From = times[rng.IntN(len(times))]
		}
		if rng.IntN(3) == 0 {
			z.Validity.To = times[rng.IntN(len(times))]
		}
		cz := checkZoneJSON{zoneJSON: toZoneJSON(z)}
		if rng.IntN(3) > 0 {
			cz.Entry = &entry
		}
		if rng.IntN(2) == 0 {
			along := rng.Float64() * 1e4
			cz.AlongM = &along
		}
		resp.Zones = append(resp.Zones, cz)
		in.Zones = append(in.Zones, rules.ZoneHit{Layer: z.Layer, ID: z.ID, Name: z.Name, Kind: k, Entry: entry})
	}
	if rng.IntN(5) == 0 {
		resp.Zones = nil
	}
	resp.Decision = rules.Default().Decide(in)
	switch rng.IntN(4) {
	case 1:
		resp.Station = &stationJSON{ID: req.Station, County: pick("", "141002")}
		resp.Notes = []checkNote{{Code: codeUnknownStation, MessageZH: "检查站编号「" + req.Station + "」不是已公布的检查站，已受理并记录",
			MessageEN: "Station \"" + req.Station + "\" is not a published checkpoint; the check is answered and logged"}}
	case 2:
		resp.Station = &stationJSON{ID: req.Station, Known: true, Name: pick("尧都检查站", text()), Type: pick("", "fixed"), County: "141002"}
	case 3:
		resp.Station = &stationJSON{County: "141002"}
	}
	return req, resp
}

// TestCheckJSONMatchesMarshal: the hand-written check answer and logged
// request have json.Marshal's bytes.
func TestCheckJSONMatchesMarshal(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(11, 16))
	texts := []string{"<b>&amp;</b>", "a\"b\\c\n\t\x00", "\u2028", "bad\xffutf8", "🚚", "plain"}
	for i := range 5000 {
		req, resp := randomCheck(rng, func() string { return texts[rng.IntN(len(texts))] })
		compareCheckJSON(t, i, &req, &resp)
	}
	// A route's off_route parts are left to json.Marshal.
	_, resp := randomCheck(rng, func() string { return "" })
	resp.OffRoute = &offRouteJSON{Off: orb.MultiLineString{}}
	if _, ok := appendCheckResponse(nil, &resp); ok {
		t.Fatal("off_route encoded by hand")
	}
}

func compareCheckJSON(t *testing.T, i int, req *checkRequest, resp *checkResponse) {
	t.Helper()
	wantReq, err := json.Marshal(req)
	if err != nil {
		t.Fatal(err)
	}
	wantResp, err := json.Marshal(resp)
	if err != nil {
		t.Fatal(err)
	}
	room := append(make([]byte, 0, 4096), "a previous check's bytes"...) // reused by checks
	gotReq, gotResp, err := encodeCheck(&room, req, resp)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(gotReq, wantReq) {
		t.Fatalf("case %d request:\n got %s\nwant %s", i, gotReq, wantReq)
	}
	if !bytes.Equal(gotResp, wantResp) {
		t.Fatalf("case %d answer:\n got %s\nwant %s", i, gotResp, wantResp)
	}
	// The inspection record promises the stores valid JSON (JSONValid).
	if !json.Valid(gotReq) || !json.Valid(gotResp) {
		t.Fatalf("case %d: request or answer is not valid JSON:\n%s\n%s", i, gotReq, gotResp)
	}
}

// FuzzCheckJSON compares the hand-written check JSON with json.Marshal's
// for any strings.
func FuzzCheckJSON(f *testing.F) {
	f.Add(uint64(1), "<&>", "晋L·12345")
	f.Add(uint64(2), "\x00\xff\u2029", "")
	f.Fuzz(func(t *testing.T, seed uint64, a, b string) {
		rng := rand.New(rand.NewPCG(seed, 3))
		req, resp := randomCheck(rng, func() string {
			if rng.IntN(2) == 0 {
				return a
			}
			return b
		})
		compareCheckJSON(t, int(seed), &req, &resp)
	})
}

// TestCheckJSONRequestIDFromState: an answer whose request id comes from
// the request's state (appended, not made a string) encodes as
// json.Marshal encodes it with the id as a string: a generated id and a
// client's X-Request-Id with characters json.Marshal escapes.
func TestCheckJSONRequestIDFromState(t *testing.T) {
	ids := reqctx.NewIDs()
	for _, header := range []string{"", `inspector <7> & "co" / 42`, "检查站-01"} {
		r := httptest.NewRequest(http.MethodPost, "/v1/checks/coal-truck", nil)
		if header != "" {
			r.Header.Set("X-Request-Id", header)
		}
		r = reqctx.WithNumber(ids, 1234567, httptest.NewRecorder(), r, nil)
		resp := checkResponse{Decision: rules.Decision{Decision: "allow", Action: "pass", Reasons: []rules.Reason{}},
			Zones: []checkZoneJSON{}, At: time.Date(2020, 11, 1, 8, 0, 0, 0, time.UTC), idFrom: reqctx.From(r)}
		got, ok := appendCheckResponse(nil, &resp)
		if !ok {
			t.Fatal("appendCheckResponse refused")
		}
		resp.RequestID = middleware.GetReqID(r.Context())
		if header != "" && resp.RequestID != header || header == "" && !strings.HasSuffix(resp.RequestID, "-1234567") {
			t.Fatalf("request id %q", resp.RequestID)
		}
		want, err := json.Marshal(resp)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("X-Request-Id %q:\n got %s\nwant %s", header, got, want)
		}
	}
}
