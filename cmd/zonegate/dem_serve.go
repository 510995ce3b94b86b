package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/demo"
	"github.com/zonegate/zonegate/geo/analysis/terrain"
	"github.com/zonegate/zonegate/geo/raster"
)

// demoDEMName is the name under which 'serve --demo' stores the synthetic
// DEM of the demo region.
const demoDEMName = "demo-linfen-3s"

// storeDemoDEM stores the demo region's synthetic DEM when the store holds
// no DEM yet, so the map's relief and the terrain analyses work out of the
// box.
func storeDemoDEM(ctx context.Context, ds data.DEMStore, log *slog.Logger) error {
	infos, err := ds.DEMs(ctx)
	if err != nil {
		return fmt.Errorf("list DEMs: %w", err)
	}
	if len(infos) > 0 {
		return nil
	}
	start := time.Now()
	g := demo.DEM()
	info := &data.DEMInfo{Name: demoDEMName, EPSG: raster.EPSGWGS84, Sources: []string{"synthetic demo DEM (data/demo)"}, CreatedBy: "demo"}
	if err := ds.PutDEM(ctx, info, g); err != nil {
		return fmt.Errorf("store demo DEM: %w", err)
	}
	log.Info("demo DEM stored (synthetic data)", "name", demoDEMName, "samples", fmt.Sprintf("%d×%d", g.Width, g.Height),
		"bytes", info.Bytes, "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// loadDEMs loads every stored DEM, in the store's order (by name), for the
// terrain endpoints and tiles.
func loadDEMs(ctx context.Context, ds data.DEMStore, log *slog.Logger) (terrain.DEMSet, error) {
	start := time.Now()
	infos, err := ds.DEMs(ctx)
	if err != nil {
		return nil, fmt.Errorf("list DEMs: %w", err)
	}
	set := make(terrain.DEMSet, 0, len(infos))
	samples := 0
	for _, in := range infos {
		g, _, err := ds.LoadDEM(ctx, in.Name)
		if err != nil {
			return nil, fmt.Errorf("load DEM %s: %w", in.Name, err)
		}
		set = append(set, terrain.DEM{Name: in.Name, Grid: g})
		samples += g.Width * g.Height
	}
	log.Info("DEMs loaded", "count", len(set), "samples", samples, "took", time.Since(start).Round(time.Millisecond))
	return set, nil
}
