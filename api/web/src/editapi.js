import { el, formatTime } from './dom.js';

// api sends an authenticated request and never throws on HTTP errors:
// {ok, status, body, etag, location, message}. message carries the
// server's error text (and, for 422s, where the geometry is wrong).
export async function api(token, method, path, body, headers = {}) {
  const h = { ...headers };
  if (token) h.Authorization = `Bearer ${token}`;
  if (body !== null && body !== undefined) h['Content-Type'] = path.includes('/items') ? 'application/geo+json' : 'application/json';
  let res;
  try {
    res = await fetch(path, { method, headers: h, body: body == null ? undefined : JSON.stringify(body) });
  } catch (err) {
    return { ok: false, status: 0, body: null, message: String(err.message ?? err) };
  }
  const json = await res.json().catch(() => null);
  const e = json?.error;
  let message = e?.message ?? (res.ok ? '' : `${res.status} ${res.statusText}`);
  const d = e?.details;
  if (d && d.ring !== undefined) message += ` (polygon ${d.polygon ?? 0}, ring ${d.ring}, vertex ${d.vertex})`;
  return {
    ok: res.ok, status: res.status, body: json, message,
    etag: res.headers.get('ETag'), location: res.headers.get('Location'),
  };
}

// historyRow is one version in the history panel; onShow draws it.
export function historyRow(v, i18n, onShow) {
  const validity = `${formatTime(v.valid_from) ?? '…'} → ${formatTime(v.valid_to) ?? i18n.t('openEnded')}`;
  return el('li', { class: 'version', 'data-version': v.version },
    el('button', { class: 'linkish', type: 'button', onclick: onShow }, `v${v.version}`),
    el('span', { class: `status status-${v.status}` }, i18n.t(`status_${v.status}`)),
    el('span', { class: 'small muted' }, ` ${validity} · ${v.author ?? ''} · ${formatTime(v.updated_at) ?? ''}`));
}

// versionFeature makes a fetched version drawable as a GeoJSON source.
export function versionFeature(f) {
  return { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: f.geometry }] };
}
