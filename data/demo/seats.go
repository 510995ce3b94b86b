package demo

// seat is one county of the synthetic region: its public identity (name,
// adcode, county-seat coordinates) and the hand-tuned sizes the generator
// uses for the settlement around the seat.
type seat struct {
	adcode int
	name   string  // Chinese county name
	nameEN string  // pinyin name
	slug   string  // ASCII id fragment, e.g. "yaodu"
	lon    float64 // county seat
	lat    float64
	// builtUpKM is the largest radius of the built-up star; vertex radii lie
	// in [starMinFrac, 1] of it.
	builtUpKM float64
	// burnBanKM is the largest radius of the burn-ban star. It is chosen so
	// that the burn-ban zone's inner radius clears the coal-ban zone and so
	// that neighbouring burn-ban zones stay apart.
	burnBanKM float64
	// hole says whether the burn-ban zone excludes a village (a polygon hole).
	hole bool
	// plantM3 is the sewage plant's capacity in m³ per day.
	plantM3 float64
	// trunks is the number of trunk sewers drawn in the built-up area.
	trunks int
}

// seatTable returns the 17 counties of Linfen (临汾市) in adcode order, as a
// fresh slice. Names, adcodes and seat coordinates are public facts;
// everything else is made up. 尧都区 is centred on the city centre
// (111.5186, 36.0880).
func seatTable() []seat {
	return []seat{
		{141002, "尧都区", "Yaodu District", "yaodu", 111.5186, 36.0880, 8.0, 13.5, true, 160000, 4},
		{141021, "曲沃县", "Quwo County", "quwo", 111.475529, 35.641387, 2.0, 3.8, false, 20000, 0},
		{141022, "翼城县", "Yicheng County", "yicheng", 111.713508, 35.738621, 3.0, 6.5, false, 25000, 0},
		{141023, "襄汾县", "Xiangfen County", "xiangfen", 111.442932, 35.876139, 3.0, 8.0, true, 30000, 2},
		{141024, "洪洞县", "Hongtong County", "hongtong", 111.673692, 36.255742, 3.5, 8.5, true, 40000, 2},
		{141025, "古县", "Gu County", "guxian", 111.920207, 36.26855, 2.0, 6.0, true, 10000, 0},
		{141026, "安泽县", "Anze County", "anze", 112.251372, 36.146032, 2.5, 6.0, false, 10000, 0},
		{141027, "浮山县", "Fushan County", "fushan", 111.850039, 35.971359, 2.5, 6.0, false, 10000, 0},
		{141028, "吉县", "Ji County", "jixian", 110.682853, 36.099355, 2.5, 6.0, false, 10000, 0},
		{141029, "乡宁县", "Xiangning County", "xiangning", 110.857365, 35.975402, 3.0, 6.5, false, 15000, 0},
		{141030, "大宁县", "Daning County", "daning", 110.751283, 36.46383, 2.0, 5.0, false, 5000, 0},
		{141031, "隰县", "Xi County", "xixian", 110.935809, 36.692675, 2.5, 6.0, false, 10000, 0},
		{141032, "永和县", "Yonghe County", "yonghe", 110.631276, 36.760614, 2.0, 5.0, false, 5000, 0},
		{141033, "蒲县", "Pu County", "puxian", 111.09733, 36.411682, 2.5, 6.0, false, 10000, 0},
		{141034, "汾西县", "Fenxi County", "fenxi", 111.563021, 36.653368, 2.0, 5.0, false, 10000, 0},
		{141081, "侯马市", "Houma City", "houma", 111.371272, 35.620302, 2.5, 4.3, false, 40000, 2},
		{141082, "霍州市", "Huozhou City", "huozhou", 111.723103, 36.57202, 3.0, 7.0, true, 30000, 0},
	}
}

// seatBySlug returns the index of the seat with the given slug, or -1.
func seatBySlug(seats []seat, slug string) int {
	for i := range seats {
		if seats[i].slug == slug {
			return i
		}
	}
	return -1
}
