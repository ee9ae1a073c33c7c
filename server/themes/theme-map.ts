/**
 * The theme map: stories placed in two dimensions, coloured and shaped by theme (shape too, so colour is never the
 * only cue), each point a link to its story. Prepared here as plain numbers; views/themes/map.hbs draws the SVG.
 */
export interface MapPoint {
  id: number;
  code: string;
  title: string;
  x: number;
  y: number;
  theme_id: number;
}

export interface MapTheme {
  id: number;
  name: string;
}

const SHAPES = ['circle', 'square', 'triangle', 'diamond'] as const;
const COLOURS = 8; // .map-colour-0 … -7 in screen.css: a colour-blind-safe palette

export const MAP_WIDTH = 800;
export const MAP_HEIGHT = 560;
const MARGIN = 20;
const R = 6;

function shapeAt(
  shape: (typeof SHAPES)[number],
  cx: number,
  cy: number,
): { kind: string; points?: string; x?: number; y?: number } {
  const f = (n: number) => n.toFixed(1);
  if (shape === 'square') return { kind: 'rect', x: cx - R * 0.85, y: cy - R * 0.85 };
  if (shape === 'triangle')
    return {
      kind: 'polygon',
      points: `${f(cx)},${f(cy - R)} ${f(cx + R)},${f(cy + R * 0.8)} ${f(cx - R)},${f(cy + R * 0.8)}`,
    };
  if (shape === 'diamond')
    return {
      kind: 'polygon',
      points: `${f(cx)},${f(cy - R)} ${f(cx + R)},${f(cy)} ${f(cx)},${f(cy + R)} ${f(cx - R)},${f(cy)}`,
    };
  return { kind: 'circle' };
}

/** Scales the points into the drawing, at most `max` of them (an even sample, said on the page). */
export function mapView(points: MapPoint[], themes: MapTheme[], storyHref: (id: number) => string, max = 2000) {
  const order = new Map(themes.map((t, i) => [t.id, i]));
  const shown = points.length > max ? points.filter((_, i) => i % Math.ceil(points.length / max) === 0) : points;
  const xs = shown.map((p) => p.x);
  const ys = shown.map((p) => p.y);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const scale = (v: number, lo: number, hi: number, size: number) =>
    hi > lo ? MARGIN + ((v - lo) / (hi - lo)) * (size - 2 * MARGIN) : size / 2;
  const style = (themeId: number) => {
    const i = order.get(themeId) ?? 0;
    return { colour: `map-colour-${i % COLOURS}`, shape: SHAPES[Math.floor(i / COLOURS) % SHAPES.length]! };
  };
  const name = new Map(themes.map((t) => [t.id, t.name]));
  return {
    width: MAP_WIDTH,
    height: MAP_HEIGHT,
    r: R,
    side: (R * 1.7).toFixed(1),
    shown: shown.length,
    total: points.length,
    points: shown.map((p) => {
      const cx = scale(p.x, minX, maxX, MAP_WIDTH);
      const cy = scale(p.y, minY, maxY, MAP_HEIGHT);
      const s = style(p.theme_id);
      return {
        href: storyHref(p.id),
        label: `${p.code} ${p.title} — ${name.get(p.theme_id) ?? ''}`,
        cx: cx.toFixed(1),
        cy: cy.toFixed(1),
        colour: s.colour,
        ...shapeAt(s.shape, cx, cy),
      };
    }),
    legend: themes.map((t) => {
      const s = style(t.id);
      return {
        id: t.id,
        name: t.name,
        colour: s.colour,
        count: points.filter((p) => p.theme_id === t.id).length,
        ...shapeAt(s.shape, 10, 10),
      };
    }),
  };
}
