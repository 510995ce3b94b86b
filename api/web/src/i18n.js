// UI text in Chinese and English. Elements carry data-i18n="key" (text) or
// data-i18n-placeholder="key"; apply() rewrites them for the current language.

export const strings = {
  zh: {
    subtitle: '禁煤区 / 禁燃区 分区管控',
    inspectHere: '现场检查',
    inspectCancel: '取消检查',
    layers: '图层',
    loading: '加载中…',
    asOf: '时间',
    asOfHint: '显示该日期有效的区域（空为今天）',
    today: '今天',
    search: '查找',
    searchPlaceholder: '县区、乡镇、区域、检查站，或 经度, 纬度',
    go: '定位',
    searchError: '请输入“经度, 纬度”，如 111.5186, 36.0880',
    footnote: 'WGS84 / CGCS2000 坐标。离线底图：县级行政区图层。',
    inspectHint: '在地图上点击要检查的位置',
    inspectTitle: '运煤车辆检查',
    position: '位置',
    fuel: '燃料',
    fuel_coal: '煤炭', fuel_briquette: '型煤', fuel_coke: '焦炭', fuel_semi_coke: '兰炭', fuel_none: '非煤货物',
    sulfur: '硫分 %', ash: '灰分 %', volatile: '挥发分 %',
    documents: '随车单据',
    supplyContract: '供销合同',
    qualityReport: '质检报告',
    destination: '目的地类别',
    dest_residential: '居民生活取暖', dest_business: '经营单位', dest_central_heating: '集中供热',
    dest_coal_power: '燃煤电厂', dest_raw_material: '原料用煤企业', dest_other: '其他',
    plate: '车牌（可选）',
    check: '检查',
    checking: '检查中…',
    allow: '放行', deny: '禁止',
    pass: '放行通过', turn_back: '劝返',
    reasons: '依据',
    effect_deny: '禁止', effect_note: '说明',
    zone: '区域',
    clause: '条款',
    noReasons: '无需说明的事项',
    rulesVersion: '规则版本',
    features: '个要素',
    layer: '图层', kind: '类型', id: '编号', version: '版本',
    validFrom: '生效', validTo: '失效', openEnded: '长期有效', notSet: '—',
    more: '另有 {n} 个要素',
    properties: '其他属性（{n}）',
    error: '出错了',
    mapError: '地图加载失败',
    synthetic: '模拟数据',
    kind_coal_ban: '禁煤区', kind_burn_ban: '禁燃区', kind_built_up: '城市建成区', kind_admin: '行政区',
    kind_clean_heating_600m: '600米以下清洁取暖区', kind_kiln_relocation: '砖瓦窑搬迁区',
    kind_sewer_network: '污水管网及覆盖范围', kind_sewer_plant: '污水处理厂', kind_coal_route: '运煤路线',
    kind_checkpoint: '检查站', kind_custom: '自定义',
    print: '打印', printDate: '日期', printSource: '数据来源', legend: '图例', searchNone: '未找到该名称', basemap: '底图',
    gcjNote: '高德、腾讯等 GCJ-02 底图与本系统坐标（WGS84/CGCS2000）相差数百米，未经纠偏不支持。',
    basemapNone: '离线：县级行政区为底图，无外部请求。', reviewNo: '审图号',
    statsTitle: '清洁取暖改造任务（2020年冬季）', cat_total: '合计', cat_central_heating: '集中供热', cat_coal_to_electric: '煤改电',
    cat_coal_to_gas: '煤改气', cat_other: '其他', metric_households: '户数', metric_area_10k_m2: '面积（万㎡）', onMap: '地图显示',
    statsAmbiguous: '{n} 个单元格列位置存疑', printTitle: '禁煤区 / 禁燃区 分区图',
    edit: '编辑',
    editToken: '令牌（编辑员）',
    signIn: '登录', signOut: '退出',
    editLayer: '目标图层',
    zoneName: '区域名称',
    drawPolygon: '绘制多边形', selectEdit: '选择/编辑顶点', remove: '删除', saveDraft: '保存草稿',
    drafts: '本次草稿', noDrafts: '暂无草稿',
    publish: '发布', cancel: '取消',
    status_draft: '草稿', status_published: '已发布', status_retired: '已撤销',
    savedDraft: '草稿已保存：{id}', published: '已发布：{id}', deleted: '已删除',
    nothingToSave: '请先绘制或选择一个多边形', newZone: '新区域',
    history: '历史版本',
    editHint: '点击添加顶点，点击起点闭合；选择模式下拖动顶点。',
    // operations panel (ops.js)
    tabMap: '地图', tabOps: '运行监管',
    terrain: '地形', terrain_hillshade: '山体阴影', terrain_hillshade_hint: '数字高程模型晕渲',
    terrain_contours: '等高线', terrain_contours_hint: '由数字高程模型生成',
    opsPeriod: '统计时段',
    period_campaign: '整治期 2020-08-01 至 2021-03-31', period_last30: '近30天', period_all: '全部记录',
    opsChecks: '检查', opsDenials: '禁止', opsTurnBacks: '劝返', opsDay: '日期',
    opsDaily: '每日检查与劝返', opsStations: '检查站（按检查量）', opsStation: '检查站',
    opsNoStation: '（未填写检查站）', opsNoChecks: '该时段没有检查记录',
    opsNeedInspector: '需要检查员权限：请在“编辑”中用检查员及以上令牌登录',
    group_station: '按检查站', group_county: '按县区', group_day: '按日', group_reason: '按原因',
    exportCSV: '导出 CSV',
    opsFeed: '实时车辆事件',
    feed_connecting: '连接中…', feed_live: '实时', feed_closed: '已断开',
    feedEmpty: '暂无车辆事件。运行 zonegate demo trucks 或 serve --demo --simulate 回放模拟车辆。',
    event_enter: '驶入', event_exit: '驶出', event_off_route: '偏离路线', event_on_route: '回到路线',
    designatedRoutes: '运煤车辆行驶路线',
    plateSearch: '按车牌查找', platePlaceholder: '车牌，如 晋L', plateRecent: '{plate} 最近 {n} 条事件',
    plateNoEvents: '该车牌没有事件记录', plateNone: '没有见到该车牌的车辆事件',
    // analyses tab (analysis.js)
    tabAnalysis: '分析',
    sewerTitle: '污水管网覆盖（按县区）', county: '县区', sewerCovered: '建成区覆盖', sewerConversion: '雨污分流率 / 目标',
    total: '合计', flyToCounty: '定位到该县区', meetingTarget: '达到目标的县区数',
    sewerNote: '覆盖：距污水管线 {m} 米以内的建成区。分流率 = 分流制管长 / 管网总长；目标：市区 40%，县城 30%。',
    kilnCapTitle: '砖瓦窑产能（一城三区）', kilnCount: '{n} 座', overCap: '超出上限', cap: '上限', outsideCounties: '县区以外',
    kilnCapNote: '年产能（块/年）对照上限：尧都区、洪洞县、襄汾县各 3.0亿，合计 9.0亿。竖线为上限。',
    siteTitle: '砖瓦窑选址检查', siteCheck: '选址检查', siteCancel: '取消选址', siteHint: '在地图上点击拟建窑址',
    siteDistance: '距最近建成区', insideBuiltUp: '位于建成区内（{name}）', elevation: '海拔', slope: '坡度',
    suggestedArea: '建议搬迁区域', siteSuitable: '适宜选址', siteUnsuitable: '不适宜选址',
    below600Title: '{level} 米以下区域（按县区）', below600Area: '面积', below600Note: '图层 {layer}：由 DEM 计算（zonegate analyse below）。',
  },
  en: {
    subtitle: 'Coal-ban & burn-ban zone management',
    inspectHere: 'Inspect here',
    inspectCancel: 'Cancel inspection',
    layers: 'Layers',
    loading: 'Loading…',
    asOf: 'As of',
    asOfHint: 'Show zones valid on this date (empty: today)',
    today: 'Today',
    search: 'Find',
    searchPlaceholder: 'County, township, zone, checkpoint, or lon, lat',
    go: 'Go',
    searchError: 'Enter "longitude, latitude", e.g. 111.5186, 36.0880',
    footnote: 'WGS84 / CGCS2000 coordinates. Offline base map: the county layer.',
    inspectHint: 'Click the point to inspect on the map',
    inspectTitle: 'Coal-truck check',
    position: 'Position',
    fuel: 'Fuel',
    fuel_coal: 'Coal', fuel_briquette: 'Briquettes', fuel_coke: 'Coke', fuel_semi_coke: 'Semi-coke', fuel_none: 'No coal cargo',
    sulfur: 'Sulfur %', ash: 'Ash %', volatile: 'Volatile %',
    documents: 'Documents carried',
    supplyContract: 'Supply contract',
    qualityReport: 'Quality report',
    destination: 'Destination',
    dest_residential: 'Residential heating', dest_business: 'Business', dest_central_heating: 'Central heating plant',
    dest_coal_power: 'Coal power plant', dest_raw_material: 'Raw-material user', dest_other: 'Other',
    plate: 'Plate (optional)',
    check: 'Check',
    checking: 'Checking…',
    allow: 'ALLOW', deny: 'DENY',
    pass: 'pass', turn_back: 'turn back',
    reasons: 'Reasons',
    effect_deny: 'deny', effect_note: 'note',
    zone: 'Zone',
    clause: 'Clause',
    noReasons: 'Nothing to note',
    rulesVersion: 'Rules version',
    features: 'features',
    layer: 'Layer', kind: 'Kind', id: 'ID', version: 'Version',
    validFrom: 'Valid from', validTo: 'Valid to', openEnded: 'open-ended', notSet: '—',
    more: '{n} more features here',
    properties: 'Other properties ({n})',
    error: 'Error',
    mapError: 'The map failed to load',
    synthetic: 'synthetic data',
    kind_coal_ban: 'Coal-ban zone', kind_burn_ban: 'Burn-ban zone', kind_built_up: 'Built-up area', kind_admin: 'Administrative area',
    kind_clean_heating_600m: 'Below 600 m (clean heating)', kind_kiln_relocation: 'Kiln relocation area',
    kind_sewer_network: 'Sewers and coverage', kind_sewer_plant: 'Sewage treatment plant', kind_coal_route: 'Coal route',
    kind_checkpoint: 'Checkpoint', kind_custom: 'Custom',
    print: 'Print', printDate: 'Date', printSource: 'Source:', legend: 'Legend', searchNone: 'No such name', basemap: 'Basemap',
    gcjNote: 'GCJ-02 basemaps (AMap, Tencent) are offset by hundreds of metres from WGS84/CGCS2000 and are not supported unless shifted.',
    basemapNone: 'Offline: the counties are the base map; no outside requests.', reviewNo: 'Map review no.',
    statsTitle: 'Clean-heating tasks (winter 2020)', cat_total: 'Total', cat_central_heating: 'Central heating', cat_coal_to_electric: 'Coal to electric',
    cat_coal_to_gas: 'Coal to gas', cat_other: 'Other', metric_households: 'Households', metric_area_10k_m2: 'Area (10,000 m²)', onMap: 'On the map',
    statsAmbiguous: '{n} cells with an uncertain column', printTitle: 'Coal-ban and burn-ban zones',
    edit: 'Edit',
    editToken: 'Token (editor)',
    signIn: 'Sign in', signOut: 'Sign out',
    editLayer: 'Target layer',
    zoneName: 'Zone name',
    drawPolygon: 'Draw polygon', selectEdit: 'Select / edit vertices', remove: 'Delete', saveDraft: 'Save draft',
    drafts: 'Drafts this session', noDrafts: 'No drafts yet',
    publish: 'Publish', cancel: 'Cancel',
    status_draft: 'draft', status_published: 'published', status_retired: 'retired',
    savedDraft: 'Draft saved: {id}', published: 'Published: {id}', deleted: 'Deleted',
    nothingToSave: 'Draw or select a polygon first', newZone: 'New zone',
    history: 'History',
    editHint: 'Click to add vertices, click the first one to close; drag vertices in select mode.',
    // operations panel (ops.js)
    tabMap: 'Map', tabOps: 'Operations',
    terrain: 'Terrain', terrain_hillshade: 'Hillshade', terrain_hillshade_hint: 'shaded relief from the DEM',
    terrain_contours: 'Contour lines', terrain_contours_hint: 'derived from the DEM',
    opsPeriod: 'Period',
    period_campaign: 'Campaign 2020-08-01 – 2021-03-31', period_last30: 'Last 30 days', period_all: 'All records',
    opsChecks: 'Checks', opsDenials: 'Denied', opsTurnBacks: 'Turned back', opsDay: 'Day',
    opsDaily: 'Daily checks and turn-backs', opsStations: 'Checkpoints by checks', opsStation: 'Checkpoint',
    opsNoStation: '(no checkpoint given)', opsNoChecks: 'No checks in this period',
    opsNeedInspector: 'Needs the inspector role: sign in under Edit with an inspector (or higher) token',
    group_station: 'by checkpoint', group_county: 'by county', group_day: 'by day', group_reason: 'by reason',
    exportCSV: 'Export CSV',
    opsFeed: 'Live vehicle events',
    feed_connecting: 'connecting…', feed_live: 'live', feed_closed: 'disconnected',
    feedEmpty: 'No vehicle events yet. Run zonegate demo trucks or serve --demo --simulate to replay the synthetic fleet.',
    event_enter: 'entered', event_exit: 'left', event_off_route: 'off route', event_on_route: 'back on route',
    designatedRoutes: 'designated coal routes',
    plateSearch: 'Find a truck by plate', platePlaceholder: 'Plate, e.g. 晋L', plateRecent: '{plate}: latest {n} events',
    plateNoEvents: 'No events for this plate', plateNone: 'No vehicle events seen for this plate',
    // analyses tab (analysis.js)
    tabAnalysis: 'Analyses',
    sewerTitle: 'Sewer coverage by county', county: 'County', sewerCovered: 'Built-up covered', sewerConversion: 'Separate-sewer rate / target',
    total: 'Total', flyToCounty: 'Show this county on the map', meetingTarget: 'counties meeting their target',
    sewerNote: 'Covered: built-up land within {m} m of a sewer line. Conversion rate = separate-system length / total length; targets 40% for the city, 30% for county towns.',
    kilnCapTitle: 'Brick-kiln capacity (city and three districts)', kilnCount: '{n} kilns', overCap: 'over cap', cap: 'cap', outsideCounties: 'outside the counties',
    kilnCapNote: 'Annual capacity (bricks/year) against the caps: 300 M each for Yaodu, Hongtong and Xiangfen, 900 M in all. The tick marks the cap.',
    siteTitle: 'Brick-kiln site check', siteCheck: 'Check a kiln site', siteCancel: 'Cancel site check', siteHint: 'Click the proposed kiln site on the map',
    siteDistance: 'Nearest built-up area', insideBuiltUp: 'inside the built-up area ({name})', elevation: 'Elevation', slope: 'Slope',
    suggestedArea: 'Suggested relocation area', siteSuitable: 'Suitable site', siteUnsuitable: 'Not a suitable site',
    below600Title: 'Area below {level} m by county', below600Area: 'Area', below600Note: 'Layer {layer}: computed from a DEM (zonegate analyse below).',
  },
};

// I18n holds the current language and notifies listeners when it changes.
export class I18n {
  constructor(lang) {
    this.lang = strings[lang] ? lang : 'zh';
    this.listeners = [];
  }

  // t returns the text for key in the current language, with {name}
  // placeholders filled from vars. Unknown keys fall back to the key.
  t(key, vars = {}) {
    const s = strings[this.lang][key] ?? strings.zh[key] ?? key;
    return s.replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? ''));
  }

  // kind names a layer kind in the current language.
  kind(k) {
    return strings[this.lang]['kind_' + k] ?? k;
  }

  // title picks the current language's half of a bilingual "中文 / English"
  // title; a title without the separator is shown whole.
  title(s) {
    const parts = String(s ?? '').split(' / ');
    if (parts.length !== 2) return s ?? '';
    return this.lang === 'zh' ? parts[0] : parts[1];
  }

  set(lang) {
    if (!strings[lang] || lang === this.lang) return;
    this.lang = lang;
    this.apply(document);
    for (const f of this.listeners) f(lang);
  }

  onChange(f) {
    this.listeners.push(f);
  }

  apply(root) {
    document.documentElement.lang = this.lang === 'zh' ? 'zh-CN' : 'en';
    for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = this.t(el.dataset.i18n);
    for (const el of root.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = this.t(el.dataset.i18nPlaceholder);
  }
}
