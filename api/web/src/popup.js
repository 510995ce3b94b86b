import { el, formatTime } from './dom.js';
import { colorOf, styleLayersOf } from './legend.js';

// Properties every zonegate tile feature carries; the rest are the zone's own.
const STANDARD = ['id', 'name', 'kind', 'layer', 'version', 'valid_from', 'valid_to'];
const MAX_SHOWN = 4;

// uniqueFeatures keeps the first (topmost) rendered feature per zone.
export function uniqueFeatures(features) {
  const seen = new Set();
  const out = [];
  for (const f of features) {
    const key = `${f.sourceLayer}/${f.properties.id ?? f.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(f);
  }
  return out;
}

function table(rows) {
  return el('table', {}, el('tbody', {}, rows
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => el('tr', {}, el('th', {}, k), el('td', {}, String(v))))));
}

// popupContent renders the attributes of the zones under the cursor,
// topmost first.
export function popupContent(features, { style, layersById, i18n }) {
  const root = el('div', { class: 'zg-popup' });
  for (const f of features.slice(0, MAX_SHOWN)) {
    const p = f.properties;
    const layerID = p.layer ?? f.sourceLayer;
    const layer = layersById.get(layerID);
    const kind = p.kind ?? layer?.kind;
    const color = colorOf(styleLayersOf(style, f.sourceLayer));
    const rows = [
      [i18n.t('layer'), layer ? i18n.title(layer.title) : layerID],
      [i18n.t('kind'), i18n.kind(kind)],
      [i18n.t('id'), p.id],
      [i18n.t('version'), p.version],
      [i18n.t('validFrom'), formatTime(p.valid_from) ?? i18n.t('notSet')],
      [i18n.t('validTo'), formatTime(p.valid_to) ?? i18n.t('openEnded')],
    ];
    const own = Object.entries(p).filter(([k]) => !STANDARD.includes(k));
    root.append(el('section', { class: 'zg-feature' },
      el('h3', {}, el('span', { class: 'chip', style: { background: color } }), p.name || p.id || i18n.t('notSet')),
      table(rows),
      own.length ? el('details', {}, el('summary', {}, i18n.t('properties', { n: own.length })), table(own)) : null));
  }
  if (features.length > MAX_SHOWN) {
    root.append(el('p', { class: 'muted' }, i18n.t('more', { n: features.length - MAX_SHOWN })));
  }
  return root;
}
