/**
 * The stories a pair of questions leaves out, said plainly with links to them: those with no answer to one question
 * or both, so a reader sees why the table's total is smaller than the set.
 */
import type { Dimension } from './dimensions.ts';
import { storiesHref } from './views.ts';

/**
 * How many of the set's stories answered both questions of a pair (the table's total), and the others by what they
 * lack: an answer to the first, to the second, or to either; each count leading to its stories.
 */
export function unansweredOf(a: Dimension, b: Dimension, storyIds: readonly number[], base: string) {
  const [noA, noB, neither, both]: [number[], number[], number[], number[]] = [[], [], [], []];
  for (const id of storyIds) {
    const [inA, inB] = [a.values.has(id), b.values.has(id)];
    (inA ? (inB ? both : noB) : inB ? noA : neither).push(id);
  }
  const part = (key: 'noAnswerTo' | 'noAnswerToEither', ids: number[], label = '') => ({
    key,
    label,
    count: ids.length,
    href: storiesHref(base, ids),
  });
  return {
    both: both.length,
    total: storyIds.length,
    parts: [
      part('noAnswerTo', noA, a.label),
      part('noAnswerTo', noB, b.label),
      part('noAnswerToEither', neither),
    ].filter((p) => p.count > 0),
  };
}
