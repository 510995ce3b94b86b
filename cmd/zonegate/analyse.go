package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/demfile"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/analysis/terrain"
	"github.com/zonegate/zonegate/geo/index"
	"github.com/zonegate/zonegate/geo/raster"
)

const analyseSynopsis = `zonegate analyse — analyses that publish their results as layers.

  zonegate analyse below --store FILE [--dem FILE [--dem FILE...] | --dem-name N]
                         --level 600 [--clip LAYER[:ID,ID...]] --out LAYER
                         [--valid-from T] [--simplify-m 15]

below  traces the area below --level metres inside each clip zone and
       publishes it as layer OUT (kind clean_heating_600m, one zone per clip
       zone, with its area in km²) and the contour line as layer OUT_line
       (kind custom, since clean_heating_600m holds polygons only).
       --dem takes .hgt (SRTM, position from the file name), .tif/.tiff
       (GeoTIFF) or a directory of them; a shell glob (--dem dem/*.hgt)
       works. Without --dem the DEM stored by 'zonegate dem import' is used:
       --dem-name, or the first stored one. Without --clip the demo's 一城三区
       counties are used when the store has them
       (counties:141002,141024,141023). A run replaces the layers' zones:
       zones of an earlier run that it does not produce end at its
       --valid-from (or are retired without one).

  zonegate analyse kiln-areas --store FILE --out LAYER [--min-distance-km 10] ...

kiln-areas  brick-kiln relocation areas: at least --min-distance-km from
            every built-up zone, inside the suggested townships, downwind
            (see 'zonegate analyse kiln-areas --help').

  zonegate analyse sewer-coverage --store FILE --out LAYER [--service-m 500] ...

sewer-coverage  the land within --service-m of a sewer line, and per county
                the built-up coverage and the combined-to-separate
                conversion rate against the targets
                (see 'zonegate analyse sewer-coverage --help').`

// analysisActor is the audit actor of published analysis results.
const analysisActor = "system"

// demoCoreClip is the default clip: 尧都区, 洪洞县 and 襄汾县 of the demo
// counties layer, Linfen's 一城三区.
const demoCoreClip = "counties:141002,141024,141023"

// belowFlags are the parsed flags of analyse below.
type belowFlags struct {
	store     string
	dems      []string
	demName   string // stored DEM to use when dems is empty ("" = first)
	level     float64
	clip      string
	out       string
	validFrom time.Time
	simplifyM float64
}

func runAnalyse(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return runSubcommand(ctx, "analyse", analyseSynopsis, map[string]commandFunc{"below": runAnalyseBelow,
		"sewer-coverage": runAnalyseSewer,     // analyse_sewer.go
		"kiln-areas":     runAnalyseKilnAreas, // analyse_kiln.go
	}, args, stdout, stderr)
}

// runAnalyseBelow runs 'analyse below'.
func runAnalyseBelow(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	f, err := parseBelowFlags(args, stderr)
	if err != nil {
		return err
	}
	return runBelow(ctx, f, stdout, stderr)
}

func parseBelowFlags(args []string, stderr io.Writer) (belowFlags, error) {
	fs := newFlagSet("analyse below", analyseSynopsis, stderr)
	var f belowFlags
	var dems stringList
	fs.StringVar(&f.store, "store", defaultStore, "store: a SQLite file path, or a postgres:// URL for PostGIS")
	fs.Var(&dems, "dem", "DEM file (.hgt, .tif, .tiff) or directory; repeat or list several (default: the stored DEM)")
	fs.StringVar(&f.demName, "dem-name", "", "stored DEM to use without --dem (default: the only or first one)")
	fs.Float64Var(&f.level, "level", 600, "elevation level in metres")
	fs.StringVar(&f.clip, "clip", "", "clip zones: LAYER (all its zones) or LAYER:ID,ID,... (default in the demo: "+demoCoreClip+")")
	fs.StringVar(&f.out, "out", "", "output layer id; the contour line goes to OUT_line (required)")
	validFrom := fs.String("valid-from", "", "valid_from of the published zones: RFC 3339 or YYYY-MM-DD in UTC+8 (default: always)")
	fs.Float64Var(&f.simplifyM, "simplify-m", terrain.DefaultSimplifyM, "simplification tolerance in metres (0: none)")
	if err := parseFlags(fs, expandRepeated(args, "dem")); err != nil {
		return f, err
	}
	f.dems = dems
	switch {
	case f.out == "":
		fmt.Fprintln(stderr, "analyse below needs --out")
		fs.Usage()
		return f, errUsage
	case len(f.dems) > 0 && f.demName != "":
		fmt.Fprintln(stderr, "analyse below takes --dem files or a stored --dem-name, not both")
		return f, errUsage
	case math.IsNaN(f.level) || math.IsInf(f.level, 0):
		return f, fmt.Errorf("--level %g is not a number of metres", f.level)
	case f.simplifyM < 0:
		return f, fmt.Errorf("--simplify-m %g must not be negative", f.simplifyM)
	}
	for _, id := range []string{f.out, terrain.LinesLayerID(f.out)} {
		if err := geo.ValidateID(id); err != nil {
			return f, fmt.Errorf("--out: %w", err)
		}
	}
	if f.simplifyM == 0 {
		f.simplifyM = -1 // terrain: negative keeps every vertex
	}
	if *validFrom != "" {
		t, err := geo.ParseTime(*validFrom, time.FixedZone("CST", 8*3600))
		if err != nil {
			return f, fmt.Errorf("--valid-from: %w", err)
		}
		f.validFrom = t
	}
	return f, nil
}

func runBelow(ctx context.Context, f belowFlags, stdout, stderr io.Writer) error {
	start := time.Now()
	store, err := openStore(ctx, f.store, nil)
	if err != nil {
		return err
	}
	defer store.Close()
	dem, demLabel, err := analysisDEM(ctx, store, f.dems, f.demName, stderr)
	if err != nil {
		return err
	}
	snap, err := publishedSnapshot(ctx, store)
	if err != nil {
		return err
	}
	now := time.Now()
	clipSpec := f.clip
	if clipSpec == "" {
		if _, err := clipZones(snap, demoCoreClip, now); err != nil {
			fmt.Fprintf(stderr, "analyse below needs --clip: the store has no demo counties %s (%v)\n", demoCoreClip, err)
			return errUsage
		}
		clipSpec = demoCoreClip
		fmt.Fprintf(stderr, "no --clip: using the demo's 一城三区 %s\n", demoCoreClip)
	}
	clips, err := clipZones(snap, clipSpec, now)
	if err != nil {
		return err
	}

	res, err := terrain.BelowLevel(dem, f.level, clips, terrain.Options{
		SimplifyM: f.simplifyM,
		Progress:  newProgress(stderr, fmt.Sprintf("tracing below %g m", f.level)),
	})
	if err != nil {
		return err
	}
	areas, lines := res.Layers(terrain.LayerParams{Layer: f.out, LevelM: f.level, DEM: demLabel,
		ValidFrom: f.validFrom, ComputedAt: now})
	if err := data.PublishAnalysis(ctx, store, analysisActor, areas, lines); err != nil {
		return err
	}
	return printBelow(stdout, res, f, len(areas.Zones), len(lines.Zones), time.Since(start))
}

// analysisDEM returns the DEM of an analysis and its provenance label: the
// files mosaicked (their base names), or without files the stored DEM
// called demName ("" = the first) labelled "dem:NAME (sources)".
func analysisDEM(ctx context.Context, store data.Store, files []string, demName string, stderr io.Writer) (*raster.Grid, string, error) {
	if len(files) == 0 {
		g, info, err := loadStoredDEM(ctx, store, demName)
		if err != nil {
			return nil, "", err
		}
		fmt.Fprintf(stderr, "DEM: stored %s, %d×%d samples\n", info.Name, g.Width, g.Height)
		return g, fmt.Sprintf("dem:%s (%s)", info.Name, strings.Join(info.Sources, ", ")), nil
	}
	paths, err := demfile.Find(files)
	if err != nil {
		return nil, "", err
	}
	dem, filled, err := demfile.Read(paths, nil)
	if err != nil {
		return nil, "", err
	}
	fmt.Fprintf(stderr, "DEM: %d file(s), %d×%d samples", len(paths), dem.Width, dem.Height)
	if filled > 0 {
		fmt.Fprintf(stderr, ", %d void samples filled", filled)
	}
	fmt.Fprintln(stderr)
	names := make([]string, len(paths))
	for i, p := range paths {
		names[i] = filepath.Base(p)
	}
	return dem, strings.Join(names, ", "), nil
}

// clipZones returns the zones a --clip value names, published and valid at
// t, in the order given (or by id for a whole layer).
func clipZones(snap *index.Snapshot, spec string, t time.Time) ([]*geo.Zone, error) {
	layer, idList, hasIDs := strings.Cut(spec, ":")
	if err := geo.ValidateID(layer); err != nil {
		return nil, fmt.Errorf("--clip %q: %w", spec, err)
	}
	byID := map[string]*geo.Zone{}
	world := orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}
	snap.Search(world, index.Query{At: t, Layers: []string{layer}}, func(z *geo.Zone) bool {
		byID[z.ID] = z
		return true
	})
	if !hasIDs {
		if len(byID) == 0 {
			return nil, fmt.Errorf("--clip %q: layer %s has no published zones valid now: %w", spec, layer, data.ErrNotFound)
		}
		ids := make([]string, 0, len(byID))
		for id := range byID {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		idList = strings.Join(ids, ",")
	}
	var out []*geo.Zone
	for _, id := range strings.Split(idList, ",") {
		z, ok := byID[strings.TrimSpace(id)]
		if !ok {
			return nil, fmt.Errorf("--clip %q: no published zone %s/%s valid now: %w", spec, layer, id, data.ErrNotFound)
		}
		out = append(out, z)
	}
	return out, nil
}

// printBelow prints the per-zone table and the total.
func printBelow(w io.Writer, res terrain.Result, f belowFlags, nZones, nLines int, took time.Duration) error {
	tw := newTable(w, true)
	fmt.Fprintf(tw, "CLIP\tNAME\tAREA BELOW %g m (km²)\t\n", f.level)
	for _, a := range res.Areas {
		fmt.Fprintf(tw, "%s/%s\t%s\t%.2f\t\n", a.ClipLayer, a.ClipID, a.ClipName, a.AreaKM2)
	}
	fmt.Fprintf(tw, "TOTAL\t\t%.2f\t\n", res.TotalKM2())
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "published %d zones to layer %s and %d lines to layer %s_line in %s\n",
		nZones, f.out, nLines, f.out, took.Round(time.Millisecond))
	return err
}
