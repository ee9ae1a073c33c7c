/**
 * The demo's sense-making: an open event where two tables chose stories (one voting on phones, one on paper), the
 * alliance board choosing from what the tables passed up, a funder round still being prepared, and a learning log.
 * Made through the same stores the pages use, so the demo is what people would have made by hand.
 */
import type { Db } from '../db/database.ts';
import { storiesFor } from '../stories/consent.ts';
import type { Alliance, Inquiry, Round, User } from '../db/schema.ts';
import { recordDecision, markFeedbackSent } from '../rounds/decisions-store.ts';
import { loadGuide } from '../inquiries/inquiries-store.ts';
import { addItem } from '../learning/store.ts';
import { addObservation } from '../observations/store.ts';
import { addToPanel, joinAsGuest } from '../rounds/participants-store.ts';
import { roundDomains, roundStories, type RoundStory } from '../rounds/rounds-store.ts';
import { addStories } from '../rounds/picking-store.ts';
import { createRound, setStage } from '../rounds/setup-store.ts';
import { castBallot, replacePaperTallies } from '../rounds/votes-store.ts';
import { addAnnotation } from '../rounds/annotations-store.ts';
import { roundTallies } from '../rounds/tally-store.ts';

export interface DemoRoundCounts {
  rounds: number;
  decisions: number;
}

const TABLE_REASONS = [
  'We chose this story because it shows a change that lasted, told in the words of the person it happened to. It made several of us think about how small, steady help adds up.',
  'This story stood out because the change came from people working together rather than from one service alone. We want the board to hear how much the follow-up visits mattered.',
  'We picked it because it was honest about what went wrong before things got better, and the turning point was something the alliance can do more of.',
];
const BOARD_REASONS = [
  'Both tables were moved by this story, and the board chose it because it shows the alliance working as one: three organisations, one family, and a change the family describes in their own words. We want the funder to read it first.',
  'The board chose this story because it shows a service changing how it works after listening to the people who use it. It is the clearest example we have of learning leading to a change.',
  'We chose this story because it is about a change nobody planned for, and it tells us something about what our communities already do for each other.',
];

async function stepTo(db: Db, actor: User, round: Round, stages: Round['stage'][]): Promise<Round> {
  let current = round;
  for (const to of stages) {
    await setStage(db, actor, current, to);
    current = { ...current, stage: to };
  }
  return current;
}

/** Per domain of the round, the stories with the most votes: the panel's choice. */
async function decideByVotes(db: Db, facilitator: User, round: Round, reasons: string[], now: Date): Promise<number> {
  const stories = await roundStories(db, round);
  const tallies = await roundTallies(db, round);
  const votes = (s: RoundStory) => tallies.get(s.id)?.total ?? 0;
  let made = 0;
  for (const [i, domain] of (await roundDomains(db, round.id)).entries()) {
    const inDomain = stories
      .filter((s) => s.domain_id === domain.id)
      .sort((a, b) => votes(b) - votes(a) || a.id - b.id);
    if (inDomain.length === 0) continue;
    const top = inDomain[0]!;
    await recordDecision(
      db,
      facilitator,
      round,
      i === 2 && inDomain.length < 2
        ? {
            domainId: domain.id,
            outcome: 'none',
            chosen: [],
            reasons:
              'We read the one story in this domain and agreed it belongs with the first domain, so we chose none here.',
            criteria: '',
            dissent: '',
          }
        : {
            domainId: domain.id,
            outcome: 'chosen',
            chosen: [{ storyId: top.id, votes: votes(top) }],
            reasons: reasons[i % reasons.length]!,
            criteria: 'Lasting change; told in the teller’s own words; something we can learn from.',
            dissent:
              i === 1
                ? 'One member felt another story showed a bigger change, but agreed this one says more about how we work.'
                : '',
          },
      now,
    );
    made++;
  }
  return made;
}

export async function loadDemoRounds(
  db: Db,
  demo: { alliance: Alliance; inquiry: Inquiry; facilitator: User; coordinator: User; reader: User },
  now = new Date(),
): Promise<DemoRoundCounts> {
  const { inquiry, facilitator } = demo;
  const domainIds = (await loadGuide(db, inquiry)).domains.map((d) => d.id);
  const base = { level: 1, domainIds, dots: 3, shuffle: true, sourceIds: [] as number[] };

  const table1 = await createRound(
    db,
    facilitator,
    inquiry,
    {
      ...base,
      name: 'Open event, table 1',
      panel: 'Table 1 at the spring open event (residents and staff)',
      method: 'dots',
      voting: 'live',
    },
    now,
  );
  const table2 = await createRound(
    db,
    facilitator,
    inquiry,
    {
      ...base,
      name: 'Open event, table 2',
      panel: 'Table 2 at the spring open event (residents and staff)',
      method: 'dots',
      voting: 'paper',
    },
    now,
  );
  // The two tables share out the stories a panel may read, alternately.
  const ids = (
    await storiesFor(db, inquiry.alliance_id, 'panels')
      .select('stories.id')
      .where('stories.inquiry_id', '=', inquiry.id)
      .orderBy('stories.id')
      .execute()
  ).map((s) => s.id);
  await addStories(db, facilitator, table1, {}, { ids: ids.filter((_, i) => i % 2 === 0) }, now);
  await addStories(db, facilitator, table2, {}, { ids: ids.filter((_, i) => i % 2 === 1) }, now);

  // Table 1 votes on phones: four guests, three dots each.
  let round1 = await stepTo(db, facilitator, table1, ['reading', 'voting']);
  const stories1 = await roundStories(db, round1);
  const guests = ['Maureen', 'Dev', 'Kofi', 'Lena'];
  for (const [g, name] of guests.entries()) {
    const guest = await joinAsGuest(db, round1, name, now);
    const picks = [stories1[g % stories1.length]!, stories1[(g + 1) % stories1.length]!, stories1[0]!];
    const marks = new Map<number, number>();
    for (const s of picks) marks.set(s.id, (marks.get(s.id) ?? 0) + 1);
    await castBallot(
      db,
      round1,
      guest,
      [...marks].map(([storyId, points]) => ({ storyId, points, rank: null })),
      now,
    );
    if (g === 0)
      await addAnnotation(
        db,
        round1,
        guest,
        {
          storyId: stories1[0]!.id,
          comment: 'This is the part that got our table talking: nobody had asked her before.',
        },
        now,
      );
  }
  round1 = await stepTo(db, facilitator, round1, ['deciding']);

  // Table 2 voted on paper ballot sheets; the facilitator typed the tallies in by story code.
  let round2 = await stepTo(db, facilitator, table2, ['reading', 'voting']);
  const stories2 = await roundStories(db, round2);
  await replacePaperTallies(db, round2, facilitator, new Map(stories2.map((s, i) => [s.id, (i * 7) % 5])), now);
  round2 = await stepTo(db, facilitator, round2, ['deciding']);

  let decisions = await decideByVotes(db, facilitator, round1, TABLE_REASONS, now);
  decisions += await decideByVotes(db, facilitator, round2, TABLE_REASONS.slice().reverse(), now);
  for (const r of [round1, round2]) {
    await stepTo(db, facilitator, r, ['closed']);
    await markFeedbackSent(db, facilitator, { ...r, stage: 'closed' }, now);
  }

  // The alliance board reads what the tables passed up, and chooses per domain with reasons.
  const board = await createRound(
    db,
    facilitator,
    inquiry,
    {
      ...base,
      level: 2,
      name: 'Alliance board, June',
      panel: 'Alliance board',
      method: 'ranking',
      voting: 'live',
      shuffle: false,
      sourceIds: [table1.id, table2.id],
    },
    now,
  );
  const boardRound = await stepTo(db, facilitator, board, ['reading', 'voting', 'deciding']);
  decisions += await decideByVotes(db, facilitator, boardRound, BOARD_REASONS, now);
  await stepTo(db, facilitator, boardRound, ['closed']);
  await markFeedbackSent(db, facilitator, { ...boardRound, stage: 'closed' }, now);

  // The funder's round is still being prepared: the board's choices are waiting in it, and the funder's reader is on
  // its panel (readers take part only when added; they will read only the stories shared with funders).
  const funderRound = await createRound(
    db,
    facilitator,
    inquiry,
    {
      ...base,
      level: 3,
      name: 'Funder conversation, July',
      panel: 'Community Foundation (funder)',
      method: 'consensus',
      dots: 0,
      voting: 'live',
      shuffle: false,
      sourceIds: [board.id],
    },
    now,
  );
  await addToPanel(db, facilitator, funderRound, demo.reader, now);

  const period = `${inquiry.period_start ?? ''} to ${inquiry.period_end ?? ''}`;
  const items = [
    {
      kind: 'learned',
      text: 'The changes people value most come from someone staying with them over time, not from a single appointment.',
      owner: 'Alliance board',
      status: 'open',
    },
    {
      kind: 'will_do',
      text: 'Pilot a shared follow-up call two weeks after every first visit, across all five organisations.',
      owner: 'Sam Carter',
      status: 'in_progress',
    },
    {
      kind: 'will_do',
      text: 'Ask the two tables’ storytellers whether they would like to hear the board’s reasons in person.',
      owner: 'Amira Hassan',
      status: 'done',
    },
  ] as const;
  for (const item of items)
    await addItem(db, demo.coordinator, inquiry, { ...item, storyIds: [], roundIds: [board.id] }, period, now);
  // A pattern the facilitator pinned after the board met, with two readings that compete (a pattern card in packs).
  await addObservation(
    db,
    facilitator,
    inquiry,
    {
      pattern: 'selection/length',
      filters: '',
      title: 'Reached selection × Story length',
      text: 'Only two of the stories are short (under 150 words), and neither was chosen at any level.',
      interpretations: [
        'Panels pass over short stories: a few lines give a table less to hold on to than a whole account.',
        'Short stories are rare because interviewers draw stories out; the short ones came without an interviewer.',
      ],
    },
    now,
  );
  return { rounds: 4, decisions };
}
