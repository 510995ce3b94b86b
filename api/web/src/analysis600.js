// The area below 600 m per county in the analyses tab: the zones of the
// first layer of kind clean_heating_600m (published by zonegate analyse
// below, one zone per clip zone with its clip_name and area_km2), read
// from the OGC items endpoint. Without such a layer the card stays hidden.
import { el, getJSON } from './dom.js';
import { fixed } from './analysisfmt.js';

export const KIND_600M = 'clean_heating_600m';
const MAX_ITEMS = 1000;

// below600Rows returns one row per feature, {id, name, area_km2, level_m,
// feature}, largest area first, and their total area.
export function below600Rows(features) {
  const rows = (features ?? []).map((f) => ({
    id: String(f.id ?? f.properties?.clip_id ?? ''),
    name: f.properties?.clip_name || f.properties?.name || String(f.id ?? ''),
    area_km2: Number(f.properties?.area_km2),
    level_m: f.properties?.level_m,
    feature: f,
  }));
  rows.sort((a, b) => (b.area_km2 || 0) - (a.area_km2 || 0) || a.name.localeCompare(b.name));
  const total = rows.reduce((s, r) => s + (Number.isFinite(r.area_km2) ? r.area_km2 : 0), 0);
  return { rows, total };
}

// load600 fetches the features of the first clean_heating_600m layer in
// layers; it resolves to {layer, features}, or null when there is none.
export async function load600(layers) {
  const layer = layers.find((l) => l.kind === KIND_600M);
  if (!layer) return null;
  const doc = await getJSON(`/collections/${encodeURIComponent(layer.id)}/items?limit=${MAX_ITEMS}`);
  return { layer, features: doc.features ?? [] };
}

// render600 fills the card from load600's answer (hidden when null);
// clicking a row calls onPick(feature).
export function render600(card, doc, i18n, onPick) {
  card.hidden = !doc;
  if (!doc) return;
  const { rows, total } = below600Rows(doc.features);
  const level = rows.find((r) => r.level_m != null)?.level_m ?? 600;
  card.querySelector('#below600-title').textContent = i18n.t('below600Title', { level });
  const row = (r) => el('tr', {
    class: 'b6-row', 'data-id': r.id, tabindex: '0', title: i18n.t('flyToCounty'),
    onclick: () => onPick(r.feature),
    onkeydown: (e) => { if (e.key === 'Enter') onPick(r.feature); },
  }, el('td', { class: 'sw-name' }, r.name), el('td', { class: 'num' }, `${fixed(r.area_km2, 2)} km²`));
  card.querySelector('#below600-table').replaceChildren(
    el('thead', {}, el('tr', {}, el('th', {}, i18n.t('county')), el('th', { class: 'num' }, i18n.t('below600Area')))),
    el('tbody', {}, rows.map(row)),
    el('tfoot', {}, el('tr', { class: 'sw-total' }, el('td', { class: 'sw-name' }, i18n.t('total')),
      el('td', { class: 'num' }, `${fixed(total, 2)} km²`))));
  card.querySelector('#below600-note').textContent = i18n.t('below600Note', { layer: doc.layer.id });
}
