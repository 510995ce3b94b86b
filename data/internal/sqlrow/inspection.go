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
// valid JSON. Failures wrap geo.ErrInvalid.
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
