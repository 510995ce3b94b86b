package data

import (
	"context"
	"time"

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
