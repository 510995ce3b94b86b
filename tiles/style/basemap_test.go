package style

import (
	"errors"
	"strings"
	"testing"

	"github.com/zonegate/zonegate/geo"
)

func TestParseBasemap(t *testing.T) {
	t.Parallel()
	b, err := ParseBasemap([]string{"tianditu-img", "https://tiles.example.org/{z}/{x}/{y}.png"}, "k&y", "GS(2024)0650号")
	if err != nil {
		t.Fatal(err)
	}
	ids := []string{}
	for _, l := range b.Layers {
		ids = append(ids, l.ID)
	}
	if got := strings.Join(ids, " "); got != "basemap-tianditu-img basemap-tianditu-cia basemap-xyz-2" {
		t.Errorf("layers = %s", got)
	}
	wantImg := "https://t0.tianditu.gov.cn/img_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=img&STYLE=default" +
		"&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=k%26y"
	if got := b.Layers[0].Tiles[0]; got != wantImg || len(b.Layers[0].Tiles) != 8 {
		t.Errorf("img tiles[0] = %s (of %d), want %s", got, len(b.Layers[0].Tiles), wantImg)
	}
	if got := b.Layers[1].Tiles[7]; !strings.HasPrefix(got, "https://t7.tianditu.gov.cn/cia_w/wmts?") || !strings.Contains(got, "LAYER=cia&") {
		t.Errorf("cia tiles[7] = %s", got)
	}
	if b.ReviewNo != "GS(2024)0650号" {
		t.Errorf("review no = %q", b.ReviewNo)
	}

	st, err := Build(DefaultName, []geo.Layer{{ID: "counties", Kind: geo.KindAdmin}}, "http://h/tiles/zones.json", Options{Basemap: b})
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, l := range st.Layers[:5] {
		order = append(order, l.ID)
	}
	if got := strings.Join(order, " "); got != "background basemap-tianditu-img basemap-tianditu-cia basemap-xyz-2 counties-fill" {
		t.Errorf("bottom layers = %s", got)
	}
	if a := st.Sources["basemap-tianditu-img"].Attribution; a != "天地图 Tianditu © 国家地理信息公共服务平台 · 审图号 GS(2024)0650号" {
		t.Errorf("attribution = %q", a)
	}
	if a := st.Sources["basemap-tianditu-cia"].Attribution; a != "" {
		t.Errorf("annotation attribution = %q, want none (same provider)", a)
	}
	if a := st.Sources["basemap-xyz-2"].Attribution; a != "basemap © tiles.example.org" {
		t.Errorf("xyz attribution = %q", a)
	}
	if st.Layers[4].Paint["fill-opacity"] != 0.25 {
		t.Errorf("county fill over a basemap: opacity %v, want 0.25", st.Layers[4].Paint["fill-opacity"])
	}

	vec, err := ParseBasemap([]string{"tianditu-vec"}, "KEY", "")
	if err != nil || len(vec.Layers) != 2 || !strings.Contains(vec.Layers[0].Tiles[3], "t3.tianditu.gov.cn/vec_w/") ||
		!strings.Contains(vec.Layers[1].Tiles[0], "/cva_w/wmts?") || !strings.HasSuffix(vec.Layers[1].Tiles[0], "tk=KEY") {
		t.Errorf("tianditu-vec = %+v, %v", vec, err)
	}
	none, err := ParseBasemap([]string{"none"}, "", "GS(2024)0650号")
	if err != nil || len(none.Layers) != 0 || none.ReviewNo != "" {
		t.Errorf("none = %+v, %v; want offline with no review number", none, err)
	}
	for spec, want := range map[string]string{
		"tianditu-vec":                  "needs a Tianditu key",
		"ftp://x/{z}/{x}/{y}":           "http(s) URL template",
		"https://x.example/{z}/{x}.png": "lacks {y}",
		"amap":                          "want none, tianditu-vec",
	} {
		_, err := ParseBasemap([]string{spec}, "", "")
		if !errors.Is(err, ErrBasemap) || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseBasemap(%q) = %v, want ErrBasemap mentioning %q", spec, err, want)
		}
	}
}

func TestLabelLayers(t *testing.T) {
	t.Parallel()
	st, err := Build(DefaultName, []geo.Layer{{ID: "counties", Kind: geo.KindAdmin}}, "http://h/tiles/zones.json",
		Options{GlyphsURL: "http://h/fonts/{fontstack}/{range}.pbf", LabelsURL: "http://h/v1/labels"})
	if err != nil {
		t.Fatal(err)
	}
	if st.Glyphs != "http://h/fonts/{fontstack}/{range}.pbf" || st.Sources[LabelsSourceID].Data != "http://h/v1/labels" {
		t.Errorf("glyphs %q, labels source %+v", st.Glyphs, st.Sources[LabelsSourceID])
	}
	var ids []string
	for _, l := range st.Layers {
		if l.Type == "symbol" {
			ids = append(ids, l.ID)
			if f := l.Layout["text-font"].([]any); len(f) != 1 || f[0] != LabelFont {
				t.Errorf("%s text-font = %v", l.ID, f)
			}
		}
	}
	// County names last: the topmost symbol layer wins collisions.
	if got := strings.Join(ids, " "); got != "labels-points labels-lines labels-areas labels-admin" {
		t.Errorf("label layers = %s", got)
	}
	plain, _ := Build(DefaultName, nil, "http://h/tiles/zones.json", Options{})
	if plain.Glyphs != "" || len(plain.Sources) != 1 {
		t.Errorf("without glyphs and labels URLs: glyphs %q, sources %v", plain.Glyphs, plain.Sources)
	}
}
