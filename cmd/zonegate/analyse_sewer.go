package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/analysis/sewer"
)

const sewerSynopsis = `zonegate analyse sewer-coverage — the sewer network's service area and the
combined-to-separate conversion rate per county.

  zonegate analyse sewer-coverage --store FILE --out LAYER
                                  [--service-m 500] [--cell-m 25] [--counties counties]

Publishes the area within --service-m metres of any sewer line (layers of
kind sewer_network with line geometry) as layer OUT (kind sewer_network,
one zone per county, clipped to the county, with built-up and covered km²,
combined and separate km, conversion rate and target as properties) and
prints a per-county table; zones of an earlier run that this one does not
produce are retired. Targets: 40 % for 尧都区 (141002), 30 % elsewhere.`

// sewerFlags are the parsed flags of analyse sewer-coverage.
type sewerFlags struct {
	store, out, counties string
	serviceM, cellM      float64
}

// runAnalyseSewer runs 'analyse sewer-coverage'.
func runAnalyseSewer(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("analyse sewer-coverage", sewerSynopsis, stderr)
	var f sewerFlags
	fs.StringVar(&f.store, "store", defaultStore, "store: a SQLite file path, or a postgres:// URL for PostGIS")
	fs.StringVar(&f.out, "out", "", "output layer id (required)")
	fs.StringVar(&f.counties, "counties", sewer.DefaultCountiesLayer, "layer of the counties to report on")
	fs.Float64Var(&f.serviceM, "service-m", sewer.DefaultServiceM, "service distance in metres")
	fs.Float64Var(&f.cellM, "cell-m", sewer.DefaultCellM, "grid cell size in metres")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if f.out == "" {
		fmt.Fprintln(stderr, "analyse sewer-coverage needs --out")
		fs.Usage()
		return errUsage
	}
	for name, v := range map[string]float64{"--service-m": f.serviceM, "--cell-m": f.cellM} {
		if !(v > 0) || math.IsInf(v, 0) {
			return fmt.Errorf("%s %g must be a positive number of metres", name, v)
		}
	}
	for _, id := range []string{f.out, f.counties} {
		if err := geo.ValidateID(id); err != nil {
			return fmt.Errorf("layer id: %w", err)
		}
	}
	return runSewer(ctx, f, stdout, stderr)
}

func runSewer(ctx context.Context, f sewerFlags, stdout, stderr io.Writer) error {
	start := time.Now()
	store, err := openStore(ctx, f.store, nil)
	if err != nil {
		return err
	}
	defer store.Close()
	snap, err := publishedSnapshot(ctx, store)
	if err != nil {
		return err
	}
	now := time.Now()
	in := sewer.FromSnapshot(snap, now, f.counties)
	if len(in.Counties) == 0 {
		return fmt.Errorf("layer %s has no published county polygons valid now: %w", f.counties, data.ErrNotFound)
	}
	fmt.Fprintf(stderr, "%d sewer lines, %d counties\n", len(in.Lines), len(in.Counties))
	res, err := sewer.Coverage(in.Lines, in.Counties, sewer.Options{
		ServiceM: f.serviceM, CellM: f.cellM,
		Progress: newProgress(stderr, "sewer coverage (counties)"),
	})
	if err != nil {
		return err
	}
	out := res.Layer(f.out, now)
	if err := data.PublishAnalysis(ctx, store, analysisActor, out); err != nil {
		return err
	}
	return printSewer(stdout, res, len(out.Zones), f.out, time.Since(start))
}

// printSewer prints the per-county table and the total.
func printSewer(w io.Writer, res sewer.Result, n int, layer string, took time.Duration) error {
	tw := newTable(w, true)
	fmt.Fprintf(tw, "COUNTY\tNAME\tBUILT-UP km²\tCOVERED km²\tCOVERED %%\tCOMBINED km\tSEPARATE km\tRATE\tTARGET\tMEETS\t\n")
	for _, c := range res.Counties {
		fmt.Fprintf(tw, "%s\t%s\t%.2f\t%.2f\t%.1f\t%.2f\t%.2f\t%.3f\t%.2f\t%s\t\n", c.County, c.Name, c.BuiltUpKM2,
			c.CoveredKM2, c.CoveredPct, c.CombinedKM, c.SeparateKM, c.ConversionRate, c.Target, sewerYesNo(c.MeetsTarget))
	}
	t := res.Total
	fmt.Fprintf(tw, "TOTAL\t\t%.2f\t%.2f\t%.1f\t%.2f\t%.2f\t%.3f\t\t%d\t\n", t.BuiltUpKM2, t.CoveredKM2, t.CoveredPct,
		t.CombinedKM, t.SeparateKM, t.ConversionRate, t.CountiesMeetingTarget)
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "published %d zones to layer %s (service distance %g m, %g m cells) in %s\n",
		n, layer, res.ServiceM, res.CellM, took.Round(time.Millisecond))
	return err
}

func sewerYesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
