// el creates an element: el('div', {class: 'x', onclick: f}, child, 'text').
// Text is always set as text, never parsed as HTML, because zone names and
// properties come from imported data.
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'style' && typeof v === 'object') Object.assign(e.style, v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

// getJSON fetches url and returns its JSON, or throws an Error carrying the
// server's error message (zonegate's {"error":{...}} shape).
export async function getJSON(url, init) {
  const res = await fetch(url, init);
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    const msg = body?.error?.message ?? `${res.status} ${res.statusText}`;
    throw new Error(msg);
  }
  return body;
}

// formatTime shows an RFC 3339 string (or Unix seconds) as a China-time
// date, with the time of day when it is not midnight.
export function formatTime(v) {
  if (v === undefined || v === null || v === '') return null;
  const d = typeof v === 'number' ? new Date(v < 1e11 ? v * 1000 : v) : new Date(v);
  if (Number.isNaN(d.getTime())) return String(v);
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(d).map((p) => [p.type, p.value]));
  const day = `${parts.year}-${parts.month}-${parts.day}`;
  const time = `${parts.hour}:${parts.minute}`;
  return time === '00:00' ? day : `${day} ${time}`;
}

// parseLonLat reads "111.5186, 36.0880" (comma, full-width comma or
// spaces) and returns [lon, lat], or null when it is not a valid position.
export function parseLonLat(s) {
  const m = /^\s*([-+]?\d+(?:\.\d+)?)\s*(?:[,，;]\s*|\s+)([-+]?\d+(?:\.\d+)?)\s*$/.exec(s);
  if (!m) return null;
  const lon = Number(m[1]);
  const lat = Number(m[2]);
  if (!(Math.abs(lon) <= 180 && Math.abs(lat) <= 90)) return null;
  return [lon, lat];
}
