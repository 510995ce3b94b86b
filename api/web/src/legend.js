import { el } from './dom.js';

// Metadata keys the server puts on style layers (tiles/style).
export const META_LAYER = 'zonegate:layer';
export const META_ROLE = 'zonegate:role';

// styleLayersOf returns the style layers drawing zonegate layer id.
export function styleLayersOf(style, id) {
  return style.layers.filter((l) => l.metadata?.[META_LAYER] === id);
}

// zonegateStyleLayerIds lists every style layer that draws a zonegate layer.
export function zonegateStyleLayerIds(style) {
  return style.layers.filter((l) => l.metadata?.[META_LAYER]).map((l) => l.id);
}

function constant(v, fallback) {
  return typeof v === 'string' || typeof v === 'number' ? v : fallback;
}

// swatch draws a legend symbol from the layer's own style layers, so the
// legend always matches the map.
export function swatch(layers, geometryType) {
  const by = Object.fromEntries(layers.map((l) => [l.metadata[META_ROLE], l]));
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 28 18');
  svg.setAttribute('class', 'swatch');
  const add = (tag, attrs) => {
    const e = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    svg.append(e);
  };
  if (geometryType === 'point' && by.circle) {
    add('circle', { cx: 14, cy: 9, r: 5.5, fill: constant(by.circle.paint['circle-color'], '#888'), stroke: constant(by.circle.paint['circle-stroke-color'], '#333'), 'stroke-width': 1.5 });
    return svg;
  }
  const lineOnly = by.line && (geometryType === 'line' || (!by.fill && !by.circle));
  if (by.fill && by.line && by.line.filter && !lineOnly) {
    // Areas with lines in them (sewer coverage and its sewers): both.
    add('rect', { x: 2, y: 2, width: 24, height: 14, rx: 2, fill: constant(by.fill.paint['fill-color'], '#888'),
      'fill-opacity': Math.min(1, constant(by.fill.paint['fill-opacity'], 1) * 1.6), stroke: 'none' });
    add('path', { d: 'M3 13 L11 7 L18 11 L25 4', fill: 'none', stroke: constant(by.line.paint['line-color'], '#333'), 'stroke-width': 2.2, 'stroke-linecap': 'round', 'stroke-linejoin': 'round' });
  } else if (by.fill && !lineOnly) {
    const edge = by.outline ?? by.line;
    add('rect', {
      x: 2, y: 2, width: 24, height: 14, rx: 2,
      fill: constant(by.fill.paint['fill-color'], '#888'),
      'fill-opacity': Math.min(1, constant(by.fill.paint['fill-opacity'], 1) * 1.6),
      stroke: edge ? constant(edge.paint['line-color'], '#555') : 'none',
      'stroke-width': 1.5,
      'stroke-dasharray': edge?.paint['line-dasharray'] ? '3 1.5' : 'none',
    });
  } else if (by.line) {
    if (by.casing) add('line', { x1: 3, y1: 9, x2: 25, y2: 9, stroke: constant(by.casing.paint['line-color'], '#fff'), 'stroke-width': 6, 'stroke-linecap': 'round' });
    add('line', { x1: 3, y1: 9, x2: 25, y2: 9, stroke: constant(by.line.paint['line-color'], '#333'), 'stroke-width': by.casing ? 3.5 : 2.5, 'stroke-linecap': 'round' });
  }
  if (by.circle && !by.fill && !by.line) {
    add('circle', { cx: 14, cy: 9, r: 5.5, fill: constant(by.circle.paint['circle-color'], '#888'), stroke: constant(by.circle.paint['circle-stroke-color'], '#333'),
      'stroke-width': by.circle.paint['circle-color'] === '#ffffff' ? 3 : 1.5 });
  }
  return svg;
}

// colorOf is the main colour of a zonegate layer, for chips in popups.
export function colorOf(layers) {
  for (const role of ['outline', 'line', 'circle', 'fill']) {
    const l = layers.find((x) => x.metadata[META_ROLE] === role);
    if (!l) continue;
    let v = l.paint[`${l.type}-color`];
    if (v === '#ffffff' && l.type === 'circle') v = l.paint['circle-stroke-color']; // a ring
    if (typeof v === 'string') return v;
  }
  return '#666';
}

// legendItems lists the visible layers for a printed legend: label,
// colour, edge colour and shape (fill, line or circle).
export function legendItems(style, layers, i18n, visible, geometryOf) {
  const out = [];
  for (const l of sortForPanel(layers)) {
    const sls = styleLayersOf(style, l.id);
    if (!sls.length || !visible(l.id) || l.feature_count === 0) continue;
    const roles = new Set(sls.map((x) => x.metadata[META_ROLE]));
    const geom = l.geometry_type === 'any' && geometryOf ? geometryOf(l.id) : l.geometry_type;
    let shape = roles.has('fill') && geom !== 'line' ? 'fill' : roles.has('line') ? 'line' : roles.has('circle') ? 'circle' : 'fill';
    if (geom === 'point' && roles.has('circle')) shape = 'circle';
    const fill = sls.find((x) => x.metadata[META_ROLE] === 'fill');
    const circle = sls.find((x) => x.metadata[META_ROLE] === 'circle');
    const c = colorOf(sls);
    const color = shape === 'fill' ? constant(fill?.paint['fill-color'], c) : shape === 'circle' ? constant(circle?.paint['circle-color'], c) : c;
    const edge = shape === 'circle' && color === '#ffffff' ? c : c;
    out.push({ label: i18n.title(l.title) || l.id, shape, color, edge });
  }
  return out;
}

// PANEL_ORDER lists kinds as the panel shows them: the zones that decide
// checks first, the base map last.
const PANEL_ORDER = ['coal_ban', 'burn_ban', 'built_up', 'clean_heating_600m', 'kiln_relocation',
  'coal_route', 'checkpoint', 'sewer_network', 'sewer_plant', 'custom', 'admin'];

function sortForPanel(layers) {
  const rank = (k) => {
    const i = PANEL_ORDER.indexOf(k);
    return i < 0 ? PANEL_ORDER.indexOf('custom') : i;
  };
  return [...layers].sort((a, b) => rank(a.kind) - rank(b.kind) || a.id.localeCompare(b.id));
}

// renderLayerList fills ul with one row per zonegate layer: checkbox,
// swatch, title, kind and feature count. onToggle(id, visible) is called
// when a checkbox changes; visible(id) gives its current state.
export function renderLayerList(ul, { layers, style, i18n, visible, onToggle, geometryOf }) {
  ul.replaceChildren();
  for (const l of sortForPanel(layers)) {
    const sls = styleLayersOf(style, l.id);
    const input = el('input', {
      type: 'checkbox', 'data-layer': l.id, checked: visible(l.id), disabled: sls.length === 0,
      onchange: (e) => onToggle(l.id, e.target.checked),
    });
    ul.append(el('li', { class: 'layer-row' },
      el('label', {},
        input,
        sls.length ? swatch(sls, l.geometry_type === 'any' && geometryOf ? geometryOf(l.id) : l.geometry_type) : el('span', { class: 'swatch' }),
        el('span', { class: 'layer-text' },
          el('span', { class: 'layer-title' }, i18n.title(l.title) || l.id),
          el('span', { class: 'layer-kind' }, i18n.kind(l.kind))),
        el('span', { class: 'count', title: i18n.t('features') }, String(l.feature_count ?? '')))));
  }
}
