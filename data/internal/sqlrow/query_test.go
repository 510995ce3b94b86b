package sqlrow

import (
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/geo"
)

var (
	question = Dialect{Placeholder: func(int) string { return "?" }, Time: func(t time.Time) any { return FormatText(t) }}
	numbered = Dialect{Placeholder: func(n int) string { return "$" + strconv.Itoa(n) }, Time: func(t time.Time) any { return t.UTC() }}
)

// TestEventQuery checks that both dialects number and order the same
// arguments, and that a zero time is no filter.
func TestEventQuery(t *testing.T) {
	t.Parallel()
	from := time.Date(2026, 1, 2, 3, 4, 5, 0, time.FixedZone("CST", 8*3600))
	f := data.EventFilter{AfterID: 7, Plate: "晋A12345", From: from, Limit: 10, Newest: true}
	q, args := numbered.EventQuery(f)
	want := `SELECT * FROM (SELECT ` + EventColumns + ` FROM events WHERE id > $1 AND plate = $2 AND time >= $3` +
		` ORDER BY id DESC LIMIT $4) AS newest ORDER BY id`
	if q != want {
		t.Errorf("numbered:\n got %s\nwant %s", q, want)
	}
	if wantArgs := []any{int64(7), "晋A12345", from.UTC(), 10}; !reflect.DeepEqual(args, wantArgs) {
		t.Errorf("numbered args = %#v, want %#v", args, wantArgs)
	}
	q, args = question.EventQuery(f)
	if want := `SELECT * FROM (SELECT ` + EventColumns + ` FROM events WHERE id > ? AND plate = ? AND time >= ?` +
		` ORDER BY id DESC LIMIT ?) AS newest ORDER BY id`; q != want {
		t.Errorf("question:\n got %s\nwant %s", q, want)
	}
	if args[2] != "2026-01-01T19:04:05.000000000Z" {
		t.Errorf("question time arg = %v, want UTC text", args[2])
	}
}

func TestCheckInspection(t *testing.T) {
	t.Parallel()
	ok := func() *data.Inspection {
		return &data.Inspection{Time: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC), Request: json.RawMessage(`{"a":1}`)}
	}
	tests := []struct {
		name string
		edit func(*data.Inspection) *data.Inspection
		ok   bool
	}{
		{"valid", func(r *data.Inspection) *data.Inspection { return r }, true},
		{"nil", func(*data.Inspection) *data.Inspection { return nil }, false},
		{"zero time", func(r *data.Inspection) *data.Inspection { r.Time = time.Time{}; return r }, false},
		{"year 10000", func(r *data.Inspection) *data.Inspection { r.Time = r.Time.AddDate(8000, 0, 0); return r }, false},
		{"bad request", func(r *data.Inspection) *data.Inspection { r.Request = json.RawMessage(`{`); return r }, false},
		{"bad response", func(r *data.Inspection) *data.Inspection { r.Response = json.RawMessage(`x`); return r }, false},
		// The producer's promise is taken: the API sets it for the JSON
		// it encodes (api's TestCheckJSONMatchesMarshal checks that JSON).
		{"bad request promised valid", func(r *data.Inspection) *data.Inspection {
			r.Request, r.JSONValid = json.RawMessage(`{`), true
			return r
		}, true},
		{"promised valid, bad time", func(r *data.Inspection) *data.Inspection { r.Time, r.JSONValid = time.Time{}, true; return r }, false},
	}
	for _, tc := range tests {
		err := CheckInspection(tc.edit(ok()))
		if tc.ok != (err == nil) || (err != nil && !errors.Is(err, geo.ErrInvalid)) {
			t.Errorf("%s: CheckInspection = %v, want ok=%v or geo.ErrInvalid", tc.name, err, tc.ok)
		}
	}
}
