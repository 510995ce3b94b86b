// Operations panel for the 散煤办: inspection counts over a period (from
// GET /v1/reports/inspections), the checkpoints on the map as circles sized
// by their checks, a chart of daily checks and turn-backs, and the live
// vehicle event feed.
import { el } from './dom.js';
import { api } from './editapi.js';
import { OpsChart, dailySeries, dayStart } from './opschart.js';
import { EventFeed } from './opsfeed.js';
import { initPlateSearch } from './opsplate.js';

const $ = (id) => document.getElementById(id);
const SOURCE = 'ops-checkpoints';
export const CHECKPOINT_LAYER = 'ops-checkpoints';
const DAY = 86400;

// Periods offered. The road-check campaign of the gazette is the default
// when it has any checks, else the last 30 days (see choosePeriod).
export const PERIODS = {
  campaign: () => ({ from: '2020-08-01', to: '2021-03-31' }),
  last30: () => {
    const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
    const from = new Date(Date.parse(`${today}T00:00:00Z`) - 29 * DAY * 1000).toISOString().slice(0, 10);
    return { from, to: today };
  },
  all: () => ({ from: '', to: '' }),
};

function token() {
  try { return sessionStorage.getItem('zonegate.token') || ''; } catch { return ''; }
}

async function report(group, period) {
  const q = new URLSearchParams({ group });
  if (period.from) q.set('from', period.from);
  if (period.to) q.set('to', period.to);
  const res = await api(token(), 'GET', `/v1/reports/inspections?${q}`);
  if (!res.ok) throw Object.assign(new Error(res.message), { status: res.status });
  return res.body;
}

// checkpointFeatures fetches the published checkpoints of every checkpoint
// layer as GeoJSON features.
async function checkpointFeatures(layers) {
  const out = [];
  for (const l of layers.filter((x) => x.kind === 'checkpoint')) {
    const res = await api(token(), 'GET', `/collections/${encodeURIComponent(l.id)}/items?limit=10000`);
    if (res.ok) out.push(...(res.body.features ?? []).filter((f) => f.geometry?.type === 'Point'));
  }
  return out;
}

// choosePeriod picks the opening period: the campaign if its report has
// any checks, else the last 30 days (where a live demo's checks land, the
// inspection log dating them by the server's clock). On an error it keeps
// the campaign, whose own load then reports the error.
async function choosePeriod() {
  try {
    const r = await report('day', PERIODS.campaign());
    return (r?.total?.checks ?? 0) > 0 ? 'campaign' : 'last30';
  } catch {
    return 'campaign';
  }
}

export function initOps({ map, maplibregl, i18n, layers, onError }) {
  const state = { period: 'campaign', periodChosen: false, userPicked: false, stations: null, days: null, features: [], loaded: false };
  const chart = new OpsChart($('ops-chart'), i18n);
  const marker = new maplibregl.Marker({ color: '#c81e33' });
  const showEvent = (e) => {
    marker.setLngLat(e.position).addTo(map);
    map.flyTo({ center: e.position, zoom: Math.max(map.getZoom(), 13) });
  };
  const feed = new EventFeed({ ul: $('ops-feed'), status: $('ops-feed-status'), i18n, onPick: showEvent });
  const plates = initPlateSearch({
    input: $('plate-input'), list: $('plate-list'), form: $('plate-form'), results: $('plate-events'), error: $('plate-error'),
    i18n, feedPlates: () => feed.events.map((e) => e.plate), onPosition: showEvent,
  });
  const popup = new maplibregl.Popup({ closeButton: true, className: 'zg', maxWidth: '300px' });

  const geojson = () => {
    const by = new Map((state.stations?.rows ?? []).map((r) => [r.key, r]));
    return {
      type: 'FeatureCollection',
      features: state.features.map((f) => {
        const r = by.get(String(f.id)) ?? { checks: 0, denials: 0, turn_backs: 0 };
        return {
          type: 'Feature', geometry: f.geometry,
          properties: { id: String(f.id), name: f.properties?.name ?? String(f.id), checks: r.checks, denials: r.denials, turn_backs: r.turn_backs },
        };
      }),
    };
  };

  const ensureLayer = () => {
    if (map.getSource(SOURCE)) {
      map.getSource(SOURCE).setData(geojson());
      return;
    }
    map.addSource(SOURCE, { type: 'geojson', data: geojson() });
    const max = Math.max(1, ...(state.stations?.rows ?? []).map((r) => r.checks));
    map.addLayer({
      id: CHECKPOINT_LAYER, type: 'circle', source: SOURCE,
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['sqrt', ['get', 'checks']], 0, 4, Math.sqrt(max), 22],
        'circle-color': ['case', ['==', ['get', 'checks'], 0], '#9aa5b1',
          ['interpolate', ['linear'], ['/', ['get', 'turn_backs'], ['max', 1, ['get', 'checks']]], 0, '#2f9e5b', 0.15, '#f0a202', 0.4, '#c81e33']],
        'circle-opacity': 0.78,
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 1.5,
      },
    });
  };

  const scaleCircles = () => {
    if (!map.getLayer(CHECKPOINT_LAYER)) return;
    const max = Math.max(1, ...(state.stations?.rows ?? []).map((r) => r.checks));
    map.setPaintProperty(CHECKPOINT_LAYER, 'circle-radius', ['interpolate', ['linear'], ['sqrt', ['get', 'checks']], 0, 4, Math.sqrt(max), 22]);
  };

  const renderSummary = () => {
    const tot = state.days?.total ?? { checks: 0, denials: 0, turn_backs: 0 };
    const t = (k) => i18n.t(k);
    $('ops-summary').replaceChildren(
      ...[['checks', 'opsChecks'], ['denials', 'opsDenials'], ['turn_backs', 'opsTurnBacks']].map(([k, label]) =>
        el('div', { class: `stat stat-${k}` }, el('span', { class: 'stat-num' }, tot[k].toLocaleString()), el('span', { class: 'stat-label' }, t(label)))));
    const top = [...(state.stations?.rows ?? [])].sort((a, b) => b.checks - a.checks).slice(0, 6);
    $('ops-top').replaceChildren(...(top.length ? top.map((r) => el('li', {
      class: 'top-row', onclick: () => {
        const f = state.features.find((x) => String(x.id) === r.key);
        if (f) map.flyTo({ center: f.geometry.coordinates, zoom: Math.max(map.getZoom(), 11) });
      },
    }, el('span', { class: 'top-name' }, r.name || r.key || t('opsNoStation')),
    el('span', { class: 'top-num' }, `${r.checks}`), el('span', { class: 'top-tb' }, `${r.turn_backs}`))) : [el('li', { class: 'muted small' }, t('opsNoChecks'))]));
  };

  const load = async () => {
    if (!state.periodChosen) {
      state.periodChosen = true;
      const p = await choosePeriod();
      if (!state.userPicked) {
        state.period = p;
        $('ops-period').value = p;
      }
    }
    const period = PERIODS[state.period]();
    $('ops-error').hidden = true;
    try {
      const [stations, days, features] = await Promise.all([report('station', period), report('day', period),
        state.features.length ? state.features : checkpointFeatures(layers)]);
      Object.assign(state, { stations, days, features, loaded: true });
    } catch (err) {
      $('ops-error').hidden = false;
      $('ops-error').textContent = err.status === 401 || err.status === 403 ? i18n.t('opsNeedInspector') : err.message;
      onError?.(err);
      state.stations = state.days = null;
    }
    const from = period.from ? dayStart(period.from) : undefined;
    const to = period.to ? dayStart(period.to) + DAY : undefined;
    chart.set(dailySeries(state.days?.rows ?? [], from, to));
    renderSummary();
    ensureLayer();
    scaleCircles();
  };

  map.on('click', CHECKPOINT_LAYER, (e) => {
    const p = e.features[0].properties;
    const t = (k) => i18n.t(k);
    popup.setLngLat(e.lngLat).setDOMContent(el('div', { class: 'zg-feature' },
      el('h3', {}, p.name),
      el('table', {}, [['opsChecks', p.checks], ['opsDenials', p.denials], ['opsTurnBacks', p.turn_backs], ['id', p.id]]
        .map(([k, v]) => el('tr', {}, el('th', {}, t(k)), el('td', {}, String(v))))))).addTo(map);
  });
  map.on('mouseenter', CHECKPOINT_LAYER, () => { map.getCanvas().style.cursor = 'pointer'; });
  map.on('mouseleave', CHECKPOINT_LAYER, () => { map.getCanvas().style.cursor = ''; });

  $('ops-period').addEventListener('change', (e) => {
    state.period = e.target.value;
    state.userPicked = true;
    load();
  });
  $('ops-csv').addEventListener('click', () => {
    const period = PERIODS[state.period]();
    const q = new URLSearchParams({ group: $('ops-csv-group').value, format: 'csv' });
    if (period.from) q.set('from', period.from);
    if (period.to) q.set('to', period.to);
    window.open(`/v1/reports/inspections?${q}`, '_blank');
  });

  return {
    chart, feed, plates, state,
    // show is called when the operations tab opens or closes.
    show(on) {
      if (map.getLayer(CHECKPOINT_LAYER)) map.setLayoutProperty(CHECKPOINT_LAYER, 'visibility', on ? 'visible' : 'none');
      if (!on) return Promise.resolve();
      // Render first, then stream: the event stream opens only once the
      // panel and the map have drawn, so a headless screenshot (or any
      // "wait for the page to settle") is not held open by it.
      const stream = () => requestAnimationFrame(() => setTimeout(() => feed.start(), 300));
      if (!state.loaded) return load().then(() => { chart.fit(); stream(); });
      requestAnimationFrame(() => chart.fit());
      stream();
      return Promise.resolve();
    },
    reload: load,
    relabel() {
      feed.render();
      plates.relabel();
      if (state.loaded) {
        chart.draw();
        renderSummary();
      }
    },
  };
}
