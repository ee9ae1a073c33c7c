/**
 * The pattern views as the pages show them: a distribution per dimension, and a view per pair (contingency table,
 * a scale across the groups of a choice, a scatter of two scales). Every bar, cell and point carries the ids of
 * exactly the stories behind it. A group of fewer than 3 stories is shown as a count, never a share.
 */
import type { TFunction } from 'i18next';
import { IDS_MAX } from '../stories/list-filters.ts';
import {
  allNotApplying,
  severalPerStory,
  type ChoiceDimension,
  type Dimension,
  type ScaleDimension,
} from './dimensions.ts';
import { chiSquareTest, kruskalWallis, spearman } from './stats.ts';
import { barsSvg, gridSvg, scatterSvg, stripsSvg, type Axis, type Mark } from './svg.ts';

/** Fewer stories than this in a group: its count is shown, never a share. */
export const SMALL = 3;
/** Fewer stories than this in all: counts only, no tests. */
export const ENOUGH = 20;
/** A chart shows the largest this many groups, and the rest as one bar "others" (the table lists them all). */
export const SHOWN = 20;

/**
 * A number as the page's language writes it (16,47 in French), through its translator's number format; rounded to
 * `decimals` when given. Statistics and scale values go through here, in tables, charts and their text alike.
 */
export const figure = (t: TFunction, value: number, decimals?: number): string =>
  t('patterns.number', { value: decimals === undefined ? value : +value.toFixed(decimals) });

/** The story list holding exactly these stories (none past the list's bound: then no link). */
export function storiesHref(base: string, ids: number[]): string | undefined {
  if (ids.length === 0 || ids.length > IDS_MAX) return undefined;
  return `${base}/stories?ids=${[...ids].sort((a, b) => a - b).join(',')}`;
}

/** A slider every teller answered "does not apply" to: how many did, and where to read them; else undefined. */
export function notApplyingOf(dimension: Dimension, base: string) {
  if (!allNotApplying(dimension)) return undefined;
  const ids = dimension.notApplying ?? [];
  return { key: dimension.key, label: dimension.label, count: ids.length, href: storiesHref(base, ids) };
}

export function share(count: number, total: number): string | undefined {
  return count < SMALL || total < SMALL ? undefined : `${Math.round((100 * count) / total)}%`;
}

export interface Group {
  label: string;
  ids: number[];
}

const largestFirst = (a: Group, b: Group) => b.ids.length - a.ids.length;

/**
 * A choice's groups in the choice's own order when it has one (a question's answers, levels of selection), so
 * "a month ago" never comes after "a year ago"; otherwise largest first (ties in the dimension's order).
 */
export function groupsOf(dimension: ChoiceDimension): Group[] {
  const ids = new Map(dimension.options.map((o) => [o, [] as number[]]));
  for (const [id, values] of dimension.values) for (const v of values) ids.get(v)?.push(id);
  const groups = dimension.options.map((label) => ({ label, ids: ids.get(label)! })).filter((g) => g.ids.length > 0);
  return dimension.ordered ? groups : groups.sort(largestFirst);
}

/**
 * The SHOWN largest groups, in the order given, and the rest as one group "others" (its stories, each once): what
 * charts, tables and tests all use, so the overview's test and the pair page's agree. Without t (tests only),
 * "others" is unnamed.
 */
export function topGroups(t: TFunction | undefined, groups: Group[]): Group[] {
  if (groups.length <= SHOWN) return groups;
  const largest = new Set([...groups].sort(largestFirst).slice(0, SHOWN));
  const rest = groups.filter((g) => !largest.has(g));
  return [
    ...groups.filter((g) => largest.has(g)),
    {
      label: t ? t('patterns.others', { count: rest.length }) : 'others',
      ids: [...new Set(rest.flatMap((g) => g.ids))],
    },
  ];
}

/** A scale's own ends when it has them (a slider: 0–100), else the lowest and highest answers given. */
export function rangeOf(dimension: ScaleDimension): [number, number] {
  if (dimension.range) return dimension.range;
  const all = [...dimension.values.values()];
  return [Math.min(...all), Math.max(...all)];
}

/** Where a value sits along a scale's range, 0–1. */
const along =
  ([low, high]: [number, number]) =>
  (v: number) =>
    high === low ? 0.5 : (v - low) / (high - low);

/** A scale as a chart's axis: the whole range, so its end words stand at its true ends. */
const axisOf = (t: TFunction, dimension: ScaleDimension): Axis => {
  const values = rangeOf(dimension);
  const written: [string, string] = [figure(t, values[0]), figure(t, values[1])];
  return { label: dimension.label, ends: dimension.ends, values, written };
};

/** What an axis's drawn labels say, as one sentence for the chart's description ("… runs from 0 (Very bad) to …"). */
const axisSentence = (t: TFunction, axis: Axis) => {
  const end = (i: 0 | 1) =>
    axis.ends[i].trim() && axis.ends[i].trim() !== axis.written[i]
      ? `${axis.written[i]} (${axis.ends[i].trim()})`
      : axis.written[i];
  return t('patterns.axisEnds', { label: axis.label, low: end(0), high: end(1) });
};

/** How many decimals a scale's answers are given to (at most 6): its bins are labelled to that step. */
const decimalsOf = (values: number[]) =>
  Math.min(6, Math.max(0, ...values.map((v) => (/e/i.test(String(v)) ? 6 : (String(v).split('.')[1] ?? '').length))));

/**
 * Equal-width bins over the scale's range (a 0–100 slider: ten bins of ten, the last holding 100 too). Each bin is
 * labelled by the lowest and highest answers it can hold ("0–9", "10–19", …, "90–100"), worked out by the same rule
 * that puts an answer in a bin, so an answer on a boundary is in exactly the bin its label says. `write` puts the
 * numbers in the page's language (figure).
 */
export function bins(dimension: ScaleDimension, write: (n: number) => string = String): Group[] {
  const all = [...dimension.values.values()];
  if (all.length === 0) return [];
  const [low, high] = rangeOf(dimension);
  const count = dimension.range ? 10 : high === low ? 1 : Math.min(10, Math.max(2, new Set(all).size));
  const width = (high - low) / count || 1;
  const binOf = (v: number) => Math.max(0, Math.min(count - 1, Math.floor((v - low) / width)));
  // Answers are whole numbers on a slider (and often elsewhere): a bin holds the steps between its two labels.
  const decimals = dimension.range ? 0 : decimalsOf(all);
  const step = 10 ** -decimals;
  const at = (k: number) => +(k * step).toFixed(decimals);
  const [first, last] = [Math.ceil(low / step - 1e-9), Math.floor(high / step + 1e-9)];
  /** The lowest and highest steps that binOf puts in bin i (near its edges, then checked against binOf itself). */
  const label = (i: number) => {
    let from = Math.max(first, Math.ceil((low + i * width) / step - 1e-9));
    while (from > first && binOf(at(from - 1)) >= i) from--;
    while (from <= last && binOf(at(from)) < i) from++;
    let to = i === count - 1 ? last : Math.min(last, Math.ceil((low + (i + 1) * width) / step + 1e-9) - 1);
    while (to < last && binOf(at(to + 1)) <= i) to++;
    while (to >= from && binOf(at(to)) > i) to--;
    // No step fits (answers finer than 6 decimals): the bin's edges as they are.
    if (from > to) return `${write(+(low + i * width).toFixed(1))}–${write(+(low + (i + 1) * width).toFixed(1))}`;
    // The outer ends are the lowest and highest answers (or the scale's own ends) exactly.
    const [shownFrom, shownTo] = [i === 0 ? low : at(from), i === count - 1 ? high : at(to)];
    return shownFrom === shownTo ? write(shownFrom) : `${write(shownFrom)}–${write(shownTo)}`;
  };
  const groups = Array.from({ length: count }, (_, i) => ({ label: label(i), ids: [] as number[] }));
  for (const [id, v] of dimension.values) groups[binOf(v)]!.ids.push(id);
  // A slider's first and last bins carry its plain-language ends, so the chart reads without the guide beside it.
  if (dimension.range && count > 1) {
    groups[0]!.label += ` (${dimension.ends[0]})`;
    groups[count - 1]!.label += ` (${dimension.ends[1]})`;
  }
  return groups;
}

export interface Row {
  label: string;
  count: number;
  share?: string;
  href?: string;
}

const rowsOf = (groups: Group[], total: number, base: string, shares: boolean): Row[] =>
  groups.map((g) => ({
    label: g.label,
    count: g.ids.length,
    share: shares ? share(g.ids.length, total) : undefined,
    href: storiesHref(base, g.ids),
  }));

/** A bar's name: its group, count and share, and "show them" only where it links to its stories (not at 0). */
const markLabel = (t: TFunction, total: number, shares: boolean) => (m: Mark) =>
  t(m.href ? 'patterns.markLabel' : 'patterns.markCount', {
    label: m.label,
    count: m.count,
    share: (shares && share(m.count, total)) || '',
  })
    .replace(/ {2,}/g, ' ')
    .trimEnd();

/** One dimension's spread; with too few stories for patterns (`shares` false), counts only. */
export function distributionView(t: TFunction, dimension: Dimension, total: number, base: string, shares = true) {
  const answered = dimension.values.size;
  const notApplying = notApplyingOf(dimension, base);
  const groups = dimension.kind === 'choice' ? groupsOf(dimension) : bins(dimension, (n) => figure(t, n));
  const rows = rowsOf(groups, answered, base, shares);
  const shown = rowsOf(dimension.kind === 'choice' ? topGroups(t, groups) : groups, answered, base, shares);
  const desc = rows.map((r) => `${r.label}: ${r.count}`).join('; ');
  return {
    key: dimension.key,
    label: dimension.label,
    lang: dimension.lang,
    optionsLang: dimension.optionsLang,
    kind: dimension.kind,
    answered,
    notApplying: total - answered,
    empty: answered === 0,
    /** Every teller answered "does not apply": said so, with those stories; the rest of the set had no answer. */
    allNotApplying: notApplying && { ...notApplying, others: total - notApplying.count },
    rows,
    shares,
    onlyOne: rows.length === 1,
    svg:
      answered === 0 ? '' : barsSvg(`d-${dimension.key}`, dimension.label, desc, shown, markLabel(t, answered, shares)),
  };
}

/** The stories in each cell of two choices' groups (the top groups and "others" of each). */
export function crossed(t: TFunction | undefined, a: ChoiceDimension, b: ChoiceDimension) {
  const rows = topGroups(t, groupsOf(a));
  const cols = topGroups(t, groupsOf(b));
  const colSets = cols.map((c) => new Set(c.ids));
  return { rows, cols, counts: rows.map((r) => cols.map((_, j) => r.ids.filter((id) => colSets[j]!.has(id)))) };
}

/** Choice × choice: counts, expected counts, and chi-square with Cramér's V when each story has one of each. */
export function contingencyView(t: TFunction, a: ChoiceDimension, b: ChoiceDimension, base: string, tests: boolean) {
  const { rows, cols, counts } = crossed(t, a, b);
  const independent = !severalPerStory(a) && !severalPerStory(b);
  const test = tests && independent ? chiSquareTest(counts.map((r) => r.map((ids) => ids.length))) : undefined;
  const total = counts.flat().reduce((s, ids) => s + ids.length, 0);
  const rowSums = counts.map((r) => r.reduce((s, ids) => s + ids.length, 0));
  const colSums = cols.map((_, j) => counts.reduce((s, r) => s + r[j]!.length, 0));
  // The totals count each story once (a story with several answers sits in several cells of a row or column).
  const once = (lists: number[][]) => [...new Set(lists.flat())];
  const totalCell = (label: string, ids: number[]) => ({
    count: ids.length,
    href: storiesHref(base, ids),
    label: t('patterns.totalLabel', { label, count: ids.length }),
  });
  const expected = (i: number, j: number) => (total ? (rowSums[i]! * colSums[j]!) / total : 0);
  const table = rows.map((r, i) => ({
    label: r.label,
    cells: cols.map((c, j) => ({
      count: counts[i]![j]!.length,
      expected: figure(t, expected(i, j), 1),
      href: storiesHref(base, counts[i]![j]!),
      label: t('patterns.cellLabel', { row: r.label, col: c.label, count: counts[i]![j]!.length }),
    })),
    total: totalCell(r.label, once(counts[i]!)),
  }));
  const cells = table.flatMap((r, i) =>
    r.cells.map((c, j) => ({
      row: i,
      col: j,
      label: c.label,
      count: c.count,
      href: c.href,
      over: c.count > expected(i, j),
    })),
  );
  const desc = table.map((r) => `${r.label}: ${r.cells.map((c, j) => `${cols[j]!.label} ${c.count}`).join(', ')}`);
  return {
    kind: 'contingency' as const,
    cols: cols.map((c, j) => ({ label: c.label, total: totalCell(c.label, once(counts.map((r) => r[j]!))) })),
    table,
    total: totalCell(`${a.label} × ${b.label}`, once(counts.flat())),
    independent,
    test: test && {
      chiSquare: figure(t, test.chiSquare, 2),
      df: test.df,
      p: pIs(t, test.p),
      cramersV: figure(t, test.cramersV, 2),
      smallExpected: test.expected.flat().some((e) => e < 5),
    },
    svg: gridSvg(
      'pair',
      `${a.label} × ${b.label}`,
      desc.join('; '),
      rows.map((r) => r.label),
      cols.map((c) => c.label),
      cells,
      (c) => c.label,
    ),
  };
}

/** A p-value in the page's language: "0.012", or "< 0.001" for any smaller. */
export function formatP(t: TFunction, p: number): string {
  return p < 0.001 ? `< ${figure(t, 0.001)}` : figure(t, p, 3);
}

/** A test's p-value as said after "p": "= 0.012", or "< 0.001" (never "p = < 0.001"). */
export const pIs = (t: TFunction, p: number): string => (p < 0.001 ? formatP(t, p) : `= ${formatP(t, p)}`);

const median = (values: number[]) => {
  const s = [...values].sort((x, y) => x - y);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** A scale across the groups of a choice: each group's median, and Kruskal–Wallis (Mann–Whitney for two groups). */
export function groupsView(t: TFunction, scale: ScaleDimension, by: ChoiceDimension, base: string, tests: boolean) {
  const groups = topGroups(t, groupsOf(by)).map((g) => ({ ...g, ids: g.ids.filter((id) => scale.values.has(id)) }));
  const kept = groups.filter((g) => g.ids.length > 0);
  const valuesOf = (g: Group) => g.ids.map((id) => scale.values.get(id)!);
  const test = tests && !severalPerStory(by) ? kruskalWallis(kept.map(valuesOf)) : undefined;
  const all = [...scale.values.values()];
  const at = along(rangeOf(scale));
  const points = kept.flatMap((g, i) => {
    const byValue = new Map<number, number[]>();
    for (const id of g.ids) byValue.set(scale.values.get(id)!, [...(byValue.get(scale.values.get(id)!) ?? []), id]);
    return [...byValue].map(([v, ids]) => ({
      x: at(v),
      row: i,
      label: t('patterns.pointGroup', { group: g.label, scale: scale.label, value: figure(t, v), count: ids.length }),
      count: ids.length,
      href: storiesHref(base, ids),
    }));
  });
  return {
    kind: 'groups' as const,
    rows: groups.map((g) => ({
      label: g.label,
      count: g.ids.length,
      median: g.ids.length ? figure(t, median(valuesOf(g)), 1) : undefined,
      href: storiesHref(base, g.ids),
    })),
    test: test && {
      h: figure(t, test.h, 2),
      df: test.df,
      p: pIs(t, test.p),
      effect: figure(t, test.effect, 2),
      twoGroups: test.df === 1,
    },
    svg: all.length
      ? stripsSvg(
          'pair',
          `${scale.label} × ${by.label}`,
          `${groups.map((g) => `${g.label}: ${g.ids.length}`).join('; ')}. ${axisSentence(t, axisOf(t, scale))}`,
          { x: axisOf(t, scale), groups: by.label, rows: kept.map((g) => g.label) },
          points,
          (p) => p.label,
        )
      : '',
  };
}

/** Two scales: a scatter of the stories that answered both, and Spearman's rank correlation. */
export function scatterView(t: TFunction, a: ScaleDimension, b: ScaleDimension, base: string, tests: boolean) {
  const ids = [...a.values.keys()].filter((id) => b.values.has(id));
  const xs = ids.map((id) => a.values.get(id)!);
  const ys = ids.map((id) => b.values.get(id)!);
  const test = tests ? spearman(xs, ys) : undefined;
  const [atX, atY] = [along(rangeOf(a)), along(rangeOf(b))];
  const places = new Map<string, number[]>();
  ids.forEach((id, i) => places.set(`${xs[i]}|${ys[i]}`, [...(places.get(`${xs[i]}|${ys[i]}`) ?? []), id]));
  const points = [...places].map(([place, here]) => {
    const [x, y] = place.split('|').map(Number) as [number, number];
    return {
      x: atX(x),
      y: atY(y),
      rawX: x,
      rawY: y,
      // The answers as the table shows them, in the page's language.
      shownX: figure(t, x),
      shownY: figure(t, y),
      count: here.length,
      href: storiesHref(base, here),
      // Each answer named by its question, as a cross-tab's cell names both answers.
      label: t('patterns.pointScatter', {
        xLabel: a.label,
        x: figure(t, x),
        yLabel: b.label,
        y: figure(t, y),
        count: here.length,
      }),
    };
  });
  return {
    kind: 'scatter' as const,
    both: ids.length,
    points: points.sort((p, q) => p.rawX - q.rawX || p.rawY - q.rawY),
    test: test && { rho: figure(t, test.rho, 2), n: test.n, p: pIs(t, test.p) },
    svg: ids.length
      ? scatterSvg(
          'pair',
          `${a.label} × ${b.label}`,
          [
            t('patterns.scatterDesc', { count: ids.length }),
            axisSentence(t, axisOf(t, a)),
            axisSentence(t, axisOf(t, b)),
          ].join(' '),
          { x: axisOf(t, a), y: axisOf(t, b) },
          points,
          (p) => p.label,
        )
      : '',
  };
}
