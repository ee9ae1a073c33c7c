/**
 * Pattern charts as plain SVG strings, drawn on the server: every mark a link to the stories behind it, with a
 * title a screen reader reads; the same numbers are always in a table beside the chart.
 */
import { escapeXml } from '../web/xml.ts';

export interface Mark {
  label: string;
  count: number;
  href?: string;
}

const linked = (href: string | undefined, label: string, shape: string) =>
  href
    ? `<a href="${escapeXml(href)}" aria-label="${escapeXml(label)}"><title>${escapeXml(label)}</title>${shape}</a>`
    : `<g><title>${escapeXml(label)}</title>${shape}</g>`;

function frame(id: string, title: string, desc: string, width: number, height: number, body: string): string {
  return (
    `<svg class="pattern-chart" viewBox="0 0 ${width} ${height}" direction="ltr" role="group" aria-labelledby="${id}-title" aria-describedby="${id}-desc">` +
    `<title id="${id}-title">${escapeXml(title)}</title><desc id="${id}-desc">${escapeXml(desc)}</desc>${body}</svg>`
  );
}

const short = (text: string, max = 28) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Horizontal bars, one per group (or bin), longest = most stories. */
export function barsSvg(id: string, title: string, desc: string, bars: Mark[], markLabel: (m: Mark) => string): string {
  const most = Math.max(1, ...bars.map((b) => b.count));
  const row = 26;
  // Wide enough for a 28-character label at the chart's font size.
  const left = 230;
  const width = 600;
  const body = bars
    .map((b, i) => {
      const y = i * row + 4;
      const w = Math.max(b.count > 0 ? 2 : 0, ((width - left - 50) * b.count) / most);
      return (
        `<text x="${left - 8}" y="${y + 15}" text-anchor="end" class="pattern-chart__label">${escapeXml(short(b.label))}</text>` +
        linked(
          b.href,
          markLabel(b),
          `<rect x="${left}" y="${y}" width="${w.toFixed(1)}" height="${row - 8}" class="pattern-chart__bar"/>`,
        ) +
        `<text x="${(left + w + 6).toFixed(1)}" y="${y + 15}" class="pattern-chart__value">${b.count}</text>`
      );
    })
    .join('');
  return frame(id, title, desc, width, bars.length * row + 8, body);
}

export interface Cell extends Mark {
  row: number;
  col: number;
  /** More stories than independence would expect. */
  over: boolean;
}

/** A grid of squares, area by count; darker where there are more stories than expected. */
export function gridSvg(
  id: string,
  title: string,
  desc: string,
  rows: string[],
  cols: string[],
  cells: Cell[],
  cellLabel: (c: Cell) => string,
): string {
  const size = 46;
  const left = 230;
  const top = 110;
  const most = Math.max(1, ...cells.map((c) => c.count));
  const heads = cols
    .map(
      (c, j) =>
        `<text transform="translate(${left + j * size + size / 2},${top - 8}) rotate(-45)" class="pattern-chart__label">${escapeXml(short(c, 18))}</text>`,
    )
    .join('');
  const sides = rows
    .map(
      (r, i) =>
        `<text x="${left - 8}" y="${top + i * size + size / 2 + 5}" text-anchor="end" class="pattern-chart__label">${escapeXml(short(r))}</text>`,
    )
    .join('');
  const marks = cells
    .filter((c) => c.count > 0)
    .map((c) => {
      const side = Math.max(4, (size - 6) * Math.sqrt(c.count / most));
      const x = left + c.col * size + (size - side) / 2;
      const y = top + c.row * size + (size - side) / 2;
      const cls = c.over ? 'pattern-chart__cell pattern-chart__cell--over' : 'pattern-chart__cell';
      return linked(
        c.href,
        cellLabel(c),
        `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${side.toFixed(1)}" height="${side.toFixed(1)}" class="${cls}"/>`,
      );
    })
    .join('');
  // Room on the right for the last column's slanted label.
  return frame(id, title, desc, left + cols.length * size + 110, top + rows.length * size + 10, heads + sides + marks);
}

export interface Point extends Mark {
  x: number;
  y: number;
}

/** Points on two axes (x across, y up, each given 0–1); a point's size grows with the stories at that place. */
export function pointsSvg(
  id: string,
  title: string,
  desc: string,
  axes: { x: [string, string]; y: [string, string]; xLabel: string; yLabel: string },
  points: Point[],
  pointLabel: (p: Point) => string,
): string {
  const [w, h, pad] = [560, 360, 60];
  const px = (x: number) => pad + x * (w - 2 * pad);
  const py = (y: number) => h - pad - y * (h - 2 * pad);
  const axis =
    `<line x1="${pad}" y1="${h - pad}" x2="${w - pad}" y2="${h - pad}" class="pattern-chart__axis"/>` +
    `<line x1="${pad}" y1="${pad}" x2="${pad}" y2="${h - pad}" class="pattern-chart__axis"/>` +
    `<text x="${pad}" y="${h - pad + 20}" class="pattern-chart__label">${escapeXml(short(axes.x[0], 20))}</text>` +
    `<text x="${w - pad}" y="${h - pad + 20}" text-anchor="end" class="pattern-chart__label">${escapeXml(short(axes.x[1], 20))}</text>` +
    `<text x="${w / 2}" y="${h - 10}" text-anchor="middle" class="pattern-chart__label">${escapeXml(short(axes.xLabel, 50))}</text>` +
    `<text x="${pad - 6}" y="${h - pad}" text-anchor="end" class="pattern-chart__label">${escapeXml(short(axes.y[0], 8))}</text>` +
    `<text x="${pad - 6}" y="${pad + 4}" text-anchor="end" class="pattern-chart__label">${escapeXml(short(axes.y[1], 8))}</text>` +
    `<text x="${pad}" y="${pad - 16}" class="pattern-chart__label">${escapeXml(short(axes.yLabel, 50))}</text>`;
  const marks = points
    .map((p) =>
      linked(
        p.href,
        pointLabel(p),
        `<circle cx="${px(p.x).toFixed(1)}" cy="${py(p.y).toFixed(1)}" r="${(4 + 2 * Math.sqrt(p.count - 1)).toFixed(1)}" class="pattern-chart__point"/>`,
      ),
    )
    .join('');
  return frame(id, title, desc, w, h, axis + marks);
}
