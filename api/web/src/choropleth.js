// Clean-heating statistics per county (GET /v1/statistics/clean-heating,
// from the gazette's 2020 winter task table) as a choropleth of the county
// layer, with a legend and a sortable table. The card stays hidden when
// the server has no such statistics.
import { el, getJSON } from './dom.js';

export const CATEGORIES = ['total', 'central_heating', 'coal_to_electric', 'coal_to_gas', 'other'];
export const METRICS = ['households', 'area_10k_m2'];
const PALETTE = ['#eef4fb', '#c6dbef', '#85b6dc', '#3f88c5', '#135597'];
const LAYER_ID = 'stats-choropleth';

const $ = (id) => document.getElementById(id);

// breaks returns up to PALETTE.length - 1 ascending class limits splitting
// values into classes of about equal counts (quantiles), without repeats.
export function breaks(values) {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return [];
  const out = [];
  for (let i = 1; i < PALETTE.length; i++) {
    const q = v[Math.min(v.length - 1, Math.floor((i * v.length) / PALETTE.length))];
    if (!out.includes(q) && q > v[0]) out.push(q);
  }
  return out;
}

// classOf is the palette index of value x given breaks b.
export function classOf(x, b) {
  let i = 0;
  while (i < b.length && x >= b[i]) i++;
  return i;
}

const fmt = (x, metric) => (Number.isFinite(x) ? (metric === 'households' ? Math.round(x).toLocaleString('en-US') : x.toFixed(1)) : '—');

export function initChoropleth({ map, i18n, countyLayer, onError }) {
  const state = { doc: null, metric: 'households', category: 'total', sortKey: 'value', sortDesc: true, onMap: true };
  const card = $('stats-card');

  const value = (row) => row?.[state.category]?.[state.metric];
  const paint = () => {
    if (!state.doc || !map.getSource('zones')) return;
    const rows = state.doc.rows ?? [];
    const b = breaks(rows.map(value));
    const match = ['match', ['get', 'name']];
    const seen = new Set();
    for (const r of rows) {
      if (!r.county || seen.has(r.county) || !Number.isFinite(value(r))) continue;
      seen.add(r.county);
      match.push(r.county, PALETTE[classOf(value(r), b)]);
    }
    match.push('rgba(0,0,0,0)');
    const color = seen.size ? match : 'rgba(0,0,0,0)';
    if (!map.getLayer(LAYER_ID)) {
      // Over the county land fill, under every zone.
      const before = map.getStyle().layers.find((l) => l.metadata?.['zonegate:layer'] && l.metadata['zonegate:kind'] !== 'admin' && l.type === 'fill')?.id;
      map.addLayer({ id: LAYER_ID, type: 'fill', source: 'zones', 'source-layer': countyLayer,
        paint: { 'fill-color': color, 'fill-opacity': 0.75 } }, before);
    } else map.setPaintProperty(LAYER_ID, 'fill-color', color);
    map.setLayoutProperty(LAYER_ID, 'visibility', state.onMap ? 'visible' : 'none');
    drawLegend(b);
  };

  const drawLegend = (b) => {
    const items = [];
    const lo = [0, ...b];
    for (let i = 0; i < lo.length; i++) {
      const hi = b[i];
      items.push(el('li', {}, el('span', { class: 'chip', style: { background: PALETTE[i] } }),
        hi === undefined ? `≥ ${fmt(lo[i], state.metric)}` : `${fmt(lo[i], state.metric)} – ${fmt(hi, state.metric)}`));
    }
    $('stats-legend').replaceChildren(el('li', { class: 'muted' }, i18n.t(`metric_${state.metric}`)), ...items);
  };

  const drawTable = () => {
    const rows = [...(state.doc?.rows ?? [])];
    const key = (r) => (state.sortKey === 'county' ? r.county : value(r) ?? -Infinity);
    rows.sort((a, b) => {
      const x = key(a), y = key(b);
      const c = typeof x === 'string' ? x.localeCompare(y, 'zh') : x - y;
      return state.sortDesc ? -c : c;
    });
    const th = (k, label, cls) => el('th', {
      class: `${cls ?? ''} sortable`, 'data-sort': k, 'aria-sort': state.sortKey === k ? (state.sortDesc ? 'descending' : 'ascending') : 'none',
      onclick: () => { state.sortDesc = state.sortKey === k ? !state.sortDesc : k !== 'county'; state.sortKey = k; drawTable(); },
    }, label, state.sortKey === k ? (state.sortDesc ? ' ▼' : ' ▲') : '');
    const total = state.doc?.total;
    $('stats-table').replaceChildren(
      el('thead', {}, el('tr', {}, th('county', i18n.t('county')), th('value', i18n.t(`cat_${state.category}`), 'num'))),
      el('tbody', {}, rows.map((r) => el('tr', { 'data-county': r.county }, el('td', {}, r.county), el('td', { class: 'num' }, fmt(value(r), state.metric))))),
      total ? el('tfoot', {}, el('tr', {}, el('td', {}, i18n.t('total')), el('td', { class: 'num' }, fmt(total?.[state.category]?.[state.metric] ?? total?.[state.metric], state.metric)))) : '');
    const amb = state.doc?.ambiguous ?? [];
    $('stats-note').textContent = [state.doc?.source?.title ?? state.doc?.source?.name ?? '', amb.length ? i18n.t('statsAmbiguous', { n: amb.length }) : '']
      .filter(Boolean).join(' · ');
  };

  const draw = () => {
    if (!state.doc) return;
    paint();
    drawTable();
  };
  for (const [id, k] of [['stats-metric', 'metric'], ['stats-category', 'category']]) {
    $(id).addEventListener('change', (e) => { state[k] = e.target.value; draw(); });
  }
  $('stats-onmap').addEventListener('change', (e) => { state.onMap = e.target.checked; paint(); });

  let loading = null;
  const load = () => {
    loading ??= getJSON('/v1/statistics/clean-heating').then((d) => {
      if (!Array.isArray(d?.rows)) throw new Error('no rows');
      state.doc = d;
      card.hidden = false;
      draw();
    }, (err) => {
      card.hidden = true; // the server has no statistics: nothing to show
      onError(err);
    });
    return loading;
  };
  return {
    state, load,
    show(on) {
      if (map.getLayer(LAYER_ID)) map.setLayoutProperty(LAYER_ID, 'visibility', on && state.onMap ? 'visible' : 'none');
      return on ? load().then(() => { if (state.doc) paint(); }) : undefined;
    },
    relabel: draw,
  };
}
