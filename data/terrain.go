package data

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/raster"
)

// DEMInfo describes one stored digital elevation model.
type DEMInfo struct {
	Name      string    `json:"name"`       // unique, a geo.ValidateID id
	Width     int       `json:"width"`      // samples
	Height    int       `json:"height"`     // samples
	X0        float64   `json:"x0"`         // see raster.Grid
	Y0        float64   `json:"y0"`         //
	DX        float64   `json:"dx"`         //
	DY        float64   `json:"dy"`         //
	EPSG      int       `json:"epsg"`       // horizontal CRS (4326 for SRTM)
	Sources   []string  `json:"sources"`    // the imported file names (base names)
	Voids     int       `json:"voids"`      // void samples left after filling
	Bytes     int64     `json:"bytes"`      // stored (compressed) size
	CreatedAt time.Time `json:"created_at"` // microseconds, UTC
	CreatedBy string    `json:"created_by"` // the actor that imported it
}

// DEMStore persists elevation models next to the zones, so analyses and the
// terrain endpoints find them after a restart. Part of Store.
type DEMStore interface {
	// PutDEM stores g under info.Name, replacing any DEM of that name, and
	// appends an audit entry (action ActionDEMImport, layer "dem", zone id the
	// name) by info.CreatedBy in the same transaction. It fills in the
	// geometry fields of info from g and sets Bytes and CreatedAt.
	PutDEM(ctx context.Context, info *DEMInfo, g *raster.Grid) error
	// DEMs lists the stored DEMs ordered by name, without their samples.
	DEMs(ctx context.Context) ([]DEMInfo, error)
	// LoadDEM returns one DEM with its samples, or ErrNotFound.
	LoadDEM(ctx context.Context, name string) (*raster.Grid, DEMInfo, error)
}

// PrepareDEM checks info and g for PutDEM and returns what a backend
// stores: info with the grid's geometry, EPSG and the blob's size filled in
// (Sources never nil; CreatedAt is the backend's to set) and the
// EncodeDEM blob. Failures wrap geo.ErrInvalid or raster.ErrFormat.
func PrepareDEM(info *DEMInfo, g *raster.Grid) (DEMInfo, []byte, error) {
	if info == nil {
		return DEMInfo{}, nil, fmt.Errorf("%w: nil info", geo.ErrInvalid)
	}
	if err := geo.ValidateID(info.Name); err != nil {
		return DEMInfo{}, nil, err
	}
	blob, err := EncodeDEM(g)
	if err != nil {
		return DEMInfo{}, nil, fmt.Errorf("DEM %s: %w", info.Name, err)
	}
	stored := *info
	stored.Width, stored.Height, stored.X0, stored.Y0, stored.DX, stored.DY, stored.EPSG =
		g.Width, g.Height, g.X0, g.Y0, g.DX, g.DY, g.EPSG
	stored.Bytes = int64(len(blob))
	if stored.Sources == nil {
		stored.Sources = []string{}
	}
	return stored, blob, nil
}

// DEMAudit returns the audit entry of storing DEM after over before (nil
// when the name was free).
func DEMAudit(before, after *DEMInfo) *AuditEntry {
	e := &AuditEntry{Actor: after.CreatedBy, Action: ActionDEMImport, Layer: "dem", ZoneID: after.Name}
	if before != nil {
		e.Before, _ = json.Marshal(before) //nolint:errcheck // a DEMInfo always marshals
	}
	e.After, _ = json.Marshal(after) //nolint:errcheck // a DEMInfo always marshals
	return e
}
