package sqlrow

import (
	"errors"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/zonegate/zonegate/geo"
)

// TestCheckTime pins the one range both stores accept: years 1–9999 in
// UTC, and the zero time (stored as NULL).
func TestCheckTime(t *testing.T) {
	t.Parallel()
	date := func(y int) time.Time { return time.Date(y, 6, 1, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name string
		t    time.Time
		ok   bool
	}{
		{"zero time", time.Time{}, true},
		{"year 0", date(0), false},
		{"year -1", date(-1), false},
		{"year 1", date(1), true},
		{"first instant of year 1", time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC), true},
		{"today", date(2026), true},
		{"year 9999", date(9999), true},
		{"last instant of 9999", time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC), true},
		{"year 10000", date(10000), false},
		{"9999 local, 10000 UTC", time.Date(9999, 12, 31, 23, 0, 0, 0, time.FixedZone("west", -2*3600)), false},
		{"year 1 local, year 0 UTC", time.Date(1, 1, 1, 1, 0, 0, 0, time.FixedZone("east", 2*3600)), false},
	}
	for _, tc := range tests {
		err := CheckTime("time", tc.t)
		if tc.ok && err != nil {
			t.Errorf("%s: CheckTime = %v, want nil", tc.name, err)
		}
		if !tc.ok && !errors.Is(err, geo.ErrInvalid) {
			t.Errorf("%s: CheckTime = %v, want geo.ErrInvalid", tc.name, err)
		}
	}
}

// TestTimeText checks that every time CheckTime accepts survives the text
// form and the Time scan target, in each form a driver hands it over.
func TestTimeText(t *testing.T) {
	t.Parallel()
	for _, in := range []time.Time{
		time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC),
		time.Date(2026, 12, 7, 8, 51, 43, 123456789, time.FixedZone("CST", 8*3600)),
		time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC),
	} {
		s := FormatText(in)
		for _, src := range []any{s, []byte(s), in} {
			var got time.Time
			if err := Time(&got).Scan(src); err != nil {
				t.Fatalf("Scan(%T %v): %v", src, src, err)
			}
			if !got.Equal(in) || got.Location() != time.UTC {
				t.Errorf("Scan(%T %v) = %v, want %v in UTC", src, src, got, in)
			}
		}
	}
	got := time.Now()
	if err := Time(&got).Scan(nil); err != nil || !got.IsZero() {
		t.Errorf("Scan(nil) = %v, %v; want the zero time", got, err)
	}
	if err := Time(&got).Scan("2026-12-07"); err == nil {
		t.Error("Scan of a short text: no error")
	}
	if err := Time(&got).Scan(int64(3)); err == nil {
		t.Error("Scan of an integer: no error")
	}
}

// TestFormatTextMatchesFormat: the hand-written FormatText is
// time.Format's TextLayout, in any zone and at the edges of the years.
func TestFormatTextMatchesFormat(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(16, 7))
	zones := []*time.Location{time.UTC, time.FixedZone("CST", 8*3600), time.FixedZone("W", -11*3600-1800)}
	times := []time.Time{{}, time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(-1, 12, 31, 23, 59, 59, 999999999, time.UTC),
		time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC),
		time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC), time.Date(10000, 1, 1, 7, 0, 0, 0, zones[1])}
	for range 5000 {
		times = append(times, time.Unix(rng.Int64N(400_000_000_000)-62_135_596_800, rng.Int64N(1e9)).In(zones[rng.IntN(len(zones))]))
	}
	for _, in := range times {
		if got, want := FormatText(in), in.UTC().Format(TextLayout); got != want {
			t.Fatalf("FormatText(%v) = %q, want %q", in, got, want)
		}
	}
}
