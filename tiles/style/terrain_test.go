package style_test

import (
	"strings"
	"testing"

	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/tiles/style"
)

func TestTerrainLayers(t *testing.T) {
	in := []geo.Layer{{ID: "coal_ban", Kind: geo.KindCoalBan}, {ID: "counties", Kind: geo.KindAdmin}}
	relief := style.Terrain{HillshadeTileJSON: "/tiles/hillshade.json", ContoursTileJSON: "/tiles/contours.json"}
	tests := []struct {
		name    string
		terrain style.Terrain
		want    []string
		glyphs  string
		sources []string
	}{
		{"none", style.Terrain{}, []string{"background", "counties-fill", "coal_ban-fill", "counties-outline", "coal_ban-outline"}, "", nil},
		{"hillshade and contours", relief, []string{"background", "counties-fill", "terrain-hillshade", "terrain-contours",
			"terrain-contours-major", "coal_ban-fill", "counties-outline", "coal_ban-outline"}, "", []string{"hillshade", "contours"}},
		{"hillshade only", style.Terrain{HillshadeTileJSON: "/tiles/hillshade.json"}, []string{"background", "counties-fill",
			"terrain-hillshade", "coal_ban-fill", "counties-outline", "coal_ban-outline"}, "", []string{"hillshade"}},
		{"labels with glyphs", style.Terrain{HillshadeTileJSON: relief.HillshadeTileJSON, ContoursTileJSON: relief.ContoursTileJSON,
			GlyphsURL: "/fonts/{fontstack}/{range}.pbf"}, []string{"background", "counties-fill", "terrain-hillshade", "terrain-contours",
			"terrain-contours-major", "terrain-contour-labels", "coal_ban-fill", "counties-outline", "coal_ban-outline"},
			"/fonts/{fontstack}/{range}.pbf", []string{"hillshade", "contours"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st, err := style.Build(style.DefaultName, in, tileJSON, style.Options{Terrain: tc.terrain})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, l := range st.Layers {
				got = append(got, l.ID)
			}
			if strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Errorf("layers\n got %v\nwant %v", got, tc.want)
			}
			if st.Glyphs != tc.glyphs {
				t.Errorf("glyphs %q, want %q", st.Glyphs, tc.glyphs)
			}
			if len(st.Sources) != 1+len(tc.sources) {
				t.Errorf("sources %v, want zones and %v", st.Sources, tc.sources)
			}
			for _, id := range tc.sources {
				if _, ok := st.Sources[id]; !ok {
					t.Errorf("no source %q", id)
				}
			}
			if tc.glyphs == "" {
				validateSpec(t, buildJSON(t, in, style.Options{Terrain: tc.terrain}))
			}
			for _, l := range st.Layers {
				switch l.ID {
				case "terrain-hillshade":
					if l.Paint["raster-opacity"] != style.HillshadeOpacity || st.Sources[l.Source].Type != "raster" {
						t.Errorf("hillshade layer %+v", l)
					}
				case "terrain-contours", "terrain-contours-major":
					major := l.ID == "terrain-contours-major"
					if l.SourceLayer != style.ContourSourceLayer || l.Filter[2] != major || l.Paint["line-color"] != "#9a6b43" {
						t.Errorf("contour layer %+v", l)
					}
				case "terrain-contour-labels":
					if l.Type != "symbol" || l.Layout["symbol-placement"] != "line" || l.Filter[2] != true {
						t.Errorf("label layer %+v", l)
					}
				}
			}
		})
	}
}
