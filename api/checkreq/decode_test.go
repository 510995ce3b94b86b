package checkreq

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/zonegate/zonegate/api/wire"
)

// Bodies of real checks: the README's curl examples and the API tests'.
var realBodies = []string{
	`{
  "position":[111.5186,36.0880],
  "cargo":{"fuel":"coal","sulfur_pct":0.4,"ash_pct":9.5,"volatile_pct":20},
  "documents":{"supply_contract":true,"quality_report":true},
  "destination":{"category":"residential"},
  "plate":"晋L·12345","station":"G108-yaodu-01"}`,
	`{
  "position":[111.5186,36.0880],"cargo":{"fuel":"coal","sulfur_pct":0.4,"ash_pct":9.5},
  "documents":{"supply_contract":true,"quality_report":true},"destination":{"category":"central_heating"}}`,
	`{
  "route":{"type":"LineString","coordinates":[[111.68,36.088],[111.5186,36.088]]},
  "cargo":{"fuel":"coal","sulfur_pct":0.4,"ash_pct":9.5},
  "documents":{"supply_contract":false,"quality_report":true},"destination":{"category":"residential"}}`,
	`{
  "position":[111.68,36.088],"cargo":{"fuel":"coal","sulfur_pct":0.5,"ash_pct":9},
  "destination":{"category":"residential"}}`,
	`{
  "station":"G108-hongtong-01","plate":"晋L·12345","at":"2020-11-02T09:00:00+08:00",
  "route":{"type":"LineString","coordinates":[[111.79,36.70],[111.7809974,36.6842205],[111.7950,36.6800]]},
  "cargo":{"fuel":"coal","sulfur_pct":0.4,"ash_pct":9},
  "documents":{"supply_contract":true,"quality_report":true},"destination":{"category":"residential"}}`,
	`{"position":[111.5186,36.088],"cargo":{"fuel":"coal","sulfur_pct":0.4,"ash_pct":9.5,"volatile_pct":20},"documents":{"supply_contract":true,"quality_report":true},"destination":{"category":"residential"},"plate":"晋L·12345","station":"G108-yaodu-01"}`,
	`{"position":[111.5186,36.088],"crs":"gcj02","at":"2020-11-01","cargo":{"fuel":"none"}}`,
	`{"cargo":{"fuel":"coal"}}`,
	`{"position":[1,2,3]}`,
	`{"position":[111,-95]}`,
	`{"route":{"type":"Polygon","coordinates":[]}}`,
	`{"route":{"type":"LineString","coordinates":[[111,36]]}}`,
	`{"route":{"type":"LineString","coordinates":[[111,36],[111,100]]}}`,
	`{"route":{"type":"LineString","coordinates":[[111,36,450.5],[],[111.2,36.1]]}}`,
	`{"position":[111,36],"cargo":{"fuel":"wood"}}`,
	`{"position":[111,36],"cargo":{"fuel":"coal","sulfur_pct":-1}}`,
	`{"position":[111,36],"cargo":{"fuel":"coal","ash_pct":101}}`,
	`{"position":[111,36],"destination":{"category":"moon"}}`,
	`{"position":[111,36],"plate":"` + strings.Repeat("晋", 65) + `"}`,
	`{"position":[111,36],"crs":"utm"}`,
	`{"position":[111,36],"at":"2020-13-01"}`,
	`{"position":[],"route":{}}`,
	` {} `,
	`{"position":[-0,0e0,1E+2,-1.5e-3,123456789012345678901234567890]}`,
}

// Bodies the parser leaves to encoding/json: errors of every kind and
// the unusual forms it does not take.
var oddBodies = []string{
	``, ` `, `[]`, `null`, `{`, `{"position":[111,36]`, `{"position":[111,36]}x`, `{"position":[111,36]}{}`,
	`{"positon":[111,36]}`, `{"Position":[111,36]}`, `{"position":"111,36"}`, `{"position":null}`,
	`{"position":[111,36],"position":[1,2]}`, `{"cargo":{"fuel":"coal"},"cargo":{"ash_pct":3}}`,
	`{"plate":"\u664bL"}`, `{"plate":"a\"b"}`, `{"plate":"bad` + "\xff" + `utf8"}`, "{\"plate\":\"a\tb\"}",
	`{"position":[01,2]}`, `{"position":[1.,2]}`, `{"position":[.5,2]}`, `{"position":[+1,2]}`, `{"position":[1e,2]}`,
	`{"position":[1e400,2]}`, `{"position":[NaN,2]}`, `{"position":[0x10,2]}`, `{"position":[1_0,2]}`,
	`{"documents":{"supply_contract":"yes"}}`, `{"documents":{"supply_contract":1}}`, `{"documents":{"supply_contract":tru}}`,
	`{"documents":{"supply_contract":truex}}`, `{"cargo":{"fuel":"coal","sulfur_pct":"0.4"}}`, `{"cargo":[]}`,
	`{"route":{"type":"LineString","coordinates":[[111,36],[111,"36"]]}}`, `{"route":null}`, `{"route":{"type":"LineString","coordinates":null}}`,
	`{"route":{"type":"LineString","coordinates":[[111,36],null]}}`, `{"route":{"type":"LineString","crs":1}}`,
	`{"destination":{"category":"residential","x":1}}`, `{"at":1}`, `{"position":[1,2],}`, `{,}`, `{"a"}`,
	"\ufeff{}", `{"position":[1,2]} ` + "\x00", `{"position":[1 2]}`, `{"position" [1,2]}`,
}

// decodeBoth decodes body with Decode and with wire.DecodeJSON, as a
// request with a known or an unknown length.
func decodeBoth(t *testing.T, body string, limit int64, chunked bool) (got, want Request, gotErr, wantErr error) {
	t.Helper()
	req := func() *http.Request {
		r := httptest.NewRequest(http.MethodPost, "/v1/checks/coal-truck", strings.NewReader(body))
		if chunked {
			r.ContentLength = -1
			r.Body = io.NopCloser(iotest.OneByteReader(strings.NewReader(body)))
		}
		r.Header.Set("Content-Type", "application/json")
		return r
	}
	gotErr = Decode(httptest.NewRecorder(), req(), limit, &got)
	wantErr = wire.DecodeJSON(httptest.NewRecorder(), req(), limit, &want)
	return got, want, gotErr, wantErr
}

func sameDecode(t *testing.T, body string, limit int64, chunked bool) {
	t.Helper()
	got, want, gotErr, wantErr := decodeBoth(t, body, limit, chunked)
	if !reflect.DeepEqual(gotErr, wantErr) {
		t.Fatalf("%q (limit %d): error\n got %#v\nwant %#v", body, limit, gotErr, wantErr)
	}
	if wantErr == nil && !reflect.DeepEqual(got, want) {
		t.Fatalf("%q: decoded\n got %#v\nwant %#v", body, got, want)
	}
	// Reusing room for the numbers (with a previous body's in it) decodes
	// the same.
	nums := []float64{7, 7, 7, 7}[:1]
	var reused Request
	r := httptest.NewRequest(http.MethodPost, "/v1/checks/coal-truck", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	reusedErr := DecodeWith(httptest.NewRecorder(), r, limit, &reused, &nums)
	if !reflect.DeepEqual(reusedErr, wantErr) || wantErr == nil && !reflect.DeepEqual(reused, want) {
		t.Fatalf("%q: with room, decoded\n got %#v, %v\nwant %#v, %v", body, reused, reusedErr, want, wantErr)
	}
}

// TestDecodeMatchesEncodingJSON: real and odd bodies decode to what
// wire.DecodeJSON makes of them, errors included, whole or trickling in.
func TestDecodeMatchesEncodingJSON(t *testing.T) {
	t.Parallel()
	for _, body := range append(append([]string{}, realBodies...), oddBodies...) {
		for _, chunked := range []bool{false, true} {
			for _, limit := range []int64{1 << 20, fastMax, int64(len(body)), int64(len(body)) - 1, 10} {
				if limit >= 0 {
					sameDecode(t, body, limit, chunked)
				}
			}
		}
	}
}

// TestParseTakesRealBodies: every well-formed real body goes the fast
// way, and none of the odd ones does.
func TestParseTakesRealBodies(t *testing.T) {
	t.Parallel()
	for _, body := range realBodies {
		var req Request
		if !ok(parse(body, &req, nil)) {
			t.Errorf("parser refused %s", body)
		}
	}
	for _, body := range oddBodies {
		var req Request
		if ok(parse(body, &req, nil)) {
			t.Errorf("parser took %q", body)
		}
	}
}

// TestDecodeLargeBodies: bodies beyond the parser's reach (a long route,
// a body over the limit) decode and fail as wire.DecodeJSON's do.
func TestDecodeLargeBodies(t *testing.T) {
	t.Parallel()
	var route bytes.Buffer
	route.WriteString(`{"route":{"type":"LineString","coordinates":[`)
	for i := range 2000 {
		if i > 0 {
			route.WriteByte(',')
		}
		route.WriteString(`[111.123456,36.123456]`)
	}
	route.WriteString(`]},"cargo":{"fuel":"coal"}}`)
	long := route.String()
	bad := `{"plate":1,` + long[1:]
	for _, body := range []string{long, bad, long + "x"} {
		for _, chunked := range []bool{false, true} {
			for _, limit := range []int64{1 << 20, int64(len(long)), int64(len(long)) - 1, fastMax, fastMax + 1, 100} {
				sameDecode(t, body, limit, chunked)
			}
		}
	}
}

// TestDecodeReadError: a body whose read fails ends as wire.DecodeJSON's
// does.
func TestDecodeReadError(t *testing.T) {
	t.Parallel()
	for _, body := range []string{realBodies[0], realBodies[0][:40]} {
		mk := func() *http.Request {
			r := httptest.NewRequest(http.MethodPost, "/", nil)
			r.ContentLength = -1
			r.Body = io.NopCloser(io.MultiReader(strings.NewReader(body), iotest.ErrReader(io.ErrClosedPipe)))
			return r
		}
		var got, want Request
		gotErr := Decode(httptest.NewRecorder(), mk(), 1<<20, &got)
		wantErr := wire.DecodeJSON(httptest.NewRecorder(), mk(), 1<<20, &want)
		if !reflect.DeepEqual(gotErr, wantErr) || !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: got %v %#v, want %v %#v", body, gotErr, got, wantErr, want)
		}
	}
}

// TestParseAllocations: a usual check body costs two allocations (the
// body's string, the numbers), a route two more.
func TestParseAllocations(t *testing.T) {
	for body, most := range map[string]float64{realBodies[0]: 2, realBodies[2]: 4} {
		b := []byte(body)
		if n := testing.AllocsPerRun(100, func() {
			var req Request
			if !ok(parse(string(b), &req, nil)) {
				t.Fatal("refused")
			}
		}); n > most {
			t.Errorf("%d allocations, want at most %v: %.40s", int(n), most, body)
		}
	}
}

// FuzzDecode: for any body, Decode and wire.DecodeJSON agree on the
// result and the error; whatever the parser takes, encoding/json decodes
// to the same request.
func FuzzDecode(f *testing.F) {
	for _, b := range append(append([]string{}, realBodies...), oddBodies...) {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, body string) {
		sameDecode(t, body, 1<<20, false)
		var fast Request
		if ok(parse(body, &fast, make([]float64, 1, 2))) {
			var want Request
			if err := wire.DecodeJSON(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body)), 1<<20, &want); err != nil {
				t.Fatalf("parser took %q, encoding/json: %v", body, err)
			}
			if !reflect.DeepEqual(fast, want) {
				t.Fatalf("%q:\nparser %#v\n  json %#v", body, fast, want)
			}
		}
	})
}

// ok is parse's verdict.
func ok(_ []float64, ok bool) bool { return ok }
