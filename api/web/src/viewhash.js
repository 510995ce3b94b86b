// The view in the URL hash, so a link opens the same map:
//   #map=zoom/lat/lon&tab=analysis&at=2020-11-01&hide=layer1,layer2
// parseHash reads it (null fields when absent or malformed); writeHash
// replaces the hash without adding a history entry.

export function parseHash(hash) {
  const q = new URLSearchParams(String(hash ?? '').replace(/^#/, ''));
  const out = { center: null, zoom: null, tab: null, at: null, hidden: null };
  const m = (q.get('map') ?? '').split('/').map(Number);
  if (m.length === 3 && m.every(Number.isFinite) && m[0] >= 0 && m[0] <= 22 && Math.abs(m[1]) <= 90 && Math.abs(m[2]) <= 180) {
    out.zoom = m[0];
    out.center = [m[2], m[1]];
  }
  const tab = q.get('tab');
  if (tab === 'map' || tab === 'ops' || tab === 'analysis') out.tab = tab;
  const at = q.get('at');
  if (at && /^\d{4}-\d{2}-\d{2}$/.test(at)) out.at = at;
  if (q.has('hide')) out.hidden = q.get('hide').split(',').filter(Boolean);
  return out;
}

export function formatHash({ center, zoom, tab, at, hidden }) {
  const parts = [`map=${zoom.toFixed(2)}/${center[1].toFixed(5)}/${center[0].toFixed(5)}`];
  if (tab && tab !== 'map') parts.push(`tab=${tab}`);
  if (at) parts.push(`at=${at}`);
  const hide = [...(hidden ?? [])];
  if (hide.length) parts.push(`hide=${hide.sort().map(encodeURIComponent).join(',')}`);
  return '#' + parts.join('&');
}

export function writeHash(view) {
  const h = formatHash(view);
  if (h !== location.hash) history.replaceState(null, '', location.pathname + location.search + h);
}
