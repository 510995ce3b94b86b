// Editing panel: an editor signs in with a bearer token, draws or reshapes
// polygons with terra-draw, saves them as drafts (OGC API Features Part 4),
// publishes them with a validity, and looks at a zone's history.
import {
  TerraDraw, TerraDrawPolygonMode, TerraDrawSelectMode, ValidateNotSelfIntersecting,
} from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';

import { el } from './dom.js';
import { api, historyRow, versionFeature } from './editapi.js';

const TOKEN_KEY = 'zonegate.token';
const $ = (id) => document.getElementById(id);

function readToken() {
  try { return sessionStorage.getItem(TOKEN_KEY) || ''; } catch { return ''; }
}

function writeToken(v) {
  try {
    if (v) sessionStorage.setItem(TOKEN_KEY, v); else sessionStorage.removeItem(TOKEN_KEY);
  } catch { /* storage disabled: the token lives for this page only */ }
}

// newDraw starts terra-draw on map with a polygon mode that refuses
// self-intersections and a select mode that edits vertices.
function newDraw(map) {
  const valid = (f) => ValidateNotSelfIntersecting(f);
  const draw = new TerraDraw({
    adapter: new TerraDrawMapLibreGLAdapter({ map }),
    modes: [
      new TerraDrawPolygonMode({ validation: valid }),
      new TerraDrawSelectMode({
        flags: {
          polygon: {
            feature: {
              draggable: true,
              coordinates: { midpoints: true, draggable: true, deletable: true },
            },
          },
        },
        validation: valid,
      }),
    ],
  });
  draw.start();
  return draw;
}

// initEdit wires the edit card. ctx: {map, maplibregl, i18n, layers,
// reloadTiles}. It returns {active(), onZoneClick(features)}.
export function initEdit({ map, maplibregl, i18n, layers, reloadTiles }) {
  const state = {
    token: readToken(),
    drafts: new Map(), // server id -> {layer, id, etag, status, tdId, name}
    byTd: new Map(), // terra-draw id -> server id
    publishing: null,
    mode: 'static',
  };
  const draw = newDraw(map);
  const errMarker = new maplibregl.Marker({ color: '#d7263d', className: 'zg-invalid-vertex' });
  const msg = $('edit-msg');
  const say = (text, kind = 'ok') => {
    msg.textContent = text;
    msg.className = `edit-msg edit-msg-${kind}`;
    msg.hidden = !text;
  };

  // Layer picker: polygon layers other than the admin base map.
  const layerSel = $('edit-layer');
  const polygonLayers = layers.filter((l) => l.geometry_type === 'polygon' && l.kind !== 'admin');
  const fillLayers = () => layerSel.replaceChildren(...polygonLayers.map((l) => el('option', { value: l.id }, `${i18n.title(l.title)} (${l.id})`)));
  fillLayers();

  const setMode = (mode) => {
    state.mode = mode;
    draw.setMode(mode);
    $('edit-draw').classList.toggle('active', mode === 'polygon');
    $('edit-select').classList.toggle('active', mode === 'select');
  };

  const showSignedIn = () => {
    const on = !!state.token;
    $('edit-signin').hidden = on;
    $('edit-tools').hidden = !on;
    if (!on) setMode('static');
  };
  $('edit-signin').addEventListener('submit', (e) => {
    e.preventDefault();
    state.token = $('edit-token').value.trim();
    $('edit-token').value = '';
    writeToken(state.token);
    showSignedIn();
    say('');
  });
  $('edit-signout').addEventListener('click', () => {
    state.token = '';
    writeToken('');
    showSignedIn();
    say('');
  });
  showSignedIn();

  $('edit-draw').addEventListener('click', () => setMode(state.mode === 'polygon' ? 'static' : 'polygon'));
  $('edit-select').addEventListener('click', () => setMode(state.mode === 'select' ? 'static' : 'select'));

  // The feature a save or delete acts on: the selected one, else the last drawn.
  const current = () => {
    const polys = draw.getSnapshot().filter((f) => f.geometry.type === 'Polygon');
    return polys.find((f) => f.properties.selected) ?? polys[polys.length - 1];
  };
  draw.on('finish', (id, ctx) => {
    if (ctx?.action === 'draw') setMode('select');
    if (ctx?.action === 'draw') draw.selectFeature(id);
  });

  $('edit-delete').addEventListener('click', async () => {
    const f = current();
    if (!f) return;
    const sid = state.byTd.get(f.id);
    const d = sid && state.drafts.get(sid);
    if (d) {
      const res = await api(state.token, 'DELETE', `/collections/${d.layer}/items/${encodeURIComponent(d.id)}`, null, { 'If-Match': d.etag });
      if (!res.ok) { say(res.message, 'error'); return; }
      d.status = 'retired';
      state.byTd.delete(f.id);
      renderDrafts();
      reloadTiles();
    }
    draw.removeFeatures([f.id]);
    say(i18n.t('deleted'));
  });

  $('edit-save').addEventListener('click', async () => {
    const f = current();
    if (!f) { say(i18n.t('nothingToSave'), 'error'); return; }
    errMarker.remove();
    const sid = state.byTd.get(f.id);
    const d = sid && state.drafts.get(sid);
    const layer = d?.layer ?? layerSel.value;
    const name = $('edit-name').value.trim() || i18n.t('newZone');
    const body = { type: 'Feature', properties: { name }, geometry: f.geometry };
    const res = d
      ? await api(state.token, 'PUT', `/collections/${layer}/items/${encodeURIComponent(d.id)}`, { ...body, id: d.id }, { 'If-Match': d.etag })
      : await api(state.token, 'POST', `/collections/${layer}/items`, body);
    if (!res.ok) {
      const loc = res.body?.error?.details?.location;
      if (Array.isArray(loc)) errMarker.setLngLat(loc).addTo(map);
      say(res.message, 'error');
      return;
    }
    const id = res.body?.id ?? decodeURIComponent((res.location ?? '').split('/').pop());
    state.drafts.set(id, { layer, id, etag: res.etag, status: 'draft', tdId: f.id, name });
    state.byTd.set(f.id, id);
    renderDrafts();
    say(i18n.t('savedDraft', { id }));
  });

  // Drafts list: what this session saved, each with a publish button.
  const renderDrafts = () => {
    const list = $('edit-drafts');
    const rows = [...state.drafts.values()];
    list.replaceChildren(...(rows.length ? rows.map((d) => el('li', { class: 'draft', 'data-id': d.id, 'data-status': d.status },
      el('span', { class: 'draft-name' }, `${d.name} `, el('code', {}, d.id)),
      el('span', { class: `status status-${d.status}` }, i18n.t(`status_${d.status}`)),
      d.status === 'draft' ? el('button', { class: 'btn btn-small publish-btn', type: 'button', onclick: () => openPublish(d) }, i18n.t('publish')) : null))
      : [el('li', { class: 'muted' }, i18n.t('noDrafts'))]));
  };

  // Publish dialog.
  const dialog = $('publish-dialog');
  const openPublish = (d) => {
    state.publishing = d;
    $('publish-title').textContent = `${i18n.t('publish')}: ${d.name} (${d.id})`;
    $('publish-error').hidden = true;
    dialog.hidden = false;
  };
  $('publish-cancel').addEventListener('click', () => { dialog.hidden = true; });
  $('publish-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const d = state.publishing;
    if (!d) return;
    const req = { valid_from: $('publish-from').value || null, valid_to: $('publish-to').value || null };
    const res = await api(state.token, 'POST', `/v1/zones/${d.layer}/${encodeURIComponent(d.id)}/publish`, req);
    if (!res.ok) {
      $('publish-error').textContent = res.message;
      $('publish-error').hidden = false;
      return;
    }
    dialog.hidden = true;
    d.status = 'published';
    // The tiles now draw the zone; drop the sketch and reload them.
    if (draw.getSnapshotFeature(d.tdId)) draw.removeFeatures([d.tdId]);
    state.byTd.delete(d.tdId);
    renderDrafts();
    reloadTiles();
    say(i18n.t('published', { id: d.id }));
  });

  // History panel: the versions of a clicked zone; a click draws one dashed.
  map.addSource('zg-history', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
  map.addLayer({
    id: 'zg-history-line', type: 'line', source: 'zg-history',
    paint: { 'line-color': '#7a3fc2', 'line-width': 2.5, 'line-dasharray': [2, 2] },
  });
  const showHistory = async (layer, id) => {
    const card = $('history-card');
    const list = $('history-list');
    $('history-zone').textContent = `${layer} / ${id}`;
    card.hidden = false;
    const res = await api(state.token, 'GET', `/v1/zones/${layer}/${encodeURIComponent(id)}/versions`);
    if (!res.ok) { list.replaceChildren(el('li', { class: 'error' }, res.message)); return; }
    list.replaceChildren(...res.body.versions.map((v) => historyRow(v, i18n, async () => {
      const f = await api(state.token, 'GET', `/v1/zones/${layer}/${encodeURIComponent(id)}/versions/${v.version}`);
      if (!f.ok) { say(f.message, 'error'); return; }
      map.getSource('zg-history').setData(versionFeature(f.body));
      state.shown = `${layer}/${id}/v${v.version}`;
      for (const li of list.children) li.classList.toggle('active', li.dataset.version === String(v.version));
    })));
  };
  $('history-close').addEventListener('click', () => {
    $('history-card').hidden = true;
    map.getSource('zg-history').setData({ type: 'FeatureCollection', features: [] });
    state.shown = '';
  });

  renderDrafts();
  i18n.onChange(() => { fillLayers(); renderDrafts(); });

  return {
    // active: clicks on the map belong to the drawing tools.
    active: () => state.mode !== 'static',
    // onZoneClick opens the history of the first editable zone clicked.
    onZoneClick: (features) => {
      if (!state.token) return;
      const f = features.find((x) => polygonLayers.some((l) => l.id === x.sourceLayer));
      if (f) showHistory(f.sourceLayer, f.properties.id ?? f.id);
    },
    // shown names the old version drawn dashed: "layer/id/vN" or ''.
    shown: () => state.shown ?? '',
    draw,
  };
}
