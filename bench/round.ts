/**
 * A round in its voting stage for the page benchmark: a live dot-voting round (3 dots) whose panel reads 20 of the
 * seeded stories, and a room of guests who have joined it. Joining goes through /join in use (one POST each), but
 * that route is rate-limited per address (240 a minute, and the benchmark has one address), so the guests are
 * written here as joinAsGuest writes them and their phones' session cookies are made with the server's session
 * key, each holding its participant and a CSRF secret, exactly as /join leaves them.
 */
import secureSession from '@fastify/secure-session';
import CSRF from '@fastify/csrf';
import Fastify from 'fastify';
import { randomInt } from 'node:crypto';
import type { Db } from '../server/db/database.ts';
import type { Round } from '../server/db/schema.ts';
import { iso } from '../server/db/time.ts';
import { roundStories } from '../server/rounds/rounds-store.ts';
import type { LoadRequest } from './load.ts';
import type { Seeded } from './seed.ts';

export interface SeededRound {
  round: Round;
  /** One vote per guest, each from the guest's own phone (cookie) with its own CSRF token. */
  votes: LoadRequest[];
}

const PANEL = 20;

/** Inserts rows in chunks (SQLite's bound-variable limit). */
async function insertChunks<T extends object>(rows: T[], insert: (part: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += 2000) await insert(rows.slice(i, i + 2000));
}

export async function seedRound(db: Db, seeded: Seeded, guests: number, sessionKeyHex: string): Promise<SeededRound> {
  const now = iso();
  const round = await db
    .insertInto('rounds')
    .values({
      alliance_id: seeded.alliance.id,
      inquiry_id: seeded.inquiry.id,
      name: 'Open event, main hall',
      panel: 'Everyone at the open event',
      level: 1,
      method: 'dots',
      dots: 3,
      voting: 'live',
      stage: 'voting',
      shuffle: 1,
      tallies_revealed: 0,
      join_code: 'BENCHA',
      filters: '{}',
      feedback_sent_at: null,
      feedback_sent_by: null,
      created_by: seeded.coordinator.id,
      created_at: now,
      updated_at: now,
      closed_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  // The panel reads stories it may read (the round shows only those with consent to panels, not withdrawn).
  await db
    .insertInto('round_stories')
    .values(
      seeded.storyIds
        .slice(0, PANEL * 3)
        .map((story_id, i) => ({ round_id: round.id, story_id, position: i + 1, origin: 'hand' as const })),
    )
    .execute();
  const shown = (await roundStories(db, round)).map((s) => s.id);
  await db
    .deleteFrom('round_stories')
    .where('round_id', '=', round.id)
    .where('story_id', 'not in', shown.slice(0, PANEL))
    .execute();
  const panel = shown.slice(0, PANEL);
  if (panel.length < 3) throw new Error('the seed has too few stories a panel may read');

  const people = Array.from({ length: guests }, (_, i) => ({
    round_id: round.id,
    user_id: null,
    display_name: `Guest ${i + 1}`,
    order_seed: randomInt(2 ** 31),
    joined_at: now,
  }));
  await insertChunks(people, (part) => db.insertInto('round_participants').values(part).execute());
  const ids = (
    await db.selectFrom('round_participants').select('id').where('round_id', '=', round.id).orderBy('id').execute()
  ).map((r) => r.id);

  // The server's own session plugin, with the server's key, makes the cookies.
  const maker = Fastify();
  await maker.register(secureSession, { key: Buffer.from(sessionKeyHex, 'hex'), cookieName: 'hearth_session' });
  await maker.ready();
  const tokens = CSRF();
  const votes = ids.map((participant, i): LoadRequest => {
    const csrfSecret = tokens.secretSync();
    const cookie = maker.encodeSecureSession(maker.createSecureSession({ participants: [participant], csrfSecret }));
    // Three dots: two on one story, one on another, spread over the panel.
    const [a, b] = [panel[i % panel.length]!, panel[(i * 7 + 3) % panel.length]!];
    const body = new URLSearchParams({
      _csrf: tokens.create(csrfSecret),
      [`dots-${a}`]: a === b ? '3' : '2',
      ...(a === b ? {} : { [`dots-${b}`]: '1' }),
    });
    return {
      method: 'POST',
      path: `/rounds/${round.id}/take-part/vote`,
      body: body.toString(),
      headers: { cookie: `hearth_session=${encodeURIComponent(cookie)}` },
    };
  });
  await maker.close();
  return { round, votes };
}

/** Live ballots cast in the round (each acknowledged vote must be one). */
export async function ballotsIn(db: Db, roundId: number): Promise<number> {
  const row = await db
    .selectFrom('ballots')
    .select(db.fn.countAll().as('n'))
    .where('round_id', '=', roundId)
    .where('source', '=', 'live')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
