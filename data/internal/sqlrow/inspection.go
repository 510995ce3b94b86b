package sqlrow

import (
	"encoding/json"
	"fmt"

	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/geo"
)

// InspectionColumns are the inspection columns, in the order the stores
// write them (after the id) and read them.
const InspectionColumns = `time, station, plate, position, route, decision, action, reasons, request, response,
		station_known, county`

// CheckInspection rejects a record neither store may write: nil, a time
// unset or outside CheckTime, a Request or Response that is set but not
// valid JSON (unless the record's JSONValid promises they are: parsing them
// again was a tenth of a logged check's CPU). Failures wrap geo.ErrInvalid.
func CheckInspection(r *data.Inspection) error {
	if r == nil {
		return fmt.Errorf("%w: nil record", geo.ErrInvalid)
	}
	if r.Time.IsZero() {
		return fmt.Errorf("%w: time is not set", geo.ErrInvalid)
	}
	if err := CheckTime("time", r.Time); err != nil {
		return err
	}
	if r.JSONValid {
		return nil
	}
	for _, raw := range []struct {
		what string
		m    json.RawMessage
	}{{"request", r.Request}, {"response", r.Response}} {
		if raw.m != nil && !json.Valid(raw.m) {
			return fmt.Errorf("%w: %s is not valid JSON", geo.ErrInvalid, raw.what)
		}
	}
	return nil
}

// InspectionTargets gives the scan targets of a record's position, route
// and reasons columns, whose types differ between the stores.
type InspectionTargets func(r *data.Inspection) (position, route, reasons any)

// ScanInspection reads one row of id and InspectionColumns. Request and
// Response are read byte for byte, NULL as nil.
func ScanInspection(row Scanner, targets InspectionTargets) (*data.Inspection, error) {
	var r data.Inspection
	var req, resp *string
	pos, route, reasons := targets(&r)
	if err := row.Scan(&r.ID, Time(&r.Time), &r.Station, &r.Plate, pos, route, &r.Decision, &r.Action,
		reasons, &req, &resp, &r.StationKnown, &r.County); err != nil {
		return nil, err
	}
	r.Request, r.Response = StoredText(req), StoredText(resp)
	return &r, nil
}

// InspectionArgs checks every record (CheckInspection) and returns the
// insert arguments args gives for each, in order. An error names the
// record's index.
func InspectionArgs(recs []*data.Inspection, args func(*data.Inspection) ([]any, error)) ([][]any, error) {
	out := make([][]any, len(recs))
	for i, r := range recs {
		if err := CheckInspection(r); err != nil {
			return nil, fmt.Errorf("record %d: %w", i, err)
		}
		a, err := args(r)
		if err != nil {
			return nil, fmt.Errorf("record %d: %w", i, err)
		}
		out[i] = a
	}
	return out, nil
}

// MaxUTCOffset bounds the UTC offset, in seconds, of a report grouped by
// day: ±18 hours, the range of real and conceivable time zones.
const MaxUTCOffset = 18 * 3600

// CheckUTCOffset rejects a day-grouping offset beyond MaxUTCOffset with an
// error wrapping geo.ErrInvalid.
func CheckUTCOffset(offsetSec int) error {
	if offsetSec < -MaxUTCOffset || offsetSec > MaxUTCOffset {
		return fmt.Errorf("%w: UTC offset %d s outside ±18 h", geo.ErrInvalid, offsetSec)
	}
	return nil
}
