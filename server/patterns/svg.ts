/**
 * Pattern charts as plain SVG strings, drawn on the server: every mark a link to the stories behind it, with a
 * title a screen reader reads; the same numbers are always in a table beside the chart.
 */
import { escapeXml } from '../web/xml.ts';
import { LINE, textLines, widthOf, wrap } from './svg-text.ts';

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
    // Drawn at its own size (text at 13px): a narrow screen scrolls its box (screen.css) rather than shrink it.
    `<svg class="pattern-chart" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" direction="ltr" role="group" aria-labelledby="${id}-title" aria-describedby="${id}-desc">` +
    `<title id="${id}-title">${escapeXml(title)}</title><desc id="${id}-desc">${escapeXml(desc)}</desc>${body}</svg>`
  );
}

const short = (text: string, max = 28) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Horizontal bars, one per group (or bin), longest = most stories; a long label wraps onto a second line. */
export function barsSvg(id: string, title: string, desc: string, bars: Mark[], markLabel: (m: Mark) => string): string {
  const most = Math.max(1, ...bars.map((b) => b.count));
  const labels = bars.map((b) => wrap(b.label, 28, 2));
  const rows = labels.map((l) => (l.length > 1 ? 26 + LINE : 26));
  // Wide enough for a 28-character line at the chart's font size.
  const left = 230;
  const width = 600;
  let top = 4;
  const body = bars
    .map((b, i) => {
      const y = top + (rows[i]! - 26) / 2;
      top += rows[i]!;
      const w = Math.max(b.count > 0 ? 2 : 0, ((width - left - 50) * b.count) / most);
      const lines = labels[i]!;
      return (
        textLines(left - 8, y + 14 - ((lines.length - 1) * LINE) / 2, 'right', lines, b.label) +
        linked(
          b.href,
          markLabel(b),
          `<rect x="${left}" y="${y}" width="${w.toFixed(1)}" height="18" class="pattern-chart__bar"/>`,
        ) +
        `<text x="${(left + w + 6).toFixed(1)}" y="${y + 14}" class="pattern-chart__value" aria-hidden="true">${b.count}</text>`
      );
    })
    .join('');
  return frame(id, title, desc, width, top + 4, body);
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
        `<text transform="translate(${left + j * size + size / 2},${top - 8}) rotate(-45)" class="pattern-chart__label" aria-hidden="true">${c.length > 18 ? `<title>${escapeXml(c)}</title>` : ''}${escapeXml(short(c, 18))}</text>`,
    )
    .join('');
  const sides = rows
    .map((r, i) => {
      const lines = wrap(r, 28, 2);
      return textLines(left - 8, top + i * size + size / 2 + 5 - ((lines.length - 1) * LINE) / 2, 'right', lines, r);
    })
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

/** A scale drawn along one side of a chart: what it measures, and its two ends in words and numbers. */
export interface Axis {
  label: string;
  /** The words at its lowest and highest points (a slider's own end labels). */
  ends: [string, string];
  /** The numbers there (a slider's 0 and 100): the chart runs the whole scale, not just the answers given. */
  values: [number, number];
  /** Those numbers as the page's language writes them (views.ts figure). */
  written: [string, string];
}

/** An end of a scale as lines: its number, and its words when they say more than the number. */
function endLines(axis: Axis, end: 0 | 1, width: number): string[] {
  const number = axis.written[end];
  const words = axis.ends[end].trim();
  return words === '' || words === number ? [number] : [number, ...wrap(words, width, 3)];
}
const endText = (axis: Axis, end: 0 | 1) => `${axis.written[end]} ${axis.ends[end]}`;

/**
 * The x axis under a plot from x0 to x1 whose bottom is at y: each end's number and words with their edge at
 * that end, and what the axis measures below them. Gives the SVG and the height it takes.
 */
function xAxis(axis: Axis, x0: number, x1: number, y: number, width: number): [string, number] {
  const [low, high] = [endLines(axis, 0, 24), endLines(axis, 1, 24)];
  const under = y + 18 + Math.max(low.length, high.length) * LINE + 6;
  const measures = wrap(axis.label, 64, 2);
  return [
    `<line x1="${x0}" y1="${y}" x2="${x1}" y2="${y}" class="pattern-chart__axis"/>` +
      textLines(x0, y + 18, 'left', low, endText(axis, 0)) +
      textLines(x1, y + 18, 'right', high, endText(axis, 1)) +
      textLines(width / 2, under, 'middle', measures, axis.label),
    under - y + (measures.length - 1) * LINE + 10,
  ];
}

const circle = (cx: number, cy: number, count: number) =>
  `<circle cx="${cx.toFixed(1)}" cy="${cy.toFixed(1)}" r="${(4 + 2 * Math.sqrt(count - 1)).toFixed(1)}" class="pattern-chart__point"/>`;

const PLOT = 420;
const RIGHT = 24;

/** Two scales: points across (x) and up (y), each given 0–1 of its scale; a point grows with its stories. */
export function scatterSvg(
  id: string,
  title: string,
  desc: string,
  axes: { x: Axis; y: Axis },
  points: Point[],
  pointLabel: (p: Point) => string,
): string {
  const [low, high] = [endLines(axes.y, 0, 14), endLines(axes.y, 1, 14)];
  // The y axis's end labels sit left of it, the number at the axis's end: the plot starts where the widest ends.
  const left = Math.max(48, widthOf([...low, ...high]) + 16);
  const measures = wrap(axes.y.label, 64, 2);
  const top = 16 + measures.length * LINE + 16;
  const height = 240;
  const width = left + PLOT + RIGHT;
  const px = (x: number) => left + x * PLOT;
  const py = (y: number) => top + height - y * height;
  const [under, below] = xAxis(axes.x, left, px(1), py(0), width);
  const body =
    textLines(8, 18, 'left', measures, axes.y.label) +
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${py(0)}" class="pattern-chart__axis"/>` +
    textLines(left - 8, py(0) + 4 - (low.length - 1) * LINE, 'right', [...low.slice(1), low[0]!], endText(axes.y, 0)) +
    textLines(left - 8, py(1) + 4, 'right', high, endText(axes.y, 1)) +
    under +
    points.map((p) => linked(p.href, pointLabel(p), circle(px(p.x), py(p.y), p.count))).join('');
  return frame(id, title, desc, width, py(0) + below, body);
}

export interface StripPoint extends Mark {
  /** 0–1 of the scale. */
  x: number;
  /** Which group's strip. */
  row: number;
}

/** A scale across the groups of a choice: a strip per group, its label wrapped in full beside it. */
export function stripsSvg(
  id: string,
  title: string,
  desc: string,
  axes: { x: Axis; groups: string; rows: string[] },
  points: StripPoint[],
  pointLabel: (p: StripPoint) => string,
): string {
  const labels = axes.rows.map((r) => wrap(r, 24, 3));
  const heading = wrap(axes.groups, 24, 2);
  const left = widthOf([...labels.flat(), ...heading]) + 16;
  const width = left + PLOT + RIGHT;
  const top = 12 + heading.length * LINE + 12;
  const heights = labels.map((l) => Math.max(36, l.length * LINE + 14));
  const middles = heights.map((h, i) => top + heights.slice(0, i).reduce((s, x) => s + x, 0) + h / 2);
  const bottom = top + heights.reduce((s, x) => s + x, 0);
  const px = (x: number) => left + x * PLOT;
  const [under, below] = xAxis(axes.x, left, px(1), bottom, width);
  const strips = labels
    .map(
      (lines, i) =>
        `<line x1="${left}" y1="${middles[i]!.toFixed(1)}" x2="${px(1)}" y2="${middles[i]!.toFixed(1)}" class="pattern-chart__axis" stroke-opacity="0.35"/>` +
        textLines(left - 8, middles[i]! + 4.5 - ((lines.length - 1) * LINE) / 2, 'right', lines, axes.rows[i]!),
    )
    .join('');
  const body =
    textLines(left - 8, 12 + LINE - 3, 'right', heading, axes.groups) +
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${bottom}" class="pattern-chart__axis"/>` +
    strips +
    under +
    points.map((p) => linked(p.href, pointLabel(p), circle(px(p.x), middles[p.row]!, p.count))).join('');
  return frame(id, title, desc, width, bottom + below, body);
}
