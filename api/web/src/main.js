// zonegate map page: MapLibre GL JS drawing the server's own vector tiles
// with the server's style. No request leaves the server's origin unless
// the operator configured a raster basemap.
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import './style.css';

import { el, getJSON, parseLonLat } from './dom.js';
import { I18n } from './i18n.js';
import { initEdit } from './edit.js';
import { checkRequest, postCheck, renderDecision, renderError } from './inspect.js';
import { renderLayerList, styleLayersOf, zonegateStyleLayerIds } from './legend.js';
import { initAnalysis } from './analysis.js';
import { appendElevation } from './elevation.js';
import { initOps } from './ops.js';
import { renderTerrainToggles } from './terrain.js';
import { popupContent, uniqueFeatures } from './popup.js';
import { initSearch } from './search.js';
import { parseHash, writeHash } from './viewhash.js';
import { printMap } from './print.js';
import { initChoropleth } from './choropleth.js';
import { legendItems } from './legend.js';

const $ = (id) => document.getElementById(id);
const STYLE_URL = '/styles/zones.json';
const CLICK_TOLERANCE = 4; // px around a click that still hits a line or point
// CJK glyphs of the labels are drawn from a local font (fonts-noto-cjk on
// Debian, YaHei on Windows, PingFang on macOS); Latin comes from the
// server's glyphs. No font is fetched from outside.
const CJK_FONTS = '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif';

function initialLang() {
  const q = new URLSearchParams(location.search).get('lang');
  if (q === 'zh' || q === 'en') return q;
  try {
    return localStorage.getItem('zonegate.lang') || 'zh';
  } catch {
    return 'zh';
  }
}

async function start() {
  const i18n = new I18n(initialLang());
  i18n.apply(document);
  const state = {
    at: '', // YYYY-MM-DD or '' for now
    layers: [],
    hidden: new Set(),
    inspecting: false,
    inspectPos: null,
    lastDecision: null,
    popupFeatures: null,
    tileRev: 0, // bumped after publishing so tiles are fetched anew
  };
  const zg = { ready: false, errors: [], i18n, state };
  window.zonegate = zg;

  const view = parseHash(location.hash);
  if (view.at) state.at = view.at;
  for (const id of view.hidden ?? []) state.hidden.add(id);
  const [style, layerDoc] = await Promise.all([getJSON(STYLE_URL), getJSON('/v1/layers')]);
  // Hidden layers start hidden, before the first tile is drawn; their
  // names go with them.
  for (const l of style.layers) {
    if (state.hidden.has(l.metadata?.['zonegate:layer'])) l.layout = { ...(l.layout ?? {}), visibility: 'none' };
  }
  const labelLayers = style.layers.filter((l) => l.metadata?.['zonegate:label']);
  const baseFilters = new Map(labelLayers.map((l) => [l.id, l.filter]));
  const labelFilter = (id) => ['all', baseFilters.get(id) ?? true, ['!', ['in', ['get', 'layer'], ['literal', [...state.hidden]]]]];
  for (const l of labelLayers) l.filter = labelFilter(l.id);
  const labelsURL = () => `/v1/labels${state.at ? `?at=${state.at}` : ''}`;
  if (style.sources.labels) style.sources.labels.data = new URL(labelsURL(), location.href).href;
  let labelFeatures = [];
  const loadLabels = () => getJSON(labelsURL()).then((d) => { labelFeatures = d.features ?? []; }, (err) => console.warn('labels', err));
  const labelsLoaded = loadLabels();
  state.layers = layerDoc.layers;
  const layersById = new Map(state.layers.map((l) => [l.id, l]));
  const tileJSON = await getJSON(style.sources.zones.url).catch(() => null);
  if (state.layers.some((l) => /模拟|synthetic/i.test(l.title))) {
    document.querySelector('.brand').append(el('span', { class: 'pill', 'data-i18n': 'synthetic' }, i18n.t('synthetic')));
  }

  const map = new maplibregl.Map({
    container: 'map',
    style,
    bounds: view.center ? undefined : tileJSON?.bounds,
    fitBoundsOptions: { padding: 32 },
    center: view.center ?? (tileJSON?.bounds ? undefined : [111.5186, 36.088]),
    zoom: view.zoom ?? (tileJSON?.bounds ? undefined : 8),
    maxZoom: 18,
    attributionControl: { compact: true },
    localIdeographFontFamily: CJK_FONTS,
    // Print reads the map back from the canvas.
    canvasContextAttributes: { preserveDrawingBuffer: true },
    // Tiles answer ?at= with the zones valid at that date; relative URLs
    // are made absolute because tiles are fetched from a web worker.
    transformRequest: (url, type) => {
      const u = new URL(url, location.href);
      if (type === 'Tile' && state.at && u.origin === location.origin) u.searchParams.set('at', state.at);
      if (type === 'Tile' && state.tileRev && u.origin === location.origin) u.searchParams.set('rev', String(state.tileRev));
      return { url: u.href };
    },
  });
  zg.map = map;
  map.addControl(new maplibregl.NavigationControl({ visualizePitch: false }), 'top-right');
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
  map.on('error', (e) => {
    zg.errors.push(String(e.error?.message ?? e.error ?? e));
    console.error('map error', e.error);
  });
  map.on('idle', () => {
    if (map.isStyleLoaded() && map.isSourceLoaded('zones')) zg.ready = true;
  });

  // The view in the URL hash (viewhash.js), so a link opens the same map.
  const saveView = () => writeHash({ center: map.getCenter().toArray(), zoom: map.getZoom(), tab: zg.tab, at: state.at, hidden: state.hidden });
  map.on('moveend', saveView);
  zg.saveView = saveView;

  // Layer switcher and legend.
  const setVisible = (id, on) => {
    if (on) state.hidden.delete(id); else state.hidden.add(id);
    for (const l of styleLayersOf(style, id)) map.setLayoutProperty(l.id, 'visibility', on ? 'visible' : 'none');
    for (const l of labelLayers) if (map.getLayer(l.id)) map.setFilter(l.id, labelFilter(l.id));
    saveView();
  };
  // Layers of any geometry (custom, imports) get the swatch of what they
  // hold, read from the label points: kilns are dots, areas are areas.
  const geometryOf = (id) => {
    const g = new Set(labelFeatures.filter((f) => f.properties.layer === id).map((f) => f.properties.geom));
    return g.size === 1 ? { area: 'polygon', line: 'line', point: 'point' }[[...g][0]] : 'any';
  };
  const drawLayerList = () => renderLayerList($('layer-list'), {
    layers: state.layers, style, i18n, visible: (id) => !state.hidden.has(id), onToggle: setVisible, geometryOf,
  });
  drawLayerList();
  labelsLoaded.then(drawLayerList);

  // Relief toggles (hillshade, contours), when the style has them.
  const terrainHidden = new Set();
  const drawTerrain = () => {
    $('terrain-card').hidden = renderTerrainToggles($('terrain-list'), { style, map, i18n, hidden: terrainHidden }) === 0;
  };
  drawTerrain();

  // Tabs: the map tools, the operations panel and the analyses.
  const showTab = (name) => {
    for (const b of document.querySelectorAll('.tab')) {
      const on = b.dataset.tab === name;
      b.classList.toggle('active', on);
      b.setAttribute('aria-selected', String(on));
      $(`pane-${b.dataset.tab}`).hidden = !on;
    }
    zg.tab = name;
    zg.analysis?.show(name === 'analysis');
    zg.stats?.show(name === 'analysis');
    if (map.loaded()) saveView();
    return zg.ops?.show(name === 'ops');
  };
  for (const b of document.querySelectorAll('.tab')) b.addEventListener('click', () => showTab(b.dataset.tab));
  zg.showTab = showTab;
  zg.analysis = initAnalysis({ map, maplibregl, i18n, layers: state.layers, onError: (err) => console.warn('analyses', err) });
  const countyLayer = (state.layers.find((l) => l.kind === 'admin') ?? { id: 'counties' }).id;
  zg.stats = initChoropleth({ map, i18n, countyLayer, onError: (err) => console.info('clean-heating statistics not shown:', err.message ?? err) });
  const startTab = view.tab ?? new URLSearchParams(location.search).get('tab');
  if (startTab === 'analysis') {
    if (map.loaded()) showTab('analysis'); else map.once('load', () => showTab('analysis'));
  }
  const startOps = () => {
    zg.ops = initOps({ map, maplibregl, i18n, layers: state.layers, onError: (err) => console.warn('operations panel', err) });
    if (zg.tab === 'ops' || startTab === 'ops') showTab('ops');
  };
  if (map.loaded()) startOps(); else map.once('load', startOps);

  // Coordinate readout.
  const coords = $('coords');
  const showCoords = (ll) => {
    coords.textContent = `${ll.lng.toFixed(6)}, ${ll.lat.toFixed(6)} · z${map.getZoom().toFixed(1)}`;
  };
  map.on('mousemove', (e) => showCoords(e.lngLat));
  map.on('moveend', () => showCoords(map.getCenter()));
  map.on('load', () => showCoords(map.getCenter()));

  // Feature popup.
  const popup = new maplibregl.Popup({ maxWidth: '340px', closeButton: true, className: 'zg' });
  const queryAt = (point) => {
    const layers = zonegateStyleLayerIds(style).filter((id) => map.getLayer(id) && map.getLayoutProperty(id, 'visibility') !== 'none');
    const box = [[point.x - CLICK_TOLERANCE, point.y - CLICK_TOLERANCE], [point.x + CLICK_TOLERANCE, point.y + CLICK_TOLERANCE]];
    return uniqueFeatures(map.queryRenderedFeatures(box, { layers }));
  };
  const showPopup = (lngLat, features) => {
    state.popupFeatures = { lngLat, features };
    const content = popupContent(features, { style, layersById, i18n });
    popup.setLngLat(lngLat).setDOMContent(content).addTo(map);
    appendElevation(content, lngLat, i18n);
  };
  popup.on('close', () => { state.popupFeatures = null; });
  map.on('click', (e) => {
    if (zg.analysis?.onMapClick(e.lngLat)) return;
    if (state.inspecting) {
      pickInspectPoint(e.lngLat);
      return;
    }
    if (zg.edit?.active()) return;
    const features = queryAt(e.point);
    if (features.length) showPopup(e.lngLat, features); else popup.remove();
    zg.edit?.onZoneClick(features);
  });
  map.on('mousemove', (e) => {
    if (state.inspecting || zg.edit?.active() || zg.analysis?.state.armed) return;
    // The base map (admin areas) is everywhere; only other features invite a click.
    map.getCanvas().style.cursor = queryAt(e.point).some((f) => layersById.get(f.sourceLayer)?.kind !== 'admin') ? 'pointer' : '';
  });

  // Find: names from the label points, or coordinates (search.js).
  const searchMarker = new maplibregl.Marker({ color: '#1c5fae' });
  initSearch({
    input: $('search-input'), list: $('search-list'), form: $('search-form'), error: $('search-error'), i18n,
    labels: () => labelFeatures, parseLonLat,
    flyTo: (f) => {
      const b = f.properties.bbox;
      searchMarker.setLngLat(f.geometry.coordinates).addTo(map);
      if (Array.isArray(b) && (b[2] - b[0] > 1e-4 || b[3] - b[1] > 1e-4)) map.fitBounds([[b[0], b[1]], [b[2], b[3]]], { padding: 60, maxZoom: 14 });
      else map.flyTo({ center: f.geometry.coordinates, zoom: Math.max(map.getZoom(), 14) });
    },
    flyToPoint: (ll) => {
      searchMarker.setLngLat(ll).addTo(map);
      map.flyTo({ center: ll, zoom: Math.max(map.getZoom(), 13) });
    },
  });

  // Basemap: what is drawn under the zones, and its credits.
  const rasterSources = Object.entries(style.sources).filter(([id, s]) => s.type === 'raster' && id.startsWith('basemap'));
  const reviewNo = style.metadata?.['zonegate:review-no'];
  const drawBasemapInfo = () => {
    $('basemap-info').textContent = rasterSources.length
      ? [...new Set(rasterSources.map(([, s]) => s.attribution).filter(Boolean))].join(' · ') + (reviewNo && !rasterSources.some(([, s]) => s.attribution?.includes(reviewNo)) ? ` · ${i18n.t('reviewNo')} ${reviewNo}` : '')
      : i18n.t('basemapNone');
  };
  drawBasemapInfo();

  // Print: a PNG of the view with title, legend, scale bar, north arrow,
  // date and source (print.js).
  $('print-btn').addEventListener('click', async () => {
    const legend = legendItems(style, state.layers, i18n, (id) => !state.hidden.has(id), geometryOf);
    const sources = ['zonegate', ...rasterSources.map(([, s]) => s.attribution).filter(Boolean)];
    if (reviewNo) sources.push(`${i18n.t('reviewNo')} ${reviewNo}`);
    const date = state.at || new Date().toISOString().slice(0, 10);
    zg.lastPrint = await printMap({ map, i18n, legend, date, title: i18n.t('printTitle'), source: sources.join(' · ') });
  });
  // As-of date: reload the tiles for the zones valid then.
  const reloadTiles = () => {
    const src = map.getSource('zones');
    if (src?.setUrl) src.setUrl(style.sources.zones.url);
    map.getSource('labels')?.setData(new URL(labelsURL(), location.href).href);
    loadLabels();
    saveView();
  };
  zg.reloadTiles = () => {
    state.tileRev++;
    reloadTiles();
  };
  // Editing: terra-draw needs the style loaded.
  const startEdit = () => {
    zg.edit = initEdit({ map, maplibregl, i18n, layers: state.layers, reloadTiles: zg.reloadTiles });
  };
  if (map.loaded()) startEdit(); else map.once('load', startEdit);
  if (state.at) $('at-input').value = state.at;
  $('at-input').addEventListener('change', (e) => {
    state.at = e.target.value;
    reloadTiles();
  });
  $('at-clear').addEventListener('click', () => {
    $('at-input').value = '';
    state.at = '';
    reloadTiles();
  });

  // Inspect-here tool.
  const inspectBtn = $('inspect-btn');
  const card = $('inspect-card');
  const result = $('inspect-result');
  const inspectMarker = new maplibregl.Marker({ color: '#d7263d' });
  const setInspecting = (on) => {
    state.inspecting = on;
    inspectBtn.setAttribute('aria-pressed', String(on));
    inspectBtn.classList.toggle('active', on);
    inspectBtn.querySelector('span').textContent = i18n.t(on ? 'inspectCancel' : 'inspectHere');
    $('inspect-hint').hidden = !on || !!state.inspectPos;
    map.getCanvas().style.cursor = on ? 'crosshair' : '';
    if (on) popup.remove();
    if (!on) {
      card.hidden = true;
      inspectMarker.remove();
      state.inspectPos = null;
      state.lastDecision = null;
      result.hidden = true;
    }
  };
  function pickInspectPoint(ll) {
    state.inspectPos = [Number(ll.lng.toFixed(6)), Number(ll.lat.toFixed(6))];
    inspectMarker.setLngLat(state.inspectPos).addTo(map);
    $('inspect-pos').textContent = `${state.inspectPos[0].toFixed(6)}, ${state.inspectPos[1].toFixed(6)}`;
    $('inspect-hint').hidden = true;
    result.hidden = true;
    state.lastDecision = null;
    card.hidden = false;
  }
  inspectBtn.addEventListener('click', () => setInspecting(!state.inspecting));
  $('inspect-close').addEventListener('click', () => setInspecting(false));
  $('inspect-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!state.inspectPos) return;
    const submit = $('inspect-submit');
    submit.disabled = true;
    submit.textContent = i18n.t('checking');
    try {
      state.lastDecision = await postCheck(checkRequest(e.target, state.inspectPos, state.at));
      renderDecision(result, state.lastDecision, i18n);
      card.scrollTop = 0;
    } catch (err) {
      state.lastDecision = null;
      renderError(result, err, i18n);
    } finally {
      submit.disabled = false;
      submit.textContent = i18n.t('check');
    }
  });

  // Language toggle.
  const langBtn = $('lang-btn');
  const labelLang = () => { langBtn.textContent = i18n.lang === 'zh' ? 'EN' : '中文'; };
  labelLang();
  langBtn.addEventListener('click', () => {
    i18n.set(i18n.lang === 'zh' ? 'en' : 'zh');
    try { localStorage.setItem('zonegate.lang', i18n.lang); } catch { /* private mode */ }
  });
  i18n.onChange(() => {
    labelLang();
    drawLayerList();
    drawTerrain();
    drawBasemapInfo();
    zg.stats?.relabel();
    zg.ops?.relabel();
    zg.analysis?.relabel();
    inspectBtn.querySelector('span').textContent = i18n.t(state.inspecting ? 'inspectCancel' : 'inspectHere');
    if (state.lastDecision) renderDecision(result, state.lastDecision, i18n);
    if (state.popupFeatures) showPopup(state.popupFeatures.lngLat, state.popupFeatures.features);
  });
}

start().catch((err) => {
  console.error(err);
  window.zonegate = { ...(window.zonegate ?? {}), ready: false, fatal: String(err.message ?? err) };
  const box = document.getElementById('map');
  box.replaceChildren(el('div', { class: 'fatal' }, `${err.message ?? err}`));
});
