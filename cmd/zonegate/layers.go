package main

import (
	"context"
	"fmt"
	"io"
)

const layersSynopsis = `zonegate layers — list the layers in a store.

  zonegate layers --store FILE`

func runLayers(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	store, err := openStoreFlagOnly(ctx, "layers", layersSynopsis, args, stderr)
	if err != nil {
		return err
	}
	defer store.Close()
	layers, err := store.Layers(ctx)
	if err != nil {
		return err
	}
	tw := newTable(stdout, false)
	fmt.Fprintln(tw, "ID\tKIND\tREVISION\tTITLE")
	for _, l := range layers {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\n", l.ID, l.Kind, l.Revision, l.Title)
	}
	return tw.Flush()
}
