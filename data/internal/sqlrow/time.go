package sqlrow

import (
	"database/sql"
	"fmt"
	"time"

	"github.com/zonegate/zonegate/geo"
)

// MinYear and MaxYear bound the years a stored time may fall in: the range
// data.CheckZone and the track checks already enforce, four-digit years the
// fixed-width text form (TextLayout) holds. Year 0 is left out: PostgreSQL
// counts 1 BC right before AD 1 and has no year 0.
const (
	MinYear = 1
	MaxYear = 9999
)

// CheckTime rejects a time outside the years MinYear–MaxYear (in UTC) with
// an error wrapping geo.ErrInvalid that names the column what. The zero time
// is accepted: the stores write it as NULL where a column is optional.
func CheckTime(what string, t time.Time) error {
	if t.IsZero() {
		return nil
	}
	if y := t.UTC().Year(); y < MinYear || y > MaxYear {
		return fmt.Errorf("%w: %s: year %d outside %d-%d", geo.ErrInvalid, what, y, MinYear, MaxYear)
	}
	return nil
}

// TextLayout is the form of times stored as text: UTC, fixed width, so
// that text order is time order.
const TextLayout = "2006-01-02T15:04:05.000000000Z"

// FormatText renders t in UTC in TextLayout: by hand for the years
// MinYear–MaxYear (time.Format reads its layout on every call, a tenth of
// building a logged check's row), by time.Format outside them.
func FormatText(t time.Time) string {
	t = t.UTC()
	year, month, day := t.Date()
	if year < 0 || year > MaxYear {
		return t.Format(TextLayout)
	}
	hour, minute, sec := t.Clock()
	var b [len(TextLayout)]byte
	put := func(at, width, v int) {
		for i := at + width - 1; i >= at; i-- {
			b[i] = byte('0' + v%10)
			v /= 10
		}
	}
	put(0, 4, year)
	b[4] = '-'
	put(5, 2, int(month))
	b[7] = '-'
	put(8, 2, day)
	b[10] = 'T'
	put(11, 2, hour)
	b[13] = ':'
	put(14, 2, minute)
	b[16] = ':'
	put(17, 2, sec)
	b[19] = '.'
	put(20, 9, t.Nanosecond())
	b[29] = 'Z'
	return string(b[:])
}

// ParseText reads a time written by FormatText.
func ParseText(s string) (time.Time, error) {
	t, err := time.Parse(TextLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("stored time %q: %w", s, err)
	}
	return t.UTC(), nil
}

// Time returns a scan target that reads a time column into *t, in UTC: a
// time value as the driver gives it (timestamptz), text in TextLayout, and
// NULL as the zero time.
func Time(t *time.Time) sql.Scanner { return (*timeDest)(t) }

type timeDest time.Time

// Scan implements sql.Scanner.
func (d *timeDest) Scan(src any) error {
	var t time.Time
	switch v := src.(type) {
	case nil:
	case time.Time:
		t = v.UTC()
	case string:
		var err error
		if t, err = ParseText(v); err != nil {
			return err
		}
	case []byte:
		var err error
		if t, err = ParseText(string(v)); err != nil {
			return err
		}
	default:
		return fmt.Errorf("stored time: unsupported type %T", src)
	}
	*d = timeDest(t)
	return nil
}
