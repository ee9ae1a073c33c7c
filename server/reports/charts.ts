/**
 * Server-rendered bar charts (MSC step 8): plain SVG, no script. Each chart is an image with a title and a
 * description for screen readers, every bar is labelled with its name and number in words on the chart itself
 * (colour is never the only cue), and the same numbers come as a table beside it (rendered by the partial).
 * Colours are from the Okabe–Ito palette, chosen for contrast on white; a second series is also striped.
 */
import { escapeXml } from '../web/xml.ts';

/** Okabe–Ito blue and vermilion: 5.1:1 and 3.9:1 against white. */
export const SERIES_COLOURS = ['#0072B2', '#D55E00'] as const;

export interface Bar {
  label: string;
  value: number;
  /** What the chart and the table say for the number, e.g. "12" or "fewer than 3". */
  text: string;
  /** Drawn without a bar: the number is held back (a small group) so the length must not tell it. */
  hidden?: boolean;
  /** 0 or 1: which series (the second is striped as well as coloured). */
  series?: 0 | 1;
}

export interface Chart {
  id: string;
  title: string;
  description: string;
  /** Column headings for the table beside the chart. */
  labelHeading: string;
  valueHeading: string;
  bars: Bar[];
  svg: string;
  /** A sentence under the chart about what its numbers leave out, if anything. */
  note?: string;
}

const WIDTH = 640;
const ROW = 46;
const BAR = 18;
const LABEL_MAX = 80;

function shorten(text: string): string {
  return text.length > LABEL_MAX ? `${text.slice(0, LABEL_MAX - 1)}…` : text;
}

/** A horizontal bar chart: each row a label above its bar, the number just after the bar's end. */
export function barChart(spec: Omit<Chart, 'svg'>): Chart {
  const { id, title, description, bars } = spec;
  const max = Math.max(1, ...bars.filter((b) => !b.hidden).map((b) => b.value));
  const room = WIDTH - 150;
  const height = Math.max(ROW, bars.length * ROW) + 8;
  const rows = bars.map((bar, i) => {
    const y = i * ROW + 4;
    const width = bar.hidden || bar.value === 0 ? 0 : Math.max(2, Math.round((bar.value / max) * room));
    const series = bar.series ?? 0;
    const fill = series === 1 ? `url(#${id}-stripes)` : SERIES_COLOURS[0];
    const shape =
      width > 0
        ? `<rect x="0" y="${y + 20}" width="${width}" height="${BAR}" fill="${fill}" stroke="${SERIES_COLOURS[series]}" stroke-width="1"/>`
        : '';
    return [
      `<g>`,
      `<text x="0" y="${y + 14}" font-size="14" fill="#1d1d1b">${escapeXml(shorten(bar.label))}</text>`,
      shape,
      `<text x="${width + 6}" y="${y + 34}" font-size="14" font-weight="700" fill="#1d1d1b">${escapeXml(bar.text)}</text>`,
      `</g>`,
    ].join('');
  });
  const stripes =
    `<defs><pattern id="${id}-stripes" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">` +
    `<rect width="8" height="8" fill="${SERIES_COLOURS[1]}"/><rect width="3" height="8" fill="#ffffff"/></pattern></defs>`;
  const svg =
    `<svg class="report-chart__svg" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" direction="ltr" role="img" aria-labelledby="${id}-title ${id}-desc">` +
    `<title id="${id}-title">${escapeXml(title)}</title><desc id="${id}-desc">${escapeXml(description)}</desc>${stripes}${rows.join('')}</svg>`;
  return { ...spec, svg };
}

/** A chart's description in words: every bar's label and number, for people who cannot see it. */
export function describeBars(lead: string, bars: Bar[]): string {
  if (bars.length === 0) return lead;
  return `${lead} ${bars.map((b) => `${b.label}: ${b.text}`).join('; ')}.`;
}
