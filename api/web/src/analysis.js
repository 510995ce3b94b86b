// Analyses tab for planners (issue 5): the area below 600 m per county
// (analysis600.js), sewer coverage per county from
// GET /v1/analysis/sewer-coverage, brick-kiln capacity against the caps
// from GET /v1/analysis/kiln-capacity, and the kiln site check of
// POST /v1/analysis/kiln-site on a clicked map position.
import { el, getJSON } from './dom.js';
import { mark, pct, rate } from './analysisfmt.js';
import { renderCapacity, renderSite } from './analysiskiln.js';
import { load600, render600 } from './analysis600.js';

const $ = (id) => document.getElementById(id);

// boundsOf returns [[west, south], [east, north]] of a GeoJSON geometry,
// or null when it has no coordinates.
export function boundsOf(geometry) {
  const b = [Infinity, Infinity, -Infinity, -Infinity];
  const walk = (c) => {
    if (typeof c?.[0] === 'number') {
      b[0] = Math.min(b[0], c[0]); b[1] = Math.min(b[1], c[1]);
      b[2] = Math.max(b[2], c[0]); b[3] = Math.max(b[3], c[1]);
    } else if (Array.isArray(c)) c.forEach(walk);
  };
  walk(geometry?.coordinates);
  if (geometry?.type === 'GeometryCollection') geometry.geometries.forEach((g) => walk(g.coordinates));
  return Number.isFinite(b[0]) ? [[b[0], b[1]], [b[2], b[3]]] : null;
}

// renderSewer fills the coverage table: one row per county (clicking it
// calls onPick with the county id), then the total.
function renderSewer(doc, i18n, onPick) {
  const row = (name, c, cls, attrs = {}) => el('tr', { class: cls, ...attrs },
    el('td', { class: 'sw-name' }, name),
    el('td', { class: 'num' }, pct(c.covered_pct)),
    el('td', { class: 'num' }, rate(c.conversion_rate),
      c.target !== undefined ? el('span', { class: 'muted' }, ` / ${rate(c.target).replace('.0%', '%')}`) : null),
    el('td', { class: 'mk' }, c.target !== undefined ? mark(c.meets_target) : null));
  const counties = doc.counties ?? [];
  const t = doc.total ?? {};
  const body = counties.map((c) => row(c.name || c.county, c, 'sw-row', {
    'data-county': c.county, tabindex: '0', title: i18n.t('flyToCounty'),
    onclick: () => onPick(c.county),
    onkeydown: (e) => { if (e.key === 'Enter') onPick(c.county); },
  }));
  const total = row(i18n.t('total'), t, 'sw-total');
  total.lastChild.append(`${t.counties_meeting_target ?? 0}/${counties.length}`);
  total.lastChild.title = i18n.t('meetingTarget');
  $('sewer-table').replaceChildren(
    el('thead', {}, el('tr', {},
      el('th', {}, i18n.t('county')), el('th', { class: 'num' }, i18n.t('sewerCovered')),
      el('th', { class: 'num', colspan: '2' }, i18n.t('sewerConversion')))),
    el('tbody', {}, body), el('tfoot', {}, total));
  $('sewer-note').textContent = i18n.t('sewerNote', { m: doc.service_m ?? '—' });
}

// initAnalysis wires the analyses tab. It loads its reports the first time
// the tab is shown. onMapClick(lngLat) returns true when it consumed a map
// click (the site check was armed).
export function initAnalysis({ map, maplibregl, i18n, layers, onError }) {
  const state = { loaded: false, loading: null, below600: null, sewer: null, capacity: null, site: null, armed: false };
  const marker = new maplibregl.Marker({ color: '#8a5a00' });
  const countyLayer = (layers.find((l) => l.kind === 'admin') ?? { id: 'counties' }).id;
  const btn = $('kiln-site-btn');

  const flyToCounty = async (id) => {
    try {
      const f = await getJSON(`/collections/${encodeURIComponent(countyLayer)}/items/${encodeURIComponent(id)}`);
      const b = boundsOf(f.geometry);
      if (b) map.fitBounds(b, { padding: 40, maxZoom: 12 });
    } catch (err) {
      onError(err); // no fly; the table stays usable
    }
  };
  const flyToFeature = (f) => {
    const b = boundsOf(f.geometry);
    if (b) map.fitBounds(b, { padding: 40, maxZoom: 12 });
  };
  const draw = () => {
    render600($('below600-card'), state.below600, i18n, flyToFeature);
    if (state.sewer) renderSewer(state.sewer, i18n, flyToCounty);
    if (state.capacity) renderCapacity($('kiln-bars'), state.capacity, i18n);
    if (state.site) renderSite($('kiln-site-result'), state.site, i18n);
  };
  const fail = (id, err) => {
    $(id).textContent = `${i18n.t('error')}: ${err.message ?? err}`;
    $(id).hidden = false;
    onError(err);
  };
  const load = () => {
    state.loading ??= Promise.all([
      load600(layers).then((d) => { state.below600 = d; }, (err) => { state.below600 = null; onError(err); }),
      getJSON('/v1/analysis/sewer-coverage').then((d) => { state.sewer = d; }, (err) => fail('sewer-error', err)),
      getJSON('/v1/analysis/kiln-capacity').then((d) => { state.capacity = d; }, (err) => fail('kiln-error', err)),
    ]).then(() => {
      state.loaded = true;
      draw();
    });
    return state.loading;
  };

  const arm = (on) => {
    state.armed = on;
    btn.classList.toggle('active', on);
    btn.setAttribute('aria-pressed', String(on));
    btn.textContent = i18n.t(on ? 'siteCancel' : 'siteCheck');
    $('kiln-site-hint').hidden = !on;
    map.getCanvas().style.cursor = on ? 'crosshair' : '';
  };
  btn.addEventListener('click', () => arm(!state.armed));

  // checkSite posts the site check for [lon, lat], shows the answer and
  // drops a marker; it resolves to the answer (null on an error).
  const checkSite = async (pos) => {
    marker.setLngLat(pos).addTo(map);
    const out = $('kiln-site-result');
    out.hidden = false;
    out.replaceChildren(el('p', { class: 'muted small' }, i18n.t('checking')));
    try {
      state.site = await getJSON('/v1/analysis/kiln-site', {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ position: pos }),
      });
      renderSite(out, state.site, i18n);
      return state.site;
    } catch (err) {
      state.site = null;
      out.replaceChildren(el('p', { class: 'error' }, `${i18n.t('error')}: ${err.message ?? err}`));
      return null;
    }
  };

  return {
    state,
    load,
    checkSite,
    arm,
    show(on) {
      if (!on && state.armed) arm(false);
      return on ? load() : undefined;
    },
    onMapClick(lngLat) {
      if (!state.armed) return false;
      arm(false);
      checkSite([Number(lngLat.lng.toFixed(6)), Number(lngLat.lat.toFixed(6))]);
      return true;
    },
    relabel() {
      btn.textContent = i18n.t(state.armed ? 'siteCancel' : 'siteCheck');
      draw();
    },
  };
}
