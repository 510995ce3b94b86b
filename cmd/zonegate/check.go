package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/crs"
	"github.com/zonegate/zonegate/geo/index"
)

const checkSynopsis = `zonegate check — print the published zones at a point.

  zonegate check --store FILE --lon 111.5186 --lat 36.0880 [--at 2020-11-01] [--crs gcj02]

Points exactly on a zone boundary count as inside.`

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("check", checkSynopsis, stderr)
	storePath := storeFlag(fs)
	lon := fs.Float64("lon", 0, "longitude (required)")
	lat := fs.Float64("lat", 0, "latitude (required)")
	at := fs.String("at", "", "as of this time: RFC 3339 or YYYY-MM-DD in UTC+8 (default now)")
	crsName := fs.String("crs", "wgs84", "coordinate system of --lon/--lat: wgs84 (= cgcs2000), gcj02, bd09")
	layers := fs.String("layers", "", "comma-separated layer ids to consider (default all)")
	asJSON := fs.Bool("json", false, "print JSON instead of a table")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if !set["lon"] || !set["lat"] {
		fmt.Fprintln(stderr, "check needs --lon and --lat")
		fs.Usage()
		return errUsage
	}
	c, err := crs.Parse(*crsName)
	if err != nil {
		return err
	}
	when := time.Now()
	if *at != "" {
		if when, err = geo.ParseTime(*at, time.FixedZone("CST", 8*3600)); err != nil {
			return err
		}
	}
	p := crs.ToWGS84(orb.Point{*lon, *lat}, c)
	if err := geo.ValidateGeometry(p, geo.ClassPoint); err != nil {
		return fmt.Errorf("point: %w", err)
	}

	store, err := openExistingStore(ctx, *storePath)
	if err != nil {
		return err
	}
	defer store.Close()
	snap, err := publishedSnapshot(ctx, store)
	if err != nil {
		return err
	}
	var q index.Query
	q.At = when
	if *layers != "" {
		q.Layers = strings.Split(*layers, ",")
	}
	zones := snap.ZonesAt(nil, p, q)
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(map[string]any{"point": p, "at": when, "zones": zones})
	}
	if len(zones) == 0 {
		fmt.Fprintf(stdout, "no zone at %.6f, %.6f as of %s\n", p[0], p[1], when.Format(time.RFC3339))
		return nil
	}
	tw := newTable(stdout, false)
	fmt.Fprintln(tw, "LAYER\tKIND\tID\tVERSION\tNAME\tVALID FROM\tVALID TO")
	for _, z := range zones {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\t%s\n", z.Layer, z.Kind, z.ID, z.Version, z.Name, fmtTime(z.Validity.From), fmtTime(z.Validity.To))
	}
	return tw.Flush()
}

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Format(time.RFC3339)
}

func isNotFound(err error) bool { return errors.Is(err, data.ErrNotFound) }
