/**
 * Where a round has got to, and which moves are allowed: preparing → reading → voting → deciding → closed, one step
 * at a time (back one step too, except out of closed). Consensus rounds talk it through, so they skip voting.
 */
import { ROUND_STAGES, type Round, type RoundStage, type SelectionMethod } from '../db/schema.ts';

export function stagesFor(method: SelectionMethod): RoundStage[] {
  return ROUND_STAGES.filter((s) => method !== 'consensus' || s !== 'voting');
}

export function nextStage(round: Pick<Round, 'method' | 'stage'>): RoundStage | undefined {
  const stages = stagesFor(round.method);
  return stages[stages.indexOf(round.stage) + 1];
}

export function previousStage(round: Pick<Round, 'method' | 'stage'>): RoundStage | undefined {
  if (round.stage === 'closed') return undefined;
  const stages = stagesFor(round.method);
  const at = stages.indexOf(round.stage);
  return at > 0 ? stages[at - 1] : undefined;
}

/** Stories may be picked or removed only before anyone votes. */
export function canPickStories(round: Pick<Round, 'stage'>): boolean {
  return round.stage === 'preparing' || round.stage === 'reading';
}

/** The round's details (not its method) may change until it closes; the method only until voting starts. */
export function canChangeMethod(round: Pick<Round, 'stage'>): boolean {
  return canPickStories(round);
}

/** Joining a round (by code or button) is open until reading and voting are over: a newcomer then has nothing to do. */
export function canJoin(round: Pick<Round, 'stage'>): boolean {
  return ROUND_STAGES.indexOf(round.stage) < ROUND_STAGES.indexOf('deciding');
}

/** True once the panel may be deciding: from voting on (from deciding on for consensus rounds, which skip voting). */
export function pastReading(round: Pick<Round, 'stage'>): boolean {
  return ROUND_STAGES.indexOf(round.stage) >= ROUND_STAGES.indexOf('voting');
}

export interface StageFacts {
  /** Stories the round may show (consented, not withdrawn). */
  stories: number;
  /** Names of the domains among the round's stories that have no recorded decision yet. */
  undecided: string[];
}

export type StageProblem =
  | { message: 'rounds.stage.notAllowed' }
  | { message: 'rounds.stage.noStories' }
  | { message: 'rounds.stage.undecided'; domains: string[] };

/** Why the round cannot move to `to` now, or undefined when it can. */
export function stageProblem(
  round: Pick<Round, 'method' | 'stage'>,
  to: string,
  facts: StageFacts,
): StageProblem | undefined {
  if (to !== nextStage(round) && to !== previousStage(round)) return { message: 'rounds.stage.notAllowed' };
  if (to !== 'preparing' && facts.stories === 0) return { message: 'rounds.stage.noStories' };
  if (to === 'closed' && facts.undecided.length > 0)
    return { message: 'rounds.stage.undecided', domains: facts.undecided };
  return undefined;
}
