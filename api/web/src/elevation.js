// Elevation line of the feature popup, from GET /v1/terrain/elevation.
import { el } from './dom.js';
import { fixed } from './analysisfmt.js';

// appendElevation asks the server for the elevation at lngLat and, when a
// DEM covers it, appends a line to root. Outside the DEMs (404) or on any
// error it adds nothing.
export async function appendElevation(root, lngLat, i18n) {
  try {
    const q = new URLSearchParams({ lon: lngLat.lng.toFixed(6), lat: lngLat.lat.toFixed(6) });
    const res = await fetch(`/v1/terrain/elevation?${q}`);
    if (!res.ok) return;
    const body = await res.json();
    if (!Number.isFinite(body?.elevation_m)) return;
    root.append(el('p', { class: 'zg-elev', 'data-elevation': String(body.elevation_m) },
      el('span', { class: 'muted' }, i18n.t('elevation')), ` ${fixed(body.elevation_m, 1)} m`,
      body.dem ? el('span', { class: 'muted small' }, ` · DEM ${body.dem}`) : null));
  } catch {
    // no elevation line: the popup is complete without it
  }
}
