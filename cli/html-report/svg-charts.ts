/**
 * Inline SVG charts for the self-contained HTML report: no script, no external resource, readable by
 * screen readers (role="img" with a title and a description that states the numbers).
 */
export interface BarDatum {
  label: string;
  value: number;
}

export interface LineSeries {
  name: string;
  points: ReadonlyArray<{ x: string; y: number }>;
}

const PALETTE = ['#1a5fb4', '#c01c28', '#26a269', '#a347ba', '#e66100', '#613583', '#1c71d8', '#865e3c'];

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '-';
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

/** Horizontal bars, one per datum, largest first as given. */
export function barChart(title: string, data: readonly BarDatum[], unit = ''): string {
  if (data.length === 0) return `<p class="empty">${escapeHtml(title)}: no data yet.</p>`;
  const width = 640;
  const row = 26;
  const labelWidth = 220;
  const height = data.length * row + 10;
  const max = Math.max(...data.map((datum) => datum.value), 0) || 1;
  const bars = data
    .map((datum, index) => {
      const y = 5 + index * row;
      const length = Math.max(1, ((width - labelWidth - 90) * Math.max(datum.value, 0)) / max);
      return `<text x="${labelWidth - 8}" y="${y + 17}" text-anchor="end">${escapeHtml(datum.label)}</text>
<rect x="${labelWidth}" y="${y + 4}" width="${length.toFixed(1)}" height="${row - 8}" fill="${PALETTE[0]}"/>
<text x="${(labelWidth + length + 6).toFixed(1)}" y="${y + 17}">${escapeHtml(formatNumber(datum.value))}${escapeHtml(unit)}</text>`;
    })
    .join('\n');
  const description = data.map((datum) => `${datum.label}: ${formatNumber(datum.value)}${unit}`).join('; ');
  return `<svg viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${idOf(title)}-t ${idOf(title)}-d">
<title id="${idOf(title)}-t">${escapeHtml(title)}</title><desc id="${idOf(title)}-d">${escapeHtml(description)}</desc>
${bars}
</svg>`;
}

/** One line per series over shared, ordered x labels (dates or weeks). */
export function lineChart(title: string, series: readonly LineSeries[], unit = ''): string {
  const xs = [...new Set(series.flatMap((line) => line.points.map((point) => point.x)))].sort();
  if (xs.length === 0) return `<p class="empty">${escapeHtml(title)}: no data yet.</p>`;
  const width = 640;
  const height = 220;
  const left = 56;
  const bottom = 30;
  const top = 10;
  const max = Math.max(...series.flatMap((line) => line.points.map((point) => point.y)), 0) || 1;
  const xAt = (x: string): number => left + (xs.length === 1 ? (width - left - 10) / 2 : ((width - left - 10) * xs.indexOf(x)) / (xs.length - 1));
  const yAt = (y: number): number => top + (height - top - bottom) * (1 - y / max);
  const lines = series
    .map((line, index) => {
      const color = PALETTE[index % PALETTE.length] as string;
      const points = [...line.points].sort((a, b) => (a.x < b.x ? -1 : 1));
      const path = points.map((point) => `${xAt(point.x).toFixed(1)},${yAt(point.y).toFixed(1)}`).join(' ');
      const dots = points.map((point) => `<circle cx="${xAt(point.x).toFixed(1)}" cy="${yAt(point.y).toFixed(1)}" r="3" fill="${color}"><title>${escapeHtml(`${line.name} ${point.x}: ${formatNumber(point.y)}${unit}`)}</title></circle>`).join('');
      return `<polyline fill="none" stroke="${color}" stroke-width="2" points="${path}"/>${dots}`;
    })
    .join('\n');
  const legend = series
    .map((line, index) => `<li><span class="swatch" style="background:${PALETTE[index % PALETTE.length]}"></span>${escapeHtml(line.name)}</li>`)
    .join('');
  const axis = `<line x1="${left}" y1="${height - bottom}" x2="${width - 10}" y2="${height - bottom}" stroke="#555"/>
<line x1="${left}" y1="${top}" x2="${left}" y2="${height - bottom}" stroke="#555"/>
<text x="${left - 6}" y="${top + 10}" text-anchor="end">${escapeHtml(formatNumber(max))}${escapeHtml(unit)}</text>
<text x="${left - 6}" y="${height - bottom}" text-anchor="end">0</text>
<text x="${left}" y="${height - 8}">${escapeHtml(xs[0] as string)}</text>
<text x="${width - 10}" y="${height - 8}" text-anchor="end">${escapeHtml(xs[xs.length - 1] as string)}</text>`;
  const description = series.map((line) => `${line.name}: ${line.points.map((point) => `${point.x} ${formatNumber(point.y)}${unit}`).join(', ')}`).join('; ');
  return `<svg viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${idOf(title)}-t ${idOf(title)}-d">
<title id="${idOf(title)}-t">${escapeHtml(title)}</title><desc id="${idOf(title)}-d">${escapeHtml(description)}</desc>
${axis}
${lines}
</svg>
<ul class="legend">${legend}</ul>`;
}

function idOf(title: string): string {
  return `c-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')}`;
}
