package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/zonegate/zonegate/data/demo"
)

const demoSynopsis = `zonegate demo — write demo data files.

  zonegate demo dem --out DIR

dem  writes the synthetic Fen-basin DEM of the demo region as six SRTM3
     .hgt tiles (N35E110.hgt … N36E112.hgt, 3″, 1201×1201 int16) into DIR,
     for 'zonegate analyse below --dem DIR/*.hgt'.

  zonegate demo trucks [--url URL] [--token T] [--speed 60] [--once]

trucks  replays the synthetic coal-truck fleet to POST /v1/tracks
        (see 'zonegate demo trucks --help').`

func runDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return runSubcommand(ctx, "demo", demoSynopsis, map[string]commandFunc{"dem": runDemoDEM, "trucks": runDemoTrucks}, args, stdout, stderr)
}

// runDemoDEM writes the synthetic DEM as .hgt tiles.
func runDemoDEM(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("demo dem", demoSynopsis, stderr)
	out := fs.String("out", "", "directory to write the .hgt tiles into (created if missing; required)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *out == "" {
		fmt.Fprintln(stderr, "demo dem needs --out DIR")
		fs.Usage()
		return errUsage
	}
	start := time.Now()
	paths, err := demo.WriteHGT(*out)
	if err != nil {
		return err
	}
	for _, p := range paths {
		fmt.Fprintln(stdout, p)
	}
	fmt.Fprintf(stderr, "wrote %d .hgt tiles (synthetic demo DEM, 3″) in %s\n", len(paths), time.Since(start).Round(time.Millisecond))
	return nil
}
