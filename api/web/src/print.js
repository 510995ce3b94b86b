// Print: a PNG of the current map view for a report or a meeting, composed
// in the page: the map canvas (the map is created with
// preserveDrawingBuffer so it can be read back), a title, the legend of
// the visible layers, a scale bar, a north arrow, the date and the source.
// No server round trip and no library; PDF is left out (no small,
// well-kept library would add more than the browser's own print-to-PDF).

const MARGIN = 24;
const HEADER = 64;
const FOOTER = 40;
const LEGEND_W = 220;

// niceScale picks a scale bar length (1, 2 or 5 × 10^n metres) no longer
// than maxMetres.
export function niceScale(maxMetres) {
  const p = 10 ** Math.floor(Math.log10(maxMetres));
  for (const m of [5, 2, 1]) if (m * p <= maxMetres) return m * p;
  return p;
}

// metresPerPixel at latitude lat and zoom z (512-px tiles, CSS pixels).
export function metresPerPixel(lat, z) {
  return (40075016.686 * Math.cos((lat * Math.PI) / 180)) / (512 * 2 ** z);
}

// composePrint draws the print onto a new canvas and returns it.
// legend is [{label, color, kind}], title and subtitle strings, source the
// attribution text, date the date shown.
export function composePrint({ map, title, legend, source, date, i18n }) {
  const src = map.getCanvas();
  const ratio = src.width / src.clientWidth || 1;
  const mapW = src.clientWidth, mapH = src.clientHeight;
  const W = MARGIN * 2 + mapW + LEGEND_W + MARGIN, H = HEADER + mapH + FOOTER + MARGIN;
  const c = document.createElement('canvas');
  c.width = Math.round(W * ratio);
  c.height = Math.round(H * ratio);
  const g = c.getContext('2d');
  g.scale(ratio, ratio);
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, W, H);
  const font = (px, weight = 400) => `${weight} ${px}px "Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif`;

  // Title and date.
  g.fillStyle = '#1d2430';
  g.font = font(22, 700);
  g.fillText(title, MARGIN, 38);
  g.font = font(13);
  g.fillStyle = '#5b6472';
  g.fillText(`${i18n.t('printDate')} ${date}`, MARGIN, 56);

  // The map, framed.
  const mx = MARGIN, my = HEADER;
  g.drawImage(src, mx, my, mapW, mapH);
  g.strokeStyle = '#394150';
  g.lineWidth = 1;
  g.strokeRect(mx + 0.5, my + 0.5, mapW - 1, mapH - 1);

  // North arrow, top right of the map, turned with the map's bearing.
  g.save();
  g.translate(mx + mapW - 34, my + 40);
  g.rotate((-map.getBearing() * Math.PI) / 180);
  g.fillStyle = 'rgba(255,255,255,0.85)';
  g.beginPath(); g.arc(0, 0, 22, 0, Math.PI * 2); g.fill();
  g.fillStyle = '#1d2430';
  g.beginPath(); g.moveTo(0, -16); g.lineTo(8, 10); g.lineTo(0, 5); g.lineTo(-8, 10); g.closePath(); g.fill();
  g.font = font(11, 700);
  g.textAlign = 'center';
  g.fillText('N', 0, 20);
  g.restore();

  // Scale bar, bottom left of the map.
  const mpp = metresPerPixel(map.getCenter().lat, map.getZoom());
  const metres = niceScale(mpp * 160);
  const px = metres / mpp;
  const sx = mx + 14, sy = my + mapH - 18;
  g.fillStyle = 'rgba(255,255,255,0.85)';
  g.fillRect(sx - 8, sy - 22, px + 16, 32);
  g.fillStyle = '#1d2430';
  g.fillRect(sx, sy, px, 4);
  g.fillRect(sx, sy - 6, 2, 10);
  g.fillRect(sx + px - 2, sy - 6, 2, 10);
  g.font = font(12);
  g.textAlign = 'left';
  g.fillText(metres >= 1000 ? `${metres / 1000} km` : `${metres} m`, sx, sy - 9);

  // Legend beside the map.
  const lx = mx + mapW + MARGIN;
  let ly = my + 4;
  g.fillStyle = '#1d2430';
  g.font = font(15, 700);
  g.fillText(i18n.t('legend'), lx, ly + 12);
  ly += 30;
  g.font = font(12);
  for (const item of legend) {
    g.fillStyle = item.color;
    g.strokeStyle = item.edge ?? item.color;
    if (item.shape === 'line') {
      g.lineWidth = 3;
      g.beginPath(); g.moveTo(lx, ly + 6); g.lineTo(lx + 24, ly + 6); g.stroke();
    } else if (item.shape === 'circle') {
      g.lineWidth = item.color === '#ffffff' ? 3 : 1.5;
      if (item.color !== '#ffffff') g.strokeStyle = '#2e3440';
      g.beginPath(); g.arc(lx + 12, ly + 6, 5.5, 0, Math.PI * 2); g.fill(); g.stroke();
    } else {
      g.globalAlpha = 0.55; g.fillRect(lx, ly, 24, 13); g.globalAlpha = 1;
      g.lineWidth = 1.5; g.strokeRect(lx, ly, 24, 13);
    }
    g.fillStyle = '#1d2430';
    wrap(g, item.label, lx + 32, ly + 11, LEGEND_W - 36, 15).forEach(() => { ly += 15; });
    ly += 8;
    if (ly > my + mapH - 20) break;
  }

  // Source line.
  g.font = font(11);
  g.fillStyle = '#5b6472';
  g.textAlign = 'left';
  g.fillText(`${i18n.t('printSource')} ${source}`.slice(0, 220), MARGIN, HEADER + mapH + 24);
  return c;
}

// wrap writes text in lines of at most width px and returns the lines.
function wrap(g, text, x, y, width, lineH) {
  const lines = [];
  let line = '';
  for (const ch of [...text]) {
    if (g.measureText(line + ch).width > width && line) {
      lines.push(line);
      line = ch;
    } else line += ch;
  }
  if (line) lines.push(line);
  lines.forEach((l, i) => g.fillText(l, x, y + i * lineH));
  return lines;
}

// printMap waits for the map to finish drawing, composes the print and
// downloads it as a PNG; it resolves to the PNG's data URL.
export function printMap(opts) {
  const { map } = opts;
  return new Promise((resolve) => {
    const go = () => {
      const canvas = composePrint(opts);
      const url = canvas.toDataURL('image/png');
      const a = document.createElement('a');
      a.href = url;
      a.download = `zonegate-${opts.date}.png`;
      document.body.append(a);
      a.click();
      a.remove();
      resolve(url);
    };
    map.once('render', go);
    map.triggerRepaint();
  });
}
