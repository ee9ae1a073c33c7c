/**
 * Fast bulk seeding for the page benchmark: one alliance, an MSC inquiry with the standard guide (made by the real
 * inquiry store), and N stories of real text (bench/corpus.ts) written in multi-row inserts, a batch per
 * transaction: stories, answers, storyteller attributes, search rows (FTS5 or tsvector, as search.ts writes them),
 * stored analyses (as analysis-store.ts writes them) and audit events. A mix of domains, statuses, attributes,
 * interviewers and consent, drawn with a seeded RNG so every run seeds the same stories.
 */
import '../server/capabilities.ts';
import { sql } from 'kysely';
import { addMember, createAlliance } from '../server/accounts/members-store.ts';
import { hashPassword } from '../server/accounts/passwords.ts';
import { insertUser } from '../server/accounts/users-store.ts';
import { analyse } from '../server/text/text.ts';
import { createInquiry, loadGuide, type Guide } from '../server/inquiries/inquiries-store.ts';
import { fillPrompt } from '../server/inquiries/templates.ts';
import { dialectOf, type Db } from '../server/db/database.ts';
import type { Alliance, Database, Inquiry, StoryStatus, User } from '../server/db/schema.ts';
import { seededRng } from '../server/text/rng.ts';
import { foldAccents } from '../server/stories/search.ts';
import { readingWords, searchableText } from '../server/stories/text.ts';
import { buildStories } from './corpus.ts';

export const PASSWORD = 'bench password 1';
const BATCH = 1000;
/** Kept under SQLite's 32,766 bound variables per statement (PostgreSQL allows 65,535). */
const MAX_PARAMS = 30_000;
const PLACES = [
  'Harbour',
  'Northfield',
  'Old Town',
  'Riverside',
  'Hillcrest',
  'Market Street',
  'Eastgate',
  'The Docks',
];
const STATUSES: [StoryStatus, number][] = [
  ['draft', 0.05],
  ['recorded', 0.6],
  ['read_back', 0.15],
  ['verified', 0.15],
  ['withdrawn', 0.05],
];

export interface Seeded {
  alliance: Alliance;
  coordinator: User;
  inquiry: Inquiry;
  guide: Guide;
  stories: number;
  /** Ids of every seeded story, in order. */
  storyIds: number[];
  /** Search words: one in many stories, one in a few. */
  words: { many: string; few: string };
  /** A storyteller question and one of its answers, for the filtered list. */
  answer: { attributeId: number; value: string };
}

/** A word in many of the texts and one in a few (words of 7 letters or more, so they are not filler). */
export function searchWordsFor(texts: string[]): { many: string; few: string } {
  const df = new Map<string, number>();
  for (const text of texts)
    for (const word of new Set(text.toLowerCase().match(/\b[a-z]{7,}\b/g))) df.set(word, (df.get(word) ?? 0) + 1);
  const ranked = [...df].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const rare = Math.max(3, Math.round(texts.length / 10_000));
  const few = ranked.filter(([, n]) => n === rare);
  return { many: ranked[0]![0], few: (few[Math.floor(few.length / 2)] ?? ranked[ranked.length - 1]!)[0] };
}

/** Inserts rows in statements of at most MAX_PARAMS values. */
async function insertMany(db: Db, table: keyof Database, rows: Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const per = Math.max(1, Math.floor(MAX_PARAMS / Object.keys(rows[0]!).length));
  for (let i = 0; i < rows.length; i += per)
    await db
      .insertInto(table)
      .values(rows.slice(i, i + per) as never)
      .execute();
}

async function insertSearch(db: Db, rows: { id: number; text: string }[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 5000) {
    const part = rows.slice(i, i + 5000);
    if (dialectOf(db) === 'sqlite')
      await sql`INSERT INTO story_search (rowid, body) VALUES ${sql.join(part.map((r) => sql`(${r.id}, ${r.text})`))}`.execute(
        db,
      );
    else
      await sql`INSERT INTO story_search (story_id, body) VALUES ${sql.join(part.map((r) => sql`(${r.id}, to_tsvector('simple', ${foldAccents(r.text)}))`))}`.execute(
        db,
      );
  }
}

const day = (from: string, days: number) =>
  new Date(Date.parse(`${from}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** People: a coordinator (signed in by the benchmark) and interviewers, all with PASSWORD. */
async function seedPeople(db: Db): Promise<{ alliance: Alliance; coordinator: User; interviewers: User[] }> {
  const passwordHash = await hashPassword(PASSWORD);
  const coordinator = await insertUser(db, {
    email: 'coordinator@bench.example',
    name: 'Bench Coordinator',
    passwordHash,
  });
  const alliance = await createAlliance(db, 'Bench Alliance', coordinator);
  const interviewers: User[] = [];
  for (let i = 1; i <= 8; i++) {
    const person = await insertUser(db, {
      email: `interviewer${i}@bench.example`,
      name: `Interviewer ${i}`,
      passwordHash,
    });
    await addMember(db, coordinator, alliance.id, person.id, 'interviewer', null);
    interviewers.push(person);
  }
  return { alliance, coordinator, interviewers };
}

/** Seeds everything; reports progress every batch. */
export async function seed(db: Db, count: number, progress: (done: number) => void = () => {}): Promise<Seeded> {
  const { alliance, coordinator, interviewers } = await seedPeople(db);
  const inquiry = await createInquiry(db, coordinator, alliance.id, { title: 'What changed for you', method: 'msc' });
  const guide = await loadGuide(db, inquiry);
  const texts = buildStories(count + 1, 42).map((s) => s.text);
  const rng = seededRng(7);
  const pick = <T>(xs: readonly T[]) => xs[rng.int(xs.length)]!;
  const chance = (p: number) => rng.int(1000) < p * 1000;
  const statusOf = () => {
    let r = rng.int(1000) / 1000;
    for (const [status, p] of STATUSES) if ((r -= p) < 0) return status;
    return 'recorded';
  };
  const question = (kind: string) => guide.questions.filter((q) => q.kind === kind);
  const [storyQ, whyQ, titleQ] = [question('story')[0]!, question('why')[0]!, question('title')[0]!];
  const longQ = question('long')[0]!;
  const [who, age, place] = guide.attributes;
  const choices = (a: typeof who) => JSON.parse(a!.options) as string[];
  const storyIds: number[] = [];

  /** The i-th story, as an interviewer might have recorded it. */
  const story = (i: number) => {
    const words = texts[i]!;
    const status = statusOf();
    const domain = guide.domains[rng.int(10) < 5 ? 0 : 1 + rng.int(2)]!;
    const title = words
      .split(' ')
      .slice(0, 3 + rng.int(5))
      .join(' ')
      .replace(/[,;:.]+$/, '');
    const why = texts[i + 1]!.split(/(?<=[.!?]) /)[0]!;
    const prompts = { period: inquiry.period_words, domain: domain.name };
    const answers = [
      { questionId: storyQ.id, kind: storyQ.kind, prompt: fillPrompt(storyQ.prompt, prompts), value: words },
      { questionId: whyQ.id, kind: whyQ.kind, prompt: whyQ.prompt, value: why },
      ...(chance(0.3)
        ? [
            {
              questionId: longQ.id,
              kind: longQ.kind,
              prompt: longQ.prompt,
              value: texts[(i * 7) % count]!.split(/(?<=[.!?]) /)[0]!,
            },
          ]
        : []),
      { questionId: titleQ.id, kind: titleQ.kind, prompt: titleQ.prompt, value: title },
    ];
    const attributes = [
      chance(0.9) ? { attribute_id: who!.id, label: who!.label, value: pick(choices(who)) } : undefined,
      chance(0.8) ? { attribute_id: age!.id, label: age!.label, value: pick(choices(age)) } : undefined,
      chance(0.6) ? { attribute_id: place!.id, label: place!.label, value: pick(PLACES) } : undefined,
    ].filter((a) => a !== undefined);
    const interviewer = pick(interviewers);
    const toldOn = day('2025-01-01', rng.int(540));
    const consented = chance(0.85);
    return {
      i,
      status,
      domain,
      title,
      answers,
      attributes,
      interviewer,
      toldOn,
      consented,
      partner: chance(0.2) ? pick(interviewers) : null,
    };
  };

  for (let start = 0; start < count; start += BATCH) {
    const end = Math.min(count, start + BATCH);
    await db.transaction().execute(async (trx) => {
      const now = new Date(Date.parse('2026-06-01T09:00:00Z') + start * 1000).toISOString();
      const drafts = Array.from({ length: end - start }, (_, k) => story(start + k));
      const gone = (s: (typeof drafts)[number]) => s.status === 'withdrawn';
      const rows = drafts.map((s) => ({
        alliance_id: alliance.id,
        inquiry_id: inquiry.id,
        code: `${inquiry.code_prefix}-${String(s.i + 1).padStart(4, '0')}`,
        status: s.status,
        route: 'interview' as const,
        domain_id: s.domain.id,
        title: gone(s) ? '' : s.title,
        language: 'en',
        storyteller: gone(s) ? '' : `Teller ${s.i + 1}`,
        interviewer_id: s.interviewer.id,
        partner_id: s.partner && s.partner.id !== s.interviewer.id ? s.partner.id : null,
        told_on: s.toldOn,
        told_where: gone(s) ? '' : `${PLACES[s.i % PLACES.length]} community centre`,
        consent_panels: s.consented ? 1 : 0,
        consent_packs: s.consented ? 1 : 0,
        consent_quotes: s.consented && s.i % 3 !== 0 ? 1 : 0,
        consent_funders: s.consented && s.i % 4 !== 0 ? 1 : 0,
        consent_publish: s.i % 10 === 0 ? 1 : 0,
        anonymous: s.i % 5 === 0 ? 1 : 0,
        consent_how: 'spoken' as const,
        consent_on: s.toldOn,
        consent_recorded_by: s.interviewer.id,
        read_back_on: ['read_back', 'verified'].includes(s.status) ? day(s.toldOn, 7) : null,
        read_back_by: ['read_back', 'verified'].includes(s.status) ? s.interviewer.id : null,
        read_back_changes: ['read_back', 'verified'].includes(s.status) ? '' : null,
        verified_on: s.status === 'verified' ? day(s.toldOn, 14) : null,
        verified_by: s.status === 'verified' ? coordinator.id : null,
        verification_note: s.status === 'verified' ? 'Checked with the interviewer.' : '',
        withdrawn_at: gone(s) ? now : null,
        receipt_hash: null,
        word_count: gone(s) ? 0 : readingWords(s.answers),
        created_by: s.interviewer.id,
        created_at: now,
        updated_at: now,
      }));
      const ids = new Map<string, number>();
      const per = Math.floor(MAX_PARAMS / Object.keys(rows[0]!).length);
      for (let k = 0; k < rows.length; k += per) {
        for (const r of await trx
          .insertInto('stories')
          .values(rows.slice(k, k + per))
          .returning(['id', 'code'])
          .execute())
          ids.set(r.code, r.id);
      }
      const live = drafts.map((s, k) => ({ ...s, id: ids.get(rows[k]!.code)! }));
      storyIds.push(...live.map((s) => s.id));
      const kept = live.filter((s) => !gone(s));
      await insertMany(
        trx,
        'story_answers',
        kept.flatMap((s) =>
          s.answers.map((a, position) => ({
            story_id: s.id,
            question_id: a.questionId,
            position,
            kind: a.kind,
            prompt: a.prompt,
            value: a.value,
          })),
        ),
      );
      await insertMany(
        trx,
        'story_attributes',
        kept.flatMap((s) => s.attributes.map((a) => ({ story_id: s.id, ...a }))),
      );
      await insertSearch(
        trx,
        kept.map((s) => ({ id: s.id, text: searchableText(s.title, s.answers) })),
      );
      await insertMany(
        trx,
        'story_analysis',
        kept
          .filter((s) => s.status !== 'draft')
          .map((s) => {
            const a = analyse(searchableText(s.title, s.answers), 'en');
            return {
              story_id: s.id,
              inquiry_id: inquiry.id,
              counts: JSON.stringify(Object.fromEntries(a.counts)),
              surface: JSON.stringify(Object.fromEntries(a.surface)),
              analysed_at: now,
            };
          }),
      );
      await insertMany(
        trx,
        'audit_events',
        live.map((s, k) => ({
          alliance_id: alliance.id,
          actor_user_id: s.interviewer.id,
          actor_name: s.interviewer.name,
          action: gone(s) ? 'story.withdrawn' : s.status === 'draft' ? 'story.drafted' : 'story.recorded',
          subject_type: 'story',
          subject_id: String(s.id),
          detail: JSON.stringify({ code: rows[k]!.code }),
          created_at: now,
        })),
      );
    });
    progress(end);
  }
  // New stories continue the numbering, as createStory would.
  await db.updateTable('inquiries').set({ story_counter: count }).where('id', '=', inquiry.id).execute();
  // What autovacuum does soon after a bulk load (statistics, and the visibility map that index-only scans use).
  if (dialectOf(db) === 'postgres') await sql`VACUUM ANALYZE`.execute(db);
  const fresh = await db.selectFrom('inquiries').selectAll().where('id', '=', inquiry.id).executeTakeFirstOrThrow();
  return {
    alliance,
    coordinator,
    inquiry: fresh,
    guide: { ...guide, inquiry: fresh },
    stories: count,
    storyIds,
    words: searchWordsFor(texts.slice(0, count)),
    // The first choice of "who are you": a filter that keeps a share of the stories, as people use it.
    answer: { attributeId: who!.id, value: choices(who)[0]! },
  };
}
