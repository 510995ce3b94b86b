package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"github.com/zonegate/zonegate/data/export"
	"github.com/zonegate/zonegate/data/jt808"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/index"
)

const exportSynopsis = `zonegate export — write a layer's published zones as a file. (导出图层)

  zonegate export --store FILE --layer ID --format FORMAT --out FILE
                  [--at 2020-11-01] [--crs EPSG:4546] [--encoding gbk]
  zonegate export --store FILE --layer ID --format jt808 --terminal 13800138000
                  [--max-vertices 100] --out FILE

The zones are the published versions valid at --at (default now). Every
format carries id, name, valid_from, valid_to (RFC 3339, UTC+8) and the
zones' own properties; 'zonegate import' reads a GeoJSON export back.

Formats:
  geojson  RFC 7946; with --crs other than EPSG:4326 a "crs" member, as GDAL writes
  gpkg     GeoPackage: one typed feature table with an R-tree index
  shp      Shapefile .shp/.shx/.dbf/.prj/.cpg (a .zip when --out ends in .zip);
           DBF text UTF-8, or GBK (code page 936) with --encoding gbk for older
           desktop GIS; field names cut to 10 bytes (the mapping is printed)
  kml      KML 2.2 (always WGS 84): Placemarks with ExtendedData
  csv      UTF-8 with BOM (Excel shows Chinese), a WKT column first
  jt808    JT/T 808-2019 message 0x8604 (set polygon area), hex, one message
           per polygon per line, each after a '#' line stating the area id and
           the simplification tolerance used to meet --max-vertices

--crs: EPSG:4326 (default), 4490 (CGCS2000), 3857, and the CGCS2000
Gauss–Krüger zones: 3° 4513–4533 (zone prefix in the easting) and 4534–4554
(no prefix, e.g. 4546 = CM 111°E for Linfen), 6° 4491–4501 and 4502–4512.

--out - writes to standard output (not gpkg; shp is then zipped).`

func runExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("export", exportSynopsis, stderr)
	storePath := storeFlag(fs)
	layerID := fs.String("layer", "", "layer id, e.g. coal_ban (required)")
	formatName := fs.String("format", "geojson", "geojson, gpkg, shp, kml, csv or jt808")
	out := fs.String("out", "", "output file (required; - for standard output)")
	at := fs.String("at", "", "the zones valid at this time: RFC 3339 or YYYY-MM-DD in UTC+8 (default now)")
	crsName := fs.String("crs", "EPSG:4326", "coordinate system of the file, e.g. EPSG:4490, EPSG:4546")
	encodingName := fs.String("encoding", "utf-8", "Shapefile DBF text: utf-8 or gbk")
	terminal := fs.String("terminal", "", "jt808: the terminal's phone number (SIM), digits (required for jt808)")
	maxVertices := fs.Int("max-vertices", jt808.DefaultMaxVertices, "jt808: the terminal's vertex limit per polygon")
	serial := fs.Uint("serial", 1, "jt808: serial number of the first message")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *layerID == "" || *out == "" {
		fs.Usage()
		fmt.Fprintln(stderr, "\nzonegate export: --layer and --out are required")
		return errUsage
	}
	loc := time.FixedZone("CST", 8*3600)
	when := time.Now()
	if *at != "" {
		var err error
		if when, err = geo.ParseTime(*at, loc); err != nil {
			return fmt.Errorf("--at: %w", err)
		}
	}
	isJT808 := strings.EqualFold(*formatName, "jt808")
	var format export.Format
	var opts export.Options
	if isJT808 {
		if *terminal == "" {
			return errors.New("--format jt808 needs --terminal, the terminal's phone number")
		}
		if _, err := jt808.PhoneBCD(*terminal); err != nil {
			return fmt.Errorf("--terminal: %w", err)
		}
		if *serial > 0xFFFF {
			return fmt.Errorf("--serial %d: at most 65535", *serial)
		}
	} else {
		var err error
		if format, err = export.ParseFormat(*formatName); err != nil {
			return fmt.Errorf("--format: %w", err)
		}
		if opts.CRS, err = export.ParseCRS(*crsName); err != nil {
			return fmt.Errorf("--crs: %w", err)
		}
		if opts.Encoding, err = export.ParseEncoding(*encodingName); err != nil {
			return fmt.Errorf("--encoding: %w", err)
		}
		opts.Location = loc
		if *out == "-" && format == export.GeoPackage {
			return errors.New("a GeoPackage cannot be written to standard output: give --out FILE.gpkg")
		}
	}

	store, err := openExistingStore(ctx, *storePath)
	if err != nil {
		return err
	}
	defer store.Close()
	layer, err := store.Layer(ctx, *layerID)
	if err != nil {
		return fmt.Errorf("layer %s: %w", *layerID, err)
	}
	snap, err := publishedSnapshot(ctx, store)
	if err != nil {
		return err
	}
	zones := layerZonesAt(snap, layer.ID, when)
	if len(zones) == 0 {
		fmt.Fprintf(stderr, "warning: layer %s has no published zones valid at %s\n", layer.ID, when.In(loc).Format(time.RFC3339))
	}

	l := export.Layer{Layer: layer, Zones: zones}
	switch {
	case isJT808:
		w, closeOut, err := openOutput(*out, stdout)
		if err != nil {
			return err
		}
		reports, err := jt808.WriteHex(w, layer.ID, zones, jt808.Options{Phone: *terminal, FirstSerial: uint16(*serial), MaxVertices: *maxVertices})
		if err = cmp.Or(err, closeOut()); err != nil {
			return err
		}
		for _, r := range reports {
			fmt.Fprintln(stderr, r)
		}
		fmt.Fprintf(stderr, "wrote %d messages 0x8604 for %d zones of layer %s to %s\n", len(reports), len(zones), layer.ID, *out)
		return nil
	case *out == "-":
		return export.Write(stdout, format, l, opts) // a Shapefile is zipped
	}
	info, err := export.WriteFile(ctx, *out, format, l, opts)
	if err != nil {
		return err
	}
	for _, f := range info.Fields {
		if f.Name != f.Column {
			fmt.Fprintf(stderr, "shapefile: property %q is DBF field %q (names are at most 10 bytes)\n", f.Column, f.Name)
		}
	}
	if info.Truncated > 0 {
		fmt.Fprintf(stderr, "shapefile: %d text values were cut to the DBF's 254 bytes\n", info.Truncated)
	}
	fmt.Fprintf(stdout, "exported %d zones of layer %s (valid at %s) as %s in EPSG:%d to %s\n",
		len(zones), layer.ID, when.In(loc).Format(time.RFC3339), format, opts.CRS.EPSG, *out)
	return nil
}

// layerZonesAt returns the published zones of layer valid at t, by id.
func layerZonesAt(snap *index.Snapshot, layer string, t time.Time) []*geo.Zone {
	var zones []*geo.Zone
	world := orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}
	snap.Search(world, index.Query{At: t, Layers: []string{layer}}, func(z *geo.Zone) bool {
		zones = append(zones, z)
		return true
	})
	slices.SortFunc(zones, func(a, b *geo.Zone) int { return strings.Compare(a.ID, b.ID) })
	return zones
}

// openOutput returns standard output for "-" (closing is a no-op), or the
// created file path.
func openOutput(path string, stdout io.Writer) (io.Writer, func() error, error) {
	if path == "-" {
		return stdout, func() error { return nil }, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, nil, fmt.Errorf("--out: %w", err)
	}
	return f, f.Close, nil
}
