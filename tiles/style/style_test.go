package style_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/tiles/style"
)

const tileJSON = "http://example.test/tiles/zones.json"

// oneLayerPerKind is a layer of every known kind, with ids unlike the kinds
// so that styling by kind (not by id) is what the test observes.
func oneLayerPerKind() []geo.Layer {
	var ls []geo.Layer
	for _, k := range geo.Kinds {
		ls = append(ls, geo.Layer{ID: "imported_" + string(k), Kind: k, Title: string(k)})
	}
	return ls
}

// buildJSON builds a style and returns it as the generic JSON a client sees.
func buildJSON(t *testing.T, layers []geo.Layer, o style.Options) map[string]any {
	t.Helper()
	st, err := style.Build(style.DefaultName, layers, tileJSON, o)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// validateSpec checks the style-spec v8 requirements a MapLibre client
// enforces: version, sources with a type, layers with unique ids, a known
// type, a defined source (and source-layer for vector sources), and paint
// properties that belong to the layer type.
func validateSpec(t *testing.T, doc map[string]any) {
	t.Helper()
	if v, ok := doc["version"].(float64); !ok || v != 8 {
		t.Errorf("version = %v, want 8", doc["version"])
	}
	for _, forbidden := range []string{"glyphs", "sprite"} {
		if _, ok := doc[forbidden]; ok {
			t.Errorf("style has %q; it must not need glyphs or sprites", forbidden)
		}
	}
	sources, ok := doc["sources"].(map[string]any)
	if !ok || len(sources) == 0 {
		t.Fatalf("sources = %v, want a non-empty object", doc["sources"])
	}
	sourceType := map[string]string{}
	for id, s := range sources {
		typ, _ := s.(map[string]any)["type"].(string)
		if typ != "vector" && typ != "raster" {
			t.Errorf("source %q: type %q, want vector or raster", id, typ)
		}
		sourceType[id] = typ
	}
	layers, ok := doc["layers"].([]any)
	if !ok || len(layers) == 0 {
		t.Fatalf("layers = %v, want a non-empty array", doc["layers"])
	}
	seen := map[string]bool{}
	for i, raw := range layers {
		l := raw.(map[string]any)
		id, _ := l["id"].(string)
		typ, _ := l["type"].(string)
		if id == "" || seen[id] {
			t.Errorf("layer %d: id %q empty or repeated", i, id)
		}
		seen[id] = true
		switch typ {
		case "background", "fill", "line", "circle", "raster":
		default:
			t.Errorf("layer %q: type %q, want one this style uses", id, typ)
		}
		if typ == "symbol" {
			t.Errorf("layer %q is a symbol layer; the style must need no glyphs", id)
		}
		if typ != "background" {
			src, _ := l["source"].(string)
			st, ok := sourceType[src]
			if !ok {
				t.Errorf("layer %q: source %q is not defined", id, src)
			}
			if sl, _ := l["source-layer"].(string); st == "vector" && sl == "" {
				t.Errorf("layer %q: vector source without source-layer", id)
			}
		}
		paint, ok := l["paint"].(map[string]any)
		if !ok || len(paint) == 0 {
			t.Errorf("layer %q: no paint properties", id)
		}
		for p := range paint {
			if !strings.HasPrefix(p, typ+"-") {
				t.Errorf("layer %q: paint property %q does not belong to type %q", id, p, typ)
			}
		}
	}
}

func TestBuildValidSpec(t *testing.T) {
	tests := []struct {
		name string
		o    style.Options
	}{
		{"offline", style.Options{}},
		{"basemap", style.Options{BasemapURL: "https://t0.example.test/img_w/{z}/{x}/{y}?tk=KEY", BasemapAttribution: "© 天地图"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			validateSpec(t, buildJSON(t, oneLayerPerKind(), tc.o))
		})
	}
}

func TestEveryKindIsStyled(t *testing.T) {
	doc := buildJSON(t, oneLayerPerKind(), style.Options{})
	byLayer := map[string][]string{}
	for _, raw := range doc["layers"].([]any) {
		l := raw.(map[string]any)
		if md, ok := l["metadata"].(map[string]any); ok {
			byLayer[md[style.MetaLayer].(string)] = append(byLayer[md[style.MetaLayer].(string)], l["id"].(string))
			if sl := l["source-layer"]; sl != md[style.MetaLayer] {
				t.Errorf("style layer %v: source-layer %v, want the zonegate layer id %v", l["id"], sl, md[style.MetaLayer])
			}
		}
	}
	for _, k := range geo.Kinds {
		if ids := byLayer["imported_"+string(k)]; len(ids) == 0 {
			t.Errorf("kind %s: no style layer", k)
		}
	}
}

// TestKindStyles pins the look of each kind: the style layers drawn, in
// order, and their main colour.
func TestKindStyles(t *testing.T) {
	tests := []struct {
		kind geo.Kind
		want []string // "<id suffix> <type> <colour>"
	}{
		{geo.KindAdmin, []string{"fill fill #f6f4ee", "outline line #8c939d"}},
		{geo.KindBuiltUp, []string{"fill fill #8f949a", "outline line #8f949a"}},
		{geo.KindCoalBan, []string{"fill fill #d7263d", "outline line #a3162a"}},
		{geo.KindBurnBan, []string{"fill fill #f28c28", "outline line #d2700e"}},
		{geo.KindCleanHeating600m, []string{"fill fill #2f7ed8", "line line #1c5fae"}},
		{geo.KindKilnRelocation, []string{"fill fill #8b5a2b", "outline line #6a4220"}},
		{geo.KindSewerNetwork, []string{"fill fill #1896a8", "line line #1896a8"}},
		{geo.KindSewerPlant, []string{"circle circle #ffffff"}},
		{geo.KindCoalRoute, []string{"casing line #ffffff", "line line #2e3440"}},
		{geo.KindCheckpoint, []string{"circle circle #ffc21a"}},
		{geo.KindCustom, []string{"fill fill #7b3fbf", "outline line #7b3fbf", "line line #7b3fbf", "circle circle #7b3fbf"}},
	}
	for _, tc := range tests {
		t.Run(string(tc.kind), func(t *testing.T) {
			st, err := style.Build(style.DefaultName, []geo.Layer{{ID: "x", Kind: tc.kind}}, tileJSON, style.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, l := range st.Layers[1:] { // after the background
				got = append(got, strings.TrimPrefix(l.ID, "x-")+" "+l.Type+" "+l.Paint[l.Type+"-color"].(string))
			}
			if strings.Join(got, "; ") != strings.Join(tc.want, "; ") {
				t.Errorf("style layers\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

// TestCustomLayerColours: custom layers are told apart, in layer id order
// (the input order does not matter), cycling through the palette.
func TestCustomLayerColours(t *testing.T) {
	var in []geo.Layer
	for _, id := range []string{"kilns", "a_import", "kiln_townships", "b", "c", "d", "e", "f"} {
		in = append(in, geo.Layer{ID: id, Kind: geo.KindCustom})
	}
	in = append(in, geo.Layer{ID: "coal_ban", Kind: geo.KindCoalBan})
	st, err := style.Build(style.DefaultName, in, tileJSON, style.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, l := range st.Layers {
		if id, ok := strings.CutSuffix(l.ID, "-circle"); ok {
			got[id] = l.Paint["circle-color"].(string)
		}
	}
	want := map[string]string{"a_import": "#7b3fbf", "b": "#c2185b", "c": "#00897b", "d": "#6d4c41", "e": "#3949ab",
		"f": "#7cb342", "kiln_townships": "#7b3fbf", "kilns": "#c2185b"}
	for id, c := range want {
		if got[id] != c {
			t.Errorf("%s: colour %q, want %q", id, got[id], c)
		}
	}
}

// TestDrawingOrder checks the tiers: base map under zone fills under
// boundaries under lines under points, and coal-ban over burn-ban within a
// tier, whatever the input order.
func TestDrawingOrder(t *testing.T) {
	in := []geo.Layer{
		{ID: "checkpoints", Kind: geo.KindCheckpoint},
		{ID: "coal_routes", Kind: geo.KindCoalRoute},
		{ID: "coal_ban", Kind: geo.KindCoalBan},
		{ID: "counties", Kind: geo.KindAdmin},
		{ID: "burn_ban", Kind: geo.KindBurnBan},
	}
	st, err := style.Build("zones", in, tileJSON, style.Options{BasemapURL: "https://basemap.test/{z}/{x}/{y}.png"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range st.Layers {
		got = append(got, l.ID)
	}
	want := []string{"background", "basemap", "counties-fill", "burn_ban-fill", "coal_ban-fill",
		"counties-outline", "burn_ban-outline", "coal_ban-outline", "coal_routes-casing", "coal_routes-line", "checkpoints-circle"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("layer order\n got %v\nwant %v", got, want)
	}
	if op := st.Layers[2].Paint["fill-opacity"]; op != 0.25 {
		t.Errorf("county fill opacity over a basemap = %v, want 0.25", op)
	}
	if src := st.Sources["basemap"]; src.Type != "raster" || src.Tiles[0] != "https://basemap.test/{z}/{x}/{y}.png" || src.TileSize != 256 {
		t.Errorf("basemap source = %+v", src)
	}
	if src := st.Sources[style.SourceID]; src.Type != "vector" || src.URL != tileJSON {
		t.Errorf("zones source = %+v, want vector from %s", src, tileJSON)
	}
}

func TestOfflineHasNoRemoteURL(t *testing.T) {
	st, err := style.Build("zones", oneLayerPerKind(), "/tiles/zones.json", style.Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	if s := string(b); strings.Contains(s, "http://") || strings.Contains(s, "https://") || strings.Contains(s, "basemap") {
		t.Errorf("offline style refers to a remote resource: %s", s)
	}
}

func TestBuildErrors(t *testing.T) {
	tests := []struct {
		name, style, url string
		unknown          bool
	}{
		{"unknown name", "satellite", tileJSON, true},
		{"empty name", "", tileJSON, true},
		{"no TileJSON URL", "zones", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st, err := style.Build(tc.style, oneLayerPerKind(), tc.url, style.Options{})
			if err == nil || st != nil {
				t.Fatalf("Build = %v, %v; want an error", st, err)
			}
			if got := errors.Is(err, style.ErrUnknownStyle); got != tc.unknown {
				t.Errorf("errors.Is(%v, ErrUnknownStyle) = %v, want %v", err, got, tc.unknown)
			}
		})
	}
}
