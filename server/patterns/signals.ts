/**
 * Signals, not verdicts: every pair of dimensions that makes sense is tested once, the p-values corrected together
 * (Benjamini–Hochberg) for how many were compared, and the strongest effects below the corrected threshold listed
 * first as patterns worth a look. Also meta-monitoring: which kinds of stories reach each level of selection.
 */
import type { TFunction } from 'i18next';
import {
  allNotApplying,
  labelWords,
  severalPerStory,
  type ChoiceDimension,
  type Dimension,
  type Reach,
} from './dimensions.ts';
import { benjaminiHochberg, chiSquareTest, kruskalWallis, spearman } from './stats.ts';
import { figure, formatP, groupsOf, share, topGroups } from './views.ts';

/** Patterns whose corrected p-value is below this are listed as worth a look. */
export const FALSE_DISCOVERY = 0.05;

export interface Pair {
  a: string;
  b: string;
  kind: 'contingency' | 'groups' | 'scatter';
}

/** The pairs that make sense: two choices, a scale and a choice (scale first), two scales. */
export function pairsOf(dimensions: Dimension[]): Pair[] {
  const pairs: Pair[] = [];
  dimensions.forEach((a, i) =>
    dimensions.slice(i + 1).forEach((b) => {
      if (a.kind === 'choice' && b.kind === 'choice') pairs.push({ a: a.key, b: b.key, kind: 'contingency' });
      else if (a.kind === 'scale' && b.kind === 'scale') pairs.push({ a: a.key, b: b.key, kind: 'scatter' });
      else if (a.kind === 'scale') pairs.push({ a: a.key, b: b.key, kind: 'groups' });
      else pairs.push({ a: b.key, b: a.key, kind: 'groups' });
    }),
  );
  return pairs;
}

export interface Signal extends Pair {
  label: string;
  /** The two labels apart, each with its language, to mark them on the page. */
  parts: ReturnType<typeof labelWords>[];
  /** Cramér's V, epsilon-squared or |rho|: 0 none, 1 as strong as can be. */
  effect: number;
  effectName: 'cramersV' | 'epsilonSquared' | 'rho';
  p: number;
  adjusted: number;
}

/** A choice's shown groups (topGroups) and each story's group among them, worked out once per dimension. */
interface Grouped {
  several: boolean;
  groups: number;
  /** storyId → index of its group. */
  of: Map<number, number>;
  ids: number[][];
}

function grouped(dimension: ChoiceDimension): Grouped {
  const groups = topGroups(undefined, groupsOf(dimension));
  const of = new Map<number, number>();
  groups.forEach((g, i) => {
    for (const id of g.ids) of.set(id, i);
  });
  return { several: severalPerStory(dimension), groups: groups.length, of, ids: groups.map((g) => g.ids) };
}

/**
 * One test per pair that can be tested (one value per story, enough answers); undefined otherwise. Counted in one
 * pass over the stories, from each choice's groups worked out once (at 100,000 stories, once per pair took seconds).
 */
function test(a: Dimension, b: Dimension, pair: Pair, groupsOfChoice: (d: ChoiceDimension) => Grouped) {
  if (pair.kind === 'contingency') {
    const [rows, cols] = [groupsOfChoice(a as ChoiceDimension), groupsOfChoice(b as ChoiceDimension)];
    if (rows.several || cols.several) return undefined;
    const counts = Array.from({ length: rows.groups }, () => new Array<number>(cols.groups).fill(0));
    for (const [id, i] of rows.of) {
      const j = cols.of.get(id);
      if (j !== undefined) counts[i]![j]!++;
    }
    const result = chiSquareTest(counts);
    return result && { effect: result.cramersV, effectName: 'cramersV' as const, p: result.p };
  }
  if (pair.kind === 'groups') {
    const scale = a as Extract<Dimension, { kind: 'scale' }>;
    const choice = groupsOfChoice(b as ChoiceDimension);
    if (choice.several) return undefined;
    const groups = choice.ids.map((ids) => ids.filter((id) => scale.values.has(id)).map((id) => scale.values.get(id)!));
    const result = kruskalWallis(groups);
    return result && { effect: result.effect, effectName: 'epsilonSquared' as const, p: result.p };
  }
  const ids = [...a.values.keys()].filter((id) => b.values.has(id));
  const result = spearman(
    ids.map((id) => (a.values.get(id) as number) ?? 0),
    ids.map((id) => (b.values.get(id) as number) ?? 0),
  );
  return result && { effect: Math.abs(result.rho), effectName: 'rho' as const, p: result.p };
}

/**
 * Every testable pair with its corrected p-value; `compared` is how many were tested (the correction's m). A slider
 * every teller answered "does not apply" to is left out, and named in `leftOut` so the page can say so.
 */
export function signals(all: Dimension[]): {
  compared: number;
  worthALook: Signal[];
  leftOut: { key: string; label: string; lang?: string }[];
} {
  const dimensions = all.filter((d) => !allNotApplying(d));
  const byKey = new Map(dimensions.map((d) => [d.key, d]));
  const known = new Map<string, Grouped>();
  const groupsOfChoice = (d: ChoiceDimension) => known.get(d.key) ?? known.set(d.key, grouped(d)).get(d.key)!;
  const tested = pairsOf(dimensions).flatMap((pair) => {
    const [a, b] = [byKey.get(pair.a)!, byKey.get(pair.b)!];
    const result = test(a, b, pair, groupsOfChoice);
    return result && Number.isFinite(result.p)
      ? [{ ...pair, ...result, label: `${a.label} × ${b.label}`, parts: [labelWords(a), labelWords(b)] }]
      : [];
  });
  const adjusted = benjaminiHochberg(tested.map((s) => s.p));
  const found = tested.map((s, i) => ({ ...s, adjusted: adjusted[i]! }));
  return {
    compared: found.length,
    worthALook: found.filter((s) => s.adjusted < FALSE_DISCOVERY).sort((x, y) => y.effect - x.effect || x.p - y.p),
    leftOut: all.filter(allNotApplying).map((d) => ({ key: d.key, label: d.label, lang: d.lang })),
  };
}

/** A signal as the overview's table shows it, its numbers in the page's language. */
export const shownSignal = (t: TFunction) => (s: Signal) => ({
  ...s,
  effect: figure(t, s.effect, 2),
  p: formatP(t, s.p),
  adjusted: formatP(t, s.adjusted),
});

/**
 * Which stories reach selection, by the groups of each choice: how many were told, read by a panel, and chosen at
 * each level (a share only for 3 stories or more, and only when there are enough stories for patterns), and the
 * groups none of whose stories was chosen.
 */
export function reachingSelection(t: TFunction, dimensions: Dimension[], reach: Reach, shares: boolean) {
  if (reach.read.size === 0) return [];
  return dimensions
    .filter((d): d is ChoiceDimension => d.kind === 'choice' && d.key !== 'selection')
    .map((d) => {
      const groups = topGroups(t, groupsOf(d));
      const rows = groups.map((g) => {
        const read = g.ids.filter((id) => reach.read.has(id)).length;
        const levels = reach.levels.map((level) => {
          const n = g.ids.filter((id) => (reach.chosenAt.get(id) ?? 0) >= level).length;
          return { count: n, share: shares ? share(n, g.ids.length) : undefined };
        });
        return {
          label: g.label,
          // An option in the inquiry's words; "others" is the page's.
          lang: d.options.includes(g.label) ? d.optionsLang : undefined,
          told: g.ids.length,
          read: { count: read, share: shares ? share(read, g.ids.length) : undefined },
          levels,
          missing: reach.levels.length > 0 && levels[0]!.count === 0,
        };
      });
      return {
        key: d.key,
        label: d.label,
        lang: d.lang,
        levels: reach.levels,
        rows,
        missing: rows.filter((r) => r.missing).map((r) => ({ text: r.label, lang: r.lang })),
      };
    });
}
