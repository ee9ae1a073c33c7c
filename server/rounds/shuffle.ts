/** Each participant reads the round's stories in their own order (to even out order effects), the same every visit. */
import { seededRng } from '../text/rng.ts';

/** A copy of the items in a seeded Fisher–Yates order: the same seed always gives the same order. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const rng = seededRng(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The stories in this participant's order: shuffled by their seed when the round asks for it, else as the facilitator set them. */
export function participantOrder<T>(
  stories: readonly T[],
  round: { shuffle: number },
  participant: { order_seed: number },
): T[] {
  return round.shuffle ? shuffled(stories, participant.order_seed) : [...stories];
}
