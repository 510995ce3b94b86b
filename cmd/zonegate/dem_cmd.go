package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/demfile"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/raster"
)

const demSynopsis = `zonegate dem — elevation models kept in the store.

  zonegate dem import --store FILE [--name N] FILE...
  zonegate dem list   --store FILE

import  reads .hgt (SRTM, position from the file name) and .tif/.tiff
        (GeoTIFF) files or directories of them, mosaics them, fills small
        voids and stores the result under --name (default: from the file
        names), replacing a DEM of that name. 'serve' loads every stored DEM
        for /v1/terrain/elevation and the hillshade and contour tiles, and
        'analyse below' uses one when --dem is not given.
list    prints the stored DEMs.`

// demImportActor is the audit actor of DEMs imported from the command line.
const demImportActor = "cli"

func runDEM(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return runSubcommand(ctx, "dem", demSynopsis, map[string]commandFunc{
		"import": runDEMImport, "list": runDEMList,
	}, args, stdout, stderr)
}

// demStore opens the store and returns it as a DEMStore; close the
// returned Store when done. With mustExist (dem list) a missing SQLite
// store is refused instead of created.
func demStore(ctx context.Context, path string, mustExist bool) (data.Store, data.DEMStore, error) {
	open := func() (data.Store, error) { return openStore(ctx, path, nil) }
	if mustExist {
		open = func() (data.Store, error) { return openExistingStore(ctx, path) }
	}
	store, err := open()
	if err != nil {
		return nil, nil, err
	}
	return store, store, nil
}

// runDEMImport runs 'dem import'.
func runDEMImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	// The flag set is named "import" because parseFlags admits positional
	// arguments (the files) only for that name.
	fs := newFlagSet("import", demSynopsis, stderr)
	storePath := storeFlag(fs)
	name := fs.String("name", "", "name of the stored DEM (default: from the file names)")
	maxDecodedMB := fs.Int64("max-decoded-mb", raster.DefaultMaxDecodedBytes>>20, "most MiB one GeoTIFF may decode to (refuses small compressed files that declare huge rasters)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "dem import needs at least one DEM file or directory")
		fs.Usage()
		return errUsage
	}
	paths, err := demfile.Find(fs.Args())
	if err != nil {
		return err
	}
	if *name == "" {
		*name = defaultDEMName(paths)
	}
	if err := geo.ValidateID(*name); err != nil {
		return fmt.Errorf("--name: %w", err)
	}
	start := time.Now()
	if *maxDecodedMB < 1 {
		return fmt.Errorf("--max-decoded-mb %d must be at least 1", *maxDecodedMB)
	}
	g, _, err := demfile.ReadLimit(paths, *maxDecodedMB<<20, stderr)
	var sizeErr *raster.DecodedSizeError
	if errors.As(err, &sizeErr) {
		return fmt.Errorf("%w (--max-decoded-mb %d)", err, *maxDecodedMB)
	}
	if err != nil {
		return err
	}
	store, ds, err := demStore(ctx, *storePath, false)
	if err != nil {
		return err
	}
	defer store.Close()
	sources := make([]string, len(paths))
	for i, p := range paths {
		sources[i] = filepath.Base(p)
	}
	info := &data.DEMInfo{Name: *name, EPSG: g.EPSG, Sources: sources, Voids: countVoids(g), CreatedBy: demImportActor}
	if info.EPSG == 0 {
		info.EPSG = raster.EPSGWGS84
	}
	fmt.Fprintf(stderr, "storing DEM %s (%d×%d samples)\n", *name, g.Width, g.Height)
	if err := ds.PutDEM(ctx, info, g); err != nil {
		return fmt.Errorf("store DEM %s: %w", *name, err)
	}
	b := g.Bounds()
	_, err = fmt.Fprintf(stdout, "stored DEM %s: %d×%d samples, [%g, %g]×[%g, %g], %d voids left, %.1f MB stored, in %s\n",
		*name, g.Width, g.Height, b.Min[0], b.Max[0], b.Min[1], b.Max[1], info.Voids,
		float64(info.Bytes)/1e6, time.Since(start).Round(time.Millisecond))
	return err
}

// runDEMList runs 'dem list'.
func runDEMList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("dem list", demSynopsis, stderr)
	storePath := storeFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	store, ds, err := demStore(ctx, *storePath, true)
	if err != nil {
		return err
	}
	defer store.Close()
	infos, err := ds.DEMs(ctx)
	if err != nil {
		return fmt.Errorf("list DEMs: %w", err)
	}
	if len(infos) == 0 {
		fmt.Fprintln(stderr, "no DEMs stored; import one with 'zonegate dem import --store FILE FILE...'")
		return nil
	}
	tw := newTable(stdout, false)
	fmt.Fprintln(tw, "NAME\tSAMPLES\tCELL\tBOUNDS (lon × lat)\tVOIDS\tMB\tCREATED\tBY\tSOURCES")
	for _, in := range infos {
		west, north := in.X0, in.Y0
		east, south := in.X0+float64(in.Width-1)*in.DX, in.Y0-float64(in.Height-1)*in.DY
		fmt.Fprintf(tw, "%s\t%d×%d\t%.3g″\t[%g, %g]×[%g, %g]\t%d\t%.1f\t%s\t%s\t%s\n",
			in.Name, in.Width, in.Height, in.DX*3600, west, east, south, north, in.Voids,
			float64(in.Bytes)/1e6, in.CreatedAt.UTC().Format(time.RFC3339), in.CreatedBy, strings.Join(in.Sources, ","))
	}
	return tw.Flush()
}

// nonID matches the characters a DEM name may not hold.
var nonID = regexp.MustCompile(`[^A-Za-z0-9_.-]+`)

// defaultDEMName derives a DEM name from the files: the lower-case base
// name of a single file ("n36e111"), or first and last joined by "-".
func defaultDEMName(paths []string) string {
	base := func(p string) string {
		b := filepath.Base(p)
		return strings.ToLower(nonID.ReplaceAllString(strings.TrimSuffix(b, filepath.Ext(b)), "_"))
	}
	name := base(paths[0])
	if len(paths) > 1 {
		name += "-" + base(paths[len(paths)-1])
	}
	name = strings.Trim(name, "_.-")
	if len(name) > 64 {
		name = name[:64]
	}
	if name == "" {
		return "dem"
	}
	return name
}

// countVoids counts the void samples of g.
func countVoids(g *raster.Grid) int {
	n := 0
	for _, v := range g.Data {
		if v != v {
			n++
		}
	}
	return n
}

// loadStoredDEM loads the DEM called name from the store, or the first
// stored one when name is empty. It fails with a hint when none is stored.
func loadStoredDEM(ctx context.Context, store data.Store, name string) (*raster.Grid, data.DEMInfo, error) {
	ds := store
	if name == "" {
		infos, err := ds.DEMs(ctx)
		if err != nil {
			return nil, data.DEMInfo{}, fmt.Errorf("list DEMs: %w", err)
		}
		if len(infos) == 0 {
			return nil, data.DEMInfo{}, errors.New("the store holds no DEM: import one with 'zonegate dem import --store FILE FILE...' or give --dem FILE")
		}
		name = infos[0].Name
	}
	g, info, err := ds.LoadDEM(ctx, name)
	if errors.Is(err, data.ErrNotFound) {
		return nil, info, fmt.Errorf("no stored DEM %q ('zonegate dem list' shows them): %w", name, err)
	}
	if err != nil {
		return nil, info, fmt.Errorf("load DEM %s: %w", name, err)
	}
	return g, info, nil
}
