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

// FormatText renders t in UTC in TextLayout.
func FormatText(t time.Time) string { return t.UTC().Format(TextLayout) }

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
