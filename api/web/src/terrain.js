// Relief toggles: the style marks its hillshade and contour layers with
// metadata "zonegate:terrain" = "hillshade" | "contours" (tiles/style); a
// server without a DEM has none, and the toggles are hidden.
import { el } from './dom.js';

export const META_TERRAIN = 'zonegate:terrain';
export const TERRAIN_KINDS = ['hillshade', 'contours'];

// terrainLayerIds returns the style layer ids of relief kind k.
export function terrainLayerIds(style, k) {
  return style.layers.filter((l) => l.metadata?.[META_TERRAIN] === k).map((l) => l.id);
}

// renderTerrainToggles fills ul with a checkbox per relief kind the style
// has and returns how many it made; hidden(k) tells whether k is off.
export function renderTerrainToggles(ul, { style, map, i18n, hidden }) {
  ul.replaceChildren();
  let n = 0;
  for (const k of TERRAIN_KINDS) {
    const ids = terrainLayerIds(style, k);
    if (!ids.length) continue;
    n++;
    const input = el('input', {
      type: 'checkbox', 'data-terrain': k, checked: !hidden.has(k),
      onchange: (e) => {
        if (e.target.checked) hidden.delete(k); else hidden.add(k);
        for (const id of ids) if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', e.target.checked ? 'visible' : 'none');
      },
    });
    ul.append(el('li', { class: 'layer-row' }, el('label', {}, input,
      el('span', { class: `swatch terrain-swatch terrain-${k}` }),
      el('span', { class: 'layer-text' },
        el('span', { class: 'layer-title' }, i18n.t(`terrain_${k}`)),
        el('span', { class: 'layer-kind' }, i18n.t(`terrain_${k}_hint`))))));
  }
  return n;
}
