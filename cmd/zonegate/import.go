package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/ingest"
)

const importSynopsis = `zonegate import — import a GeoJSON FeatureCollection as a published layer.

  zonegate import --store FILE --layer ID --kind KIND [--title T] FILE.geojson

Each feature becomes a zone. Its id is the Feature "id" (or an "id"
property, or the property named by --id-property; else <layer>-<n>). The properties "name", "valid_from" and
"valid_to" (RFC 3339 or YYYY-MM-DD, dates in UTC+8) fill the zone's name and
validity; other properties are kept. Importing a zone id that already exists
publishes a new version of it.

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
	idProperty := fs.String("id-property", "", "take each feature's id from this property (e.g. adcode) instead of the Feature id")
	keyFile := auditKeyFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *layerID == "" || fs.NArg() != 1 {
		fmt.Fprintln(stderr, "import needs --layer and exactly one GeoJSON file (\"-\" for standard input)")
		fs.Usage()
		return errUsage
	}
	path := fs.Arg(0)
	raw, err := readInput(path)
	if err != nil {
		return err
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

	layer, err := importLayer(ctx, store, *layerID, *kind, *title, *description)
	if err != nil {
		return err
	}
	start := time.Now()
	progress := newProgress(stderr, "validating features")
	zones, bad, err := ingest.Collection(raw, layer, ingest.Options{Progress: progress, IDProperty: *idProperty, MaxVertices: *maxVertices})
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if len(bad) > 0 {
		const shown = 100
		fmt.Fprintf(stderr, "%s: %d of %d features are invalid; nothing was imported:\n", path, len(bad), len(bad)+len(zones))
		for i, fe := range bad {
			if i == shown {
				fmt.Fprintf(stderr, "  … and %d more\n", len(bad)-shown)
				break
			}
			fmt.Fprintf(stderr, "  %v\n", fe)
		}
		return fmt.Errorf("import of %s refused", path)
	}
	if len(zones) == 0 {
		return fmt.Errorf("%s: the collection has no features", path)
	}
	if _, err := store.PutLayer(ctx, layer); err != nil {
		return fmt.Errorf("create layer %s: %w", layer.ID, err)
	}
	fmt.Fprintf(stderr, "writing %d zones…\n", len(zones))
	if err := data.PublishAs(ctx, store, cliActor(), data.ActionImport, zones); err != nil {
		return fmt.Errorf("store zones: %w", err)
	}
	fmt.Fprintf(stdout, "imported %d zones into layer %s (%s) in %s\n", len(zones), layer.ID, layer.Kind, time.Since(start).Round(time.Millisecond))
	return nil
}

// importLayer resolves the target layer: an existing one (whose kind --kind
// must match, if given) or a new one (which needs --kind).
func importLayer(ctx context.Context, store data.Store, id, kind, title, description string) (geo.Layer, error) {
	existing, err := store.Layer(ctx, id)
	switch {
	case err == nil:
		if kind != "" && geo.Kind(kind) != existing.Kind {
			return geo.Layer{}, fmt.Errorf("layer %s exists with kind %s, not %s", id, existing.Kind, kind)
		}
		if title != "" {
			existing.Title = title
		}
		if description != "" {
			existing.Description = description
		}
		return existing, nil
	case !isNotFound(err):
		return geo.Layer{}, fmt.Errorf("read layer %s: %w", id, err)
	}
	if kind == "" {
		return geo.Layer{}, fmt.Errorf("layer %s is new: --kind is required", id)
	}
	if title == "" {
		title = id
	}
	l := geo.Layer{ID: id, Kind: geo.Kind(kind), Title: title, Description: description}
	return l, l.Validate()
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
