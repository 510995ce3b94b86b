package geo

import (
	"fmt"
	"time"
)

// Supersede returns the changes that publishing next makes to the earlier
// published versions of the same feature: a version that is still valid when
// next begins ends where next begins (its To becomes next's From); a version
// that would begin at or after next's From is retired, since next replaces
// it. Versions entirely before next are left alone. The returned zones are
// copies; prev is not modified. A zero next.Validity.From (valid since
// always) retires every earlier published version.
func Supersede(prev []*Zone, next *Zone) []*Zone {
	from := next.Validity.From
	var changed []*Zone
	for _, p := range prev {
		if p.Status != StatusPublished || p.Layer != next.Layer || p.ID != next.ID {
			continue
		}
		switch {
		case from.IsZero() || !p.Validity.From.Before(from):
			c := *p
			c.Status = StatusRetired
			changed = append(changed, &c)
		case p.Validity.To.IsZero() || p.Validity.To.After(from):
			c := *p
			c.Validity.To = from
			changed = append(changed, &c)
		}
	}
	return changed
}

// ParseTime parses a time given as RFC 3339 ("2020-11-01T08:00:00+08:00") or
// as a date ("2020-11-01"), which means the start of that day in loc.
func ParseTime(s string, loc *time.Location) (time.Time, error) {
	// A date is too short for RFC 3339: skip the failed parse (an error
	// allocated, a tenth of a check's decoding when it gives a date).
	if len(s) != len(time.DateOnly) {
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			return t, nil
		}
	}
	t, err := time.ParseInLocation(time.DateOnly, s, loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("%w: time %q: want RFC 3339 (2020-11-01T08:00:00+08:00) or a date (2020-11-01)", ErrInvalid, s)
	}
	return t, nil
}
