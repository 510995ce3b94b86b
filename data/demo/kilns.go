package demo

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo"
)

// Layer ids of the brick-kiln demo data (gazette rule 6).
const (
	LayerKilnTownships = "kiln_townships"
	LayerKilns         = "kilns"
)

// streamKilns is the PCG stream of the township outlines.
const streamKilns = 5 << 32

// townshipDef is one suggested relocation area of the gazette: the real
// town names, a made-up ellipse placed in hilly land of the county away
// from the demo built-up areas (x, y km from the county seat, semi-axes a
// and b km, rotation in degrees counter-clockwise from east).
type townshipDef struct {
	id, slug, towns, nameEN string
	x, y, a, b, rot         float64
}

// townshipTable lists the suggested areas of 临汾市"一城三区"砖瓦行业专项整治
// 实施方案. Only the town names are real; where the gazette's towns really
// lie is not modelled. Under the default north-west wind only the areas
// south-east of their county seat (南贾镇–永固乡, 赵城镇–堤村乡–万安镇)
// are downwind.
func townshipTable() []townshipDef {
	return []townshipDef{
		{"kt-yaodu-dayang", "yaodu", "大阳镇–县底镇–贺家庄乡", "Dayang–Xiandi–Hejiazhuang", -21, 2, 5, 9, 5},
		{"kt-xiangfen-gucheng", "xiangfen", "古城镇", "Gucheng", -19, -5, 3.5, 3, 0},
		{"kt-xiangfen-fencheng", "xiangfen", "汾城镇–赵康镇", "Fencheng–Zhaokang", -17, 6, 4.5, 3, 20},
		{"kt-xiangfen-nanjia", "xiangfen", "南贾镇–永固乡", "Nanjia–Yonggu", 11.5, -1.5, 3, 4, 0},
		{"kt-hongtong-zhaocheng", "hongtong", "赵城镇–堤村乡–万安镇", "Zhaocheng–Dicun–Wan'an", 8, -9.8, 4, 2.8, -40},
	}
}

// kilnDef is one demo brick kiln: county, position (km from the seat, or
// from the township centre when township is set) and annual output in
// 万块 (10⁴ bricks).
type kilnDef struct {
	slug, township string
	x, y           float64
	wan            float64
}

// kilnTable lists 20 kilns: some still in the plains near the towns, some
// already relocated. 洪洞县 totals 3.6 亿 bricks a year, over its 3.0 亿
// cap; 尧都区 2.8 亿, 襄汾县 2.5 亿; 8.9 亿 in all.
func kilnTable() []kilnDef {
	return []kilnDef{
		{"yaodu", "", 0, 10.5, 6000}, {"yaodu", "", 4, -9.5, 5000}, {"yaodu", "", -9.5, 3, 4000}, {"yaodu", "", -3, 9.5, 3000},
		{"yaodu", "kt-yaodu-dayang", 0, 4, 3000}, {"yaodu", "kt-yaodu-dayang", 1, -3, 3000},
		{"yaodu", "kt-yaodu-dayang", -1.5, 0, 2000}, {"yaodu", "kt-yaodu-dayang", 1.5, 6, 2000},
		{"hongtong", "", 0, 5.5, 8000}, {"hongtong", "", -5, -3, 7000}, {"hongtong", "", 4.5, -4, 6000},
		{"hongtong", "kt-hongtong-zhaocheng", 1.5, -1, 6000}, {"hongtong", "kt-hongtong-zhaocheng", 2.5, -0.5, 5000},
		{"hongtong", "kt-hongtong-zhaocheng", 0.5, -2, 4000},
		{"xiangfen", "", 0, 4.5, 5000}, {"xiangfen", "", -4.5, -1, 4000}, {"xiangfen", "", 4, 2, 4000},
		{"xiangfen", "kt-xiangfen-gucheng", 0, 0, 5000}, {"xiangfen", "kt-xiangfen-fencheng", 1, 0, 4000},
		{"xiangfen", "kt-xiangfen-nanjia", 1.5, -1, 3000},
	}
}

// addKilns adds the suggested township areas and the kilns.
func addKilns(seats []seat, add func(layer string, kind geo.Kind, id, name string, props map[string]any, g orb.Geometry)) {
	rng := rand.New(rand.NewPCG(seed, streamKilns))
	centres := map[string]orb.Point{}
	for _, t := range townshipTable() {
		s := seats[seatBySlug(seats, t.slug)]
		f := newFrame(s.lon, s.lat)
		centres[t.id] = orb.Point{t.x, t.y}
		p := enName(countyProps(s), t.nameEN+" suggested kiln relocation area (synthetic)")
		p["towns"] = t.towns
		add(LayerKilnTownships, geo.KindCustom, t.id, t.towns+"砖瓦企业建议搬迁区域（模拟）", p,
			orb.Polygon{ellipseRing(rng, f, t)})
	}
	seq := map[string]int{}
	for _, k := range kilnTable() {
		s := seats[seatBySlug(seats, k.slug)]
		f := newFrame(s.lon, s.lat)
		x, y := k.x, k.y
		status := "plains"
		if k.township != "" {
			c := centres[k.township]
			x, y, status = x+c[0], y+c[1], "relocated"
		}
		seq[k.slug]++
		p := enName(countyProps(s), fmt.Sprintf("%s brick kiln %02d (synthetic)", s.nameEN, seq[k.slug]))
		p["capacity_bricks_per_year"] = k.wan * 1e4
		p["status"] = status
		if k.township != "" {
			p["township"] = k.township
		}
		add(LayerKilns, geo.KindCustom, fmt.Sprintf("kiln-%s-%02d", k.slug, seq[k.slug]),
			fmt.Sprintf("%s砖厂%02d号（模拟）", s.name, seq[k.slug]), p, f.at(x, y))
	}
}

// ellipseRing returns a closed counter-clockwise ring of 28 vertices
// around the township's ellipse, each radius scaled by a factor in
// [0.92, 1].
func ellipseRing(rng *rand.Rand, f frame, t townshipDef) orb.Ring {
	const n = 28
	rot := t.rot * math.Pi / 180
	cr, sr := math.Cos(rot), math.Sin(rot)
	r := make(orb.Ring, 0, n+1)
	for i := range n {
		a := 2 * math.Pi * float64(i) / n
		k := 0.92 + 0.08*rng.Float64()
		ex, ey := k*t.a*math.Cos(a), k*t.b*math.Sin(a)
		r = append(r, f.at(t.x+ex*cr-ey*sr, t.y+ex*sr+ey*cr))
	}
	return append(r, r[0])
}
