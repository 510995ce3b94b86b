package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/analysis/kiln"
	"github.com/zonegate/zonegate/geo/analysis/terrain"
)

const kilnSynopsis = `zonegate analyse kiln-areas — brick-kiln relocation areas (gazette rule 6).

  zonegate analyse kiln-areas --store FILE --out LAYER [--min-distance-km 10]
                              [--townships LAYER] [--built-up LAYER] [--counties LAYER]
                              [--wind-from 315] [--sector 45] [--min-elevation M]
                              [--min-slope DEG] [--dem FILE...|--dem-name N] [--cell-m 50]

Publishes layer OUT (kind kiln_relocation): the parts of the suggested
township areas at least --min-distance-km from every built-up zone, in the
downwind sector (wind FROM --wind-from degrees, ± --sector; --sector 180
turns the criterion off) and, when set, at least --min-elevation metres high
and --min-slope degrees steep (from the --dem files, else the DEM stored by
'zonegate dem import': --dem-name or the first). One zone per township and
county, with its area in km²; zones of an earlier run that this one does
not produce are retired. Distances are measured in the CGCS2000 3°
Gauss–Krüger zone of the townships (zone 37 for Linfen).`

// kilnFlags are the parsed flags of analyse kiln-areas.
type kilnFlags struct {
	store, out                   string
	townships, builtUp, counties string
	dems                         []string
	demName                      string
	crit                         kiln.Criteria
	cellM                        float64
}

// runAnalyseKilnAreas runs 'analyse kiln-areas'.
func runAnalyseKilnAreas(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	f, err := parseKilnFlags(args, stderr)
	if err != nil {
		return err
	}
	return runKilnAreas(ctx, f, stdout, stderr)
}

func parseKilnFlags(args []string, stderr io.Writer) (kilnFlags, error) {
	fs := newFlagSet("analyse kiln-areas", kilnSynopsis, stderr)
	f := kilnFlags{crit: kiln.DefaultCriteria()}
	var dems stringList
	var distKM float64
	fs.StringVar(&f.store, "store", defaultStore, "store: a SQLite file path, or a postgres:// URL for PostGIS")
	fs.StringVar(&f.out, "out", "", "output layer id (required)")
	fs.StringVar(&f.townships, "townships", "kiln_townships", "layer of the suggested township areas")
	fs.StringVar(&f.builtUp, "built-up", "built_up", "layer of the built-up areas")
	fs.StringVar(&f.counties, "counties", "counties", "layer of the counties (for per-county areas)")
	fs.Float64Var(&distKM, "min-distance-km", kiln.DefaultMinDistanceM/1000, "least distance from every built-up area, km")
	fs.Float64Var(&f.crit.WindFromDeg, "wind-from", kiln.DefaultWindFromDeg, "prevailing wind FROM this direction, degrees clockwise from north")
	fs.Float64Var(&f.crit.SectorHalfDeg, "sector", kiln.DefaultSectorHalfDeg, "half-angle of the downwind sector, degrees (180: off)")
	fs.Float64Var(&f.crit.MinElevationM, "min-elevation", 0, "least elevation in metres (0: off)")
	fs.Float64Var(&f.crit.MinSlopeDeg, "min-slope", 0, "least slope in degrees (0: off)")
	fs.Var(&dems, "dem", "DEM file (.hgt, .tif, .tiff) or directory, for --min-elevation/--min-slope (default: the stored DEM)")
	fs.StringVar(&f.demName, "dem-name", "", "stored DEM for --min-elevation/--min-slope without --dem (default: the only or first one)")
	fs.Float64Var(&f.cellM, "cell-m", kiln.DefaultCellM, "grid cell in metres")
	if err := parseFlags(fs, expandRepeated(args, "dem")); err != nil {
		return f, err
	}
	f.dems = dems
	if f.out == "" {
		fmt.Fprintln(stderr, "analyse kiln-areas needs --out")
		fs.Usage()
		return f, errUsage
	}
	if err := geo.ValidateID(f.out); err != nil {
		return f, fmt.Errorf("--out: %w", err)
	}
	f.crit.MinDistanceM = distKM * 1000
	if err := f.crit.Validate(); err != nil {
		return f, fmt.Errorf("criteria: %w", err)
	}
	if !(f.cellM >= 1) || math.IsInf(f.cellM, 0) {
		return f, fmt.Errorf("--cell-m %g must be at least 1 metre", f.cellM)
	}
	if len(f.dems) > 0 && f.demName != "" {
		return f, fmt.Errorf("give --dem files or a stored --dem-name, not both")
	}
	return f, nil
}

func runKilnAreas(ctx context.Context, f kilnFlags, stdout, stderr io.Writer) error {
	start := time.Now()
	in := kiln.Input{}
	var demName string
	store, err := openStore(ctx, f.store, nil)
	if err != nil {
		return err
	}
	defer store.Close()
	if f.crit.MinElevationM > 0 || f.crit.MinSlopeDeg > 0 {
		dem, label, err := analysisDEM(ctx, store, f.dems, f.demName, stderr)
		if err != nil {
			return err
		}
		demName = label
		in.Terrain = terrain.DEMSet{{Name: demName, Grid: dem}}
	}
	snap, err := publishedSnapshot(ctx, store)
	if err != nil {
		return err
	}
	now := time.Now()

	if in.Townships, err = clipZones(snap, f.townships, now); err != nil {
		return fmt.Errorf("--townships: %w", err)
	}
	if in.BuiltUp, err = clipZones(snap, f.builtUp, now); err != nil {
		return fmt.Errorf("--built-up: %w", err)
	}
	if in.Counties, err = clipZones(snap, f.counties, now); err != nil {
		return fmt.Errorf("--counties: %w", err)
	}
	m, err := kiln.New(in, f.crit)
	if err != nil {
		return err
	}
	res, err := m.Areas(kiln.AreaOptions{CellM: f.cellM, Progress: newProgress(stderr, "kiln areas")})
	if err != nil {
		return err
	}
	out := res.Layer(kiln.LayerParams{Layer: f.out, Criteria: f.crit, BuiltUpLayer: f.builtUp, DEM: demName, ComputedAt: now})
	if err := data.PublishAnalysis(ctx, store, analysisActor, out); err != nil {
		return err
	}
	return printKiln(stdout, res, f, len(out.Zones), time.Since(start))
}

// printKiln prints the per-area and per-county tables and the total.
func printKiln(w io.Writer, res kiln.Result, f kilnFlags, n int, took time.Duration) error {
	tw := newTable(w, true)
	fmt.Fprintf(tw, "COUNTY\tNAME\tCANDIDATE AREA ≥ %g km (km²)\t\n", f.crit.MinDistanceM/1000)
	for _, c := range res.Counties {
		fmt.Fprintf(tw, "%s\t%s\t%.2f\t\n", c.County.ID, c.County.Name, c.AreaKM2)
	}
	fmt.Fprintf(tw, "TOTAL\t\t%.2f\t\n", res.TotalKM2)
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "published %d zones to layer %s (grid %d×%d cells of %g m, Gauss–Krüger zone %d) in %s\n",
		n, f.out, res.Width, res.Height, res.CellM, res.Zone, took.Round(time.Millisecond))
	return err
}
