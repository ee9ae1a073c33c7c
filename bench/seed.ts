/**
 * Fast bulk seeding for the page benchmark: one alliance, an MSC inquiry with the standard guide (made by the real
 * inquiry store), and N stories of real text (bench/corpus.ts) written a batch per transaction (bench/seed-writers.ts:
 * prepared statements on SQLite, COPY on PostgreSQL): stories, answers, storyteller attributes, search rows (FTS5 or
 * tsvector, as search.ts writes them), stored analyses (as analysis-store.ts writes them) and audit events. A mix of
 * domains, statuses, attributes, interviewers and consent, drawn with a seeded RNG so every run seeds the same
 * stories. Stories are made a batch at a time, so a million never sit in memory at once.
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
import type { Alliance, Inquiry, StoryStatus, User } from '../server/db/schema.ts';
import { seededRng } from '../server/text/rng.ts';
import { indexedText } from '../server/stories/words.ts';
import { readingWords, searchableText } from '../server/stories/text.ts';
import { StoryTexts } from './corpus.ts';
import { postgresWriter, sqliteWriter, type Batch, type Row } from './seed-writers.ts';

export const PASSWORD = 'bench password 1';
/** Stories per transaction. */
const BATCH = 2_000;
/** Stories made between turns of the event loop, so that the previous batch's COPY keeps flowing meanwhile. */
const SLICE = 25;
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
  /** Search words: one in many stories, one in a few, one in about 2%. */
  words: { many: string; few: string; middling: string };
  /** A storyteller question and one of its answers, for the filtered list. */
  answer: { attributeId: number; value: string };
  figures: SeedFigures;
}

/** Where the seed's time went, in seconds, and the process's peak resident memory. */
export interface SeedFigures {
  seconds: {
    /** The coordinator, interviewers, alliance and inquiry (made by their stores). */
    setup: number;
    /** Drawing the stories and their texts, and the rows to write. */
    stories: number;
    /** Stems for the search index and the stored analyses (the language engine). */
    language: number;
    /**
     * Waiting for the rows to be written, beyond making the next batch meanwhile (PostgreSQL makes the tsvectors and
     * index entries in its own process; SQLite writes in this one).
     */
    database: number;
    /** The id sequence and inquiry counter, and PostgreSQL's VACUUM ANALYZE. */
    finishing: number;
    total: number;
  };
  /** CPU seconds of this process (user and system), which a busy machine stretches less than the wall clock. */
  cpuSeconds: number;
  peakMb: number;
}

/** Counts, text by text, how many texts have each word of 7 letters or more (so not filler). */
export class SearchWords {
  private df = new Map<string, number>();
  private texts = 0;

  add(text: string): void {
    this.texts++;
    for (const word of new Set(text.toLowerCase().match(/\b[a-z]{7,}\b/g)))
      this.df.set(word, (this.df.get(word) ?? 0) + 1);
  }

  /**
   * A word in more of the texts than any other, one in a few, and one in about 2% of them (middling: too many
   * matches to read them all, too few to find a page by testing the newest stories in turn).
   */
  pick(): { many: string; few: string; middling: string } {
    const ranked = [...this.df].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const rare = Math.max(3, Math.round(this.texts / 10_000));
    const few = ranked.filter(([, n]) => n === rare);
    const share = (n: number) => Math.abs(n / this.texts - 0.02);
    const middling = ranked.reduce((best, next) => (share(next[1]) < share(best[1]) ? next : best));
    return {
      many: ranked[0]![0],
      few: (few[Math.floor(few.length / 2)] ?? ranked[ranked.length - 1]!)[0],
      middling: middling[0],
    };
  }
}

/**
 * JSON.stringify(Object.fromEntries(map)), the text analysis-store.ts stores, written out directly: objects made
 * with ever-new keys cost V8 a fresh hidden class per key (0.3 ms and more a story). Keys that are array indices
 * come first in an object, so a map with any such key goes the slow way.
 */
export function mapJson(map: Map<string, string | number>): string {
  const parts: string[] = [];
  for (const [key, value] of map) {
    if (/^(?:0|[1-9]\d*)$/.test(key)) return JSON.stringify(Object.fromEntries(map));
    parts.push(`${JSON.stringify(key)}:${JSON.stringify(value)}`);
  }
  return `{${parts.join(',')}}`;
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

/**
 * Seeds everything; reports progress every batch. On PostgreSQL the rows go through a client of their own, opened
 * with `options.postgresUrl` (the URL the Kysely pool was opened with).
 */
export async function seed(
  db: Db,
  count: number,
  progress: (done: number) => void = () => {},
  options: { postgresUrl?: string } = {},
): Promise<Seeded> {
  const began = performance.now();
  const cpu = process.cpuUsage();
  const seconds = { setup: 0, stories: 0, language: 0, database: 0, finishing: 0, total: 0 };
  const timed = <T>(part: keyof typeof seconds, work: () => T): T => {
    const t = performance.now();
    try {
      return work();
    } finally {
      seconds[part] += (performance.now() - t) / 1000;
    }
  };
  const dialect = dialectOf(db);
  if (dialect === 'postgres' && !options.postgresUrl)
    throw new Error('Seeding PostgreSQL needs its URL (options.postgresUrl): the rows go in with COPY.');
  const { alliance, coordinator, interviewers } = await seedPeople(db);
  const inquiry = await createInquiry(db, coordinator, alliance.id, { title: 'What changed for you', method: 'msc' });
  const guide = await loadGuide(db, inquiry);
  seconds.setup = (performance.now() - began) / 1000;
  const texts = timed('stories', () => new StoryTexts(count + 1, 42));
  const searchWords = new SearchWords();
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
  // Rows are given their ids here, in order after those already stored, as the sequences would have numbered them
  // batch after batch: so a batch refers to its stories without asking, and batches can be written side by side.
  const lastId = async (table: 'stories' | 'story_answers' | 'story_attributes' | 'audit_events') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select(sql<number>`coalesce(max(id), 0)`.as('last'))
          .executeTakeFirstOrThrow()
      ).last,
    );
  const firstId = (await lastId('stories')) + 1;
  const ids = {
    answer: await lastId('story_answers'),
    attribute: await lastId('story_attributes'),
    audit: await lastId('audit_events'),
  };
  const storyIds = Array.from({ length: count }, (_, i) => firstId + i);
  // One second per thousand stories, as when the seed wrote them a thousand at a time (the same rows as then).
  const nowOf = (i: number) =>
    new Date(Date.parse('2026-06-01T09:00:00Z') + Math.floor(i / 1000) * 1_000_000).toISOString();

  /** The i-th story, as an interviewer might have recorded it. */
  const story = (i: number) => {
    const words = texts.at(i);
    searchWords.add(words);
    const status = statusOf();
    const domain = guide.domains[rng.int(10) < 5 ? 0 : 1 + rng.int(2)]!;
    const title = words
      .split(' ')
      .slice(0, 3 + rng.int(5))
      .join(' ')
      .replace(/[,;:.]+$/, '');
    const why = texts.at(i + 1).split(/(?<=[.!?]) /)[0]!;
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
              value: texts.at((i * 7) % count).split(/(?<=[.!?]) /)[0]!,
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
      id: firstId + i,
      now: nowOf(i),
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
  type Draft = ReturnType<typeof story>;
  const gone = (s: Draft) => s.status === 'withdrawn';
  const code = (s: Draft) => `${inquiry.code_prefix}-${String(s.i + 1).padStart(4, '0')}`;

  /** The rows of these stories, but for their search text and analyses (languageOf). */
  const rowsOf = (drafts: Draft[]) => {
    const kept = drafts.filter((s) => !gone(s));
    const stories: Row[] = drafts.map((s) => ({
      id: s.id,
      alliance_id: alliance.id,
      inquiry_id: inquiry.id,
      code: code(s),
      status: s.status,
      route: 'interview',
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
      consent_how: 'spoken',
      consent_on: s.toldOn,
      consent_recorded_by: s.interviewer.id,
      read_back_on: ['read_back', 'verified'].includes(s.status) ? day(s.toldOn, 7) : null,
      read_back_by: ['read_back', 'verified'].includes(s.status) ? s.interviewer.id : null,
      read_back_changes: ['read_back', 'verified'].includes(s.status) ? '' : null,
      verified_on: s.status === 'verified' ? day(s.toldOn, 14) : null,
      verified_by: s.status === 'verified' ? coordinator.id : null,
      verification_note: s.status === 'verified' ? 'Checked with the interviewer.' : '',
      withdrawn_at: gone(s) ? s.now : null,
      receipt_hash: null,
      word_count: gone(s) ? 0 : readingWords(s.answers),
      created_by: s.interviewer.id,
      created_at: s.now,
      updated_at: s.now,
    }));
    const answers: Row[] = kept.flatMap((s) =>
      s.answers.map((a, position) => ({
        id: ++ids.answer,
        story_id: s.id,
        question_id: a.questionId,
        position,
        kind: a.kind,
        prompt: a.prompt,
        value: a.value,
      })),
    );
    const attributes: Row[] = kept.flatMap((s) =>
      s.attributes.map((a) => ({ id: ++ids.attribute, story_id: s.id, ...a })),
    );
    const audits: Row[] = drafts.map((s) => ({
      id: ++ids.audit,
      alliance_id: alliance.id,
      actor_user_id: s.interviewer.id,
      actor_name: s.interviewer.name,
      action: gone(s) ? 'story.withdrawn' : s.status === 'draft' ? 'story.drafted' : 'story.recorded',
      subject_type: 'story',
      subject_id: String(s.id),
      detail: JSON.stringify({ code: code(s) }),
      created_at: s.now,
    }));
    return { kept, stories, answers, attributes, audits };
  };

  /** What the language engine makes of the stories' words: the search index's text and the stored analyses. */
  const languageOf = (kept: Draft[]) => {
    const search: Batch['search'] = [];
    const analyses: Row[] = [];
    for (const s of kept) {
      const text = searchableText(s.title, s.answers);
      search.push({ id: s.id, text: indexedText(text, 'en') });
      if (s.status === 'draft') continue;
      const a = analyse(text, 'en');
      analyses.push({
        story_id: s.id,
        inquiry_id: inquiry.id,
        counts: mapJson(a.counts),
        surface: mapJson(a.surface),
        analysed_at: s.now,
      });
    }
    return { search, analyses };
  };

  /** Stories start…end-1 as rows, made a slice at a time: between slices the previous batch goes on being written. */
  const batchOf = async (start: number, end: number): Promise<Batch> => {
    const [stories, answers, attributes, analyses, audits]: [Row[], Row[], Row[], Row[], Row[]] = [[], [], [], [], []];
    const search: Batch['search'] = [];
    for (let from = start; from < end; from += SLICE) {
      const to = Math.min(end, from + SLICE);
      const rows = timed('stories', () => rowsOf(Array.from({ length: to - from }, (_, k) => story(from + k))));
      const words = timed('language', () => languageOf(rows.kept));
      stories.push(...rows.stories);
      answers.push(...rows.answers);
      attributes.push(...rows.attributes);
      audits.push(...rows.audits);
      analyses.push(...words.analyses);
      search.push(...words.search);
      await new Promise(setImmediate);
    }
    return {
      tables: [
        ['stories', stories],
        ['story_answers', answers],
        ['story_attributes', attributes],
        ['story_analysis', analyses],
        ['audit_events', audits],
      ],
      search,
    };
  };

  // PostgreSQL: two clients, each writing every other batch, while this process makes the next (three processes busy,
  // as fits two cores). better-sqlite3 writes in this thread: there each batch is written before the next is made.
  const writers =
    dialect === 'postgres'
      ? await Promise.all([postgresWriter(options.postgresUrl!), postgresWriter(options.postgresUrl!)])
      : [await sqliteWriter(db)];
  try {
    const writing: { end: number; done: Promise<void> }[] = [];
    const oldest = async () => {
      const { end, done } = writing.shift()!;
      await done;
      progress(end);
    };
    for (let start = 0, b = 0; start < count; start += BATCH, b++) {
      const end = Math.min(count, start + BATCH);
      const batch = await batchOf(start, end);
      const t = performance.now();
      if (writing.length === writers.length) await oldest(); // the writer it used is free
      const done = writers[b % writers.length]!.write(batch);
      done.catch(() => {}); // awaited in order below, which throws
      writing.push({ end, done });
      if (dialect === 'sqlite') await oldest();
      seconds.database += (performance.now() - t) / 1000;
    }
    const t = performance.now();
    while (writing.length > 0) await oldest();
    seconds.database += (performance.now() - t) / 1000;
  } finally {
    await Promise.all(writers.map((w) => w.close()));
  }
  const t = performance.now();
  // New stories continue the numbering, as createStory would.
  await db.updateTable('inquiries').set({ story_counter: count }).where('id', '=', inquiry.id).execute();
  // What autovacuum does soon after a bulk load (statistics, and the visibility map that index-only scans use).
  if (dialect === 'postgres') await sql`VACUUM ANALYZE`.execute(db);
  const fresh = await db.selectFrom('inquiries').selectAll().where('id', '=', inquiry.id).executeTakeFirstOrThrow();
  const words = searchWords.pick();
  const used = process.cpuUsage(cpu);
  seconds.finishing = (performance.now() - t) / 1000;
  seconds.total = (performance.now() - began) / 1000;
  return {
    alliance,
    coordinator,
    inquiry: fresh,
    guide: { ...guide, inquiry: fresh },
    stories: count,
    storyIds,
    words,
    // The first choice of "who are you": a filter that keeps a share of the stories, as people use it.
    answer: { attributeId: who!.id, value: choices(who)[0]! },
    figures: {
      seconds,
      cpuSeconds: (used.user + used.system) / 1e6,
      peakMb: Math.round(process.resourceUsage().maxRSS / 1024),
    },
  };
}
