package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/zonegate/zonegate/data/sourcefile"
	"github.com/zonegate/zonegate/data/zoneimport"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/repair"
)

const importSynopsis = `zonegate import — import boundaries (GeoJSON, Shapefile, GeoPackage, KML/KMZ, CSV) as a layer.

  zonegate import --store FILE --layer ID --kind KIND [--title T] [--crs EPSG:4546] FILE

FILE is a .geojson, a .shp (its .dbf, .shx, .prj and .cpg are read beside
it), a .zip holding a Shapefile, a .gpkg (--table picks one of several
feature tables), a .kml/.kmz, or a .csv with a WKT column or lon/lat columns;
"-" reads standard input. The format comes from the extension, else from the
content; --format forces it.

Coordinates are converted to WGS84/CGCS2000 from the system the file names
(.prj, GeoPackage srs_id, GeoJSON "crs" member) or --crs: EPSG:4326, 4490,
3857, the CGCS2000 Gauss–Krüger zones EPSG:4491–4554, gcj02 or bd09. Beijing
1954 and Xi'an 1980 data are refused: convert them with your surveying
office's parameters first. Shapefile text is decoded per the .cpg, else the
DBF language byte, else UTF-8; --encoding gbk overrides.

Each feature becomes a zone. Its id is the Feature "id" (or an "id"
property, or the property named by --id-property; else <layer>-<n>). The properties "name", "valid_from" and
"valid_to" (RFC 3339 or YYYY-MM-DD, dates in UTC+8) fill the zone's name and
validity; other properties are kept. Importing a zone id that already exists
publishes a new version of it (--publish=false stores drafts instead).

The import is atomic: if any feature is invalid, nothing is stored, every bad
feature is listed with its index and the reason, and the exit status is 1.

Kinds: coal_ban burn_ban built_up admin clean_heating_600m kiln_relocation
       sewer_network sewer_plant coal_route checkpoint custom`

func runImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("import", importSynopsis, stderr)
	storePath := fs.String("store", defaultStore, "store: a SQLite file path, or a postgres:// URL for PostGIS")
	layerID := fs.String("layer", "", "layer id, e.g. coal_ban (required)")
	kind := fs.String("kind", "", "layer kind (required for a new layer; must match an existing one)")
	title := fs.String("title", "", "layer title (default: the layer id)")
	description := fs.String("description", "", "layer description")
	maxVertices := fs.Int("max-vertices", geo.DefaultMaxVertices, "most vertices one zone may have (negative: no limit)")
	maxParts := fs.Int("max-parts", geo.DefaultMaxParts, "most polygons one MultiPolygon zone may have (negative: no limit)")
	makeValid := fs.Bool("make-valid", false, "repair invalid polygons (overlapping parts, self-intersections, …) instead of refusing them, and print what changed")
	idProperty := fs.String("id-property", "", "take each feature's id from this property (e.g. adcode) instead of the Feature id")
	format := fs.String("format", "", "input format: geojson, shapefile, zip, gpkg, kml, kmz or csv (default: from the extension or content)")
	crsName := fs.String("crs", "", "coordinate system of the input, overriding the file's: EPSG:4546, EPSG:4490, EPSG:3857, gcj02, bd09 …")
	encoding := fs.String("encoding", "", "text encoding of Shapefile DBF or CSV text: gbk or utf-8 (default: .cpg, DBF language byte, else UTF-8)")
	table := fs.String("table", "", "GeoPackage feature table to import (needed when there are several)")
	wktColumn := fs.String("wkt-column", "", "CSV column holding WKT geometry (default: wkt, geometry, geom …)")
	lonColumn := fs.String("lon-column", "", "CSV longitude column (default: lon, lng, longitude, x, 经度 …)")
	latColumn := fs.String("lat-column", "", "CSV latitude column (default: lat, latitude, y, 纬度 …)")
	publish := fs.Bool("publish", true, "publish the zones; false stores them as drafts for review")
	keyFile := auditKeyFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *layerID == "" || fs.NArg() != 1 {
		fmt.Fprintln(stderr, "import needs --layer and exactly one input file (\"-\" for standard input)")
		fs.Usage()
		return errUsage
	}
	path := fs.Arg(0)
	readOpts := sourcefile.Options{Format: *format, Encoding: *encoding, Table: *table,
		WKTColumn: *wktColumn, LonColumn: *lonColumn, LatColumn: *latColumn}
	var ds *sourcefile.Dataset
	var err error
	if path == "-" {
		raw, rerr := readInput(path)
		if rerr != nil {
			return rerr
		}
		ds, err = sourcefile.Read([]sourcefile.File{{Name: "-", Data: raw}}, readOpts)
	} else {
		ds, err = sourcefile.Open(path, readOpts)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	key, err := readAuditKey(*keyFile)
	if err != nil {
		return err
	}
	store, err := openStoreKeyed(ctx, *storePath, nil, key)
	if err != nil {
		return err
	}
	defer store.Close()
	if err := requireAuditKey(ctx, store, key); err != nil {
		return err
	}

	layer, err := zoneimport.ResolveLayer(ctx, store, *layerID, *kind, *title, *description)
	if err != nil {
		return err
	}
	start := time.Now()
	rep, err := zoneimport.Run(ctx, store, ds, zoneimport.Request{Layer: layer, CRS: *crsName, IDProperty: *idProperty,
		MaxVertices: *maxVertices, MaxParts: *maxParts, MakeValid: *makeValid, Publish: *publish, Actor: cliActor(),
		Progress: newProgress(stderr, "validating features")})
	if rep != nil {
		printRepairs(stderr, path, rep.Repaired)
	}
	if errors.Is(err, zoneimport.ErrRefused) {
		printRefusal(stderr, path, rep, *makeValid)
		return fmt.Errorf("import of %s refused", path)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if ds.Format != sourcefile.FormatGeoJSON || rep.CRSFrom != "" {
		fmt.Fprintf(stderr, "read %s %s: %d features, coordinates %s", ds.Format, path, rep.Features, rep.CRS)
		if rep.Encoding != "" {
			fmt.Fprintf(stderr, ", text %s", rep.Encoding)
		}
		fmt.Fprintln(stderr)
	}
	verb := "imported"
	if rep.Status == string(geo.StatusDraft) {
		verb = "imported as drafts"
	}
	fmt.Fprintf(stdout, "%s %d zones into layer %s (%s) in %s\n", verb, rep.Imported, layer.ID, layer.Kind, time.Since(start).Round(time.Millisecond))
	return nil
}

func readInput(path string) ([]byte, error) {
	if path == "-" {
		b, err := io.ReadAll(os.Stdin)
		if err != nil {
			return nil, fmt.Errorf("read standard input: %w", err)
		}
		return b, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read %w", err)
	}
	return b, nil
}

// newProgress returns a progress callback that prints at most once a
// second, and only for work that takes long enough to need it.
func newProgress(w io.Writer, what string) func(done, total int) {
	start := time.Now()
	last := start
	return func(done, total int) {
		now := time.Now()
		if now.Sub(last) < time.Second && done != total {
			return
		}
		if now.Sub(start) < time.Second {
			return
		}
		last = now
		fmt.Fprintf(w, "%s: %d/%d (%.0f%%)\n", what, done, total, 100*float64(done)/float64(max(total, 1)))
	}
}

// printRefusal lists the features that made an import fail, at most 100,
// and says which flags would let the rest in: --make-valid for shapes it
// may repair, --max-vertices and --max-parts for zones over a limit.
func printRefusal(stderr io.Writer, path string, rep *zoneimport.Report, makeValid bool) {
	const shown = 100
	fmt.Fprintf(stderr, "%s: %d of %d features are invalid; nothing was imported:\n", path, len(rep.Invalid), rep.Features)
	over := map[string]int{}
	for i, p := range rep.Invalid {
		over[p.Problem]++
		switch {
		case i == shown:
			fmt.Fprintf(stderr, "  … and %d more\n", len(rep.Invalid)-shown)
		case i > shown:
		case p.ID != "":
			fmt.Fprintf(stderr, "  feature %d (id %s): %s\n", p.Index, p.ID, p.Message)
		default:
			fmt.Fprintf(stderr, "  feature %d: %s\n", p.Index, p.Message)
		}
	}
	if n := rep.Repairable(); n > 0 && !makeValid {
		fmt.Fprintf(stderr, "%d of them have a shape --make-valid may repair (self-intersections, overlapping parts, holes outside): fix them, or import again with --make-valid, which prints every change it makes\n", n)
	}
	for _, l := range []struct{ problem, flag string }{{geo.ProblemTooManyVertices, "--max-vertices"}, {geo.ProblemTooManyParts, "--max-parts"}} {
		if n := over[l.problem]; n > 0 {
			fmt.Fprintf(stderr, "%d of them are over a size limit: %s N raises it (negative: no limit); a server that edits such zones needs the same %s\n", n, l.flag, l.flag)
		}
	}
}

// printRepairs lists the features --make-valid repaired.
func printRepairs(w io.Writer, path string, repaired []repair.FeatureReport) {
	if len(repaired) == 0 {
		return
	}
	noun := "features"
	if len(repaired) == 1 {
		noun = "feature"
	}
	fmt.Fprintf(w, "%s: repaired %d %s:\n", path, len(repaired), noun)
	for _, r := range repaired {
		fmt.Fprintf(w, "  %v\n", r)
	}
}
