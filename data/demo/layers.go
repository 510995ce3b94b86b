package demo

import "github.com/zonegate/zonegate/geo"

// layers returns the demo layers in a fixed order. Titles are bilingual and,
// like the descriptions, say that the data is synthetic. Revision and
// UpdatedAt are left zero for the store to assign.
func layers() []geo.Layer {
	l := func(id string, kind geo.Kind, title, desc string) geo.Layer {
		return geo.Layer{ID: id, Kind: kind, Title: title, Description: desc}
	}
	return []geo.Layer{
		l(LayerCounties, geo.KindAdmin, "县级行政区（模拟） / Counties (synthetic)",
			"模拟数据：以临汾17个县（市、区）政府驻地为中心的泰森多边形。 Synthetic: Voronoi cells of the 17 real Linfen county seats, clipped to a hand-drawn outline; not the real boundaries."),
		l(LayerBuiltUp, geo.KindBuiltUp, "城市建成区（模拟） / Built-up areas (synthetic)",
			"模拟数据：各县城建成区。 Synthetic built-up area around each county seat."),
		l(LayerCoalBan, geo.KindCoalBan, "禁煤区（模拟） / Coal-ban zones (synthetic)",
			"模拟数据：建成区外扩约1公里，自2020-05-15起有效。 Synthetic coal-ban zones: each built-up area grown by about 1 km, valid from 2020-05-15."),
		l(LayerBurnBan, geo.KindBurnBan, "高污染燃料禁燃区（模拟） / Burn-ban zones (synthetic)",
			"模拟数据：包含禁煤区，部分区域排除村庄，自2020-05-15起有效。 Synthetic burn-ban zones containing the coal-ban zones, some with an excluded village, valid from 2020-05-15."),
		l(LayerCoalRoutes, geo.KindCoalRoute, "运煤车辆行驶路线（模拟） / Designated coal routes (synthetic)",
			"模拟数据：沿主要公路连接各县城的运煤通道，走廊宽度50米。 Synthetic designated coal-truck routes along main roads between county seats, 50 m corridor."),
		l(LayerCheckpoints, geo.KindCheckpoint, "散煤治理检查站（模拟） / Coal checkpoints (synthetic)",
			"模拟数据：县界、高速出口处的固定站、治超站和流动检查点。 Synthetic checkpoints at county borders and highway exits."),
		l(LayerSewerPlants, geo.KindSewerPlant, "污水处理厂（模拟） / Sewage treatment plants (synthetic)",
			"模拟数据：每个县城一座污水处理厂。 Synthetic: one sewage treatment plant per county seat."),
		l(LayerSewerNetwork, geo.KindSewerNetwork, "污水管网（模拟） / Sewer network (synthetic)",
			"模拟数据：县城污水干管和支管（合流/分流）。 Synthetic trunk and street sewers (combined/separate) in the county towns."),
		l(LayerKilnTownships, geo.KindCustom, "砖瓦企业建议搬迁区域（模拟） / Suggested kiln relocation areas (synthetic)",
			"模拟数据：按公报所列乡镇命名的丘陵地区示意范围，形状为虚构。 Synthetic: made-up shapes in hilly land, named after the towns the gazette suggests for relocating brick kilns."),
		l(LayerKilns, geo.KindCustom, "砖瓦企业（模拟） / Brick kilns (synthetic)",
			"模拟数据：砖厂位置及年产能（块/年）。 Synthetic brick kilns with annual capacity (bricks per year)."),
	}
}
