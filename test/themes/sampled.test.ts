/**
 * Themes at scale (issue 20): a run over more stories than its sample size finds its themes on a seeded sample and
 * then assigns every story, page by page. Here the sample is 30 stories of 90 and pages are 10 stories.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Inquiry, Story } from '../../server/db/schema.ts';
import { withdrawStory } from '../../server/stories/care-store.ts';
import { themeModel } from '../../server/text/assign.ts';
import { findThemes } from '../../server/text/engine.ts';
import { analyse } from '../../server/text/text.ts';
import { ThemeJobs } from '../../server/themes/jobs.ts';
import { signedIn } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { visibleText } from '../helpers/pages.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';
import { GROUPS } from './theme-fixture.ts';

type Group = keyof typeof GROUPS;
let t: TestApp;
let people: Awaited<ReturnType<typeof makeAlliance>>;
let inquiry: Inquiry;
const groups = {} as Record<Group, Story[]>;
let base: string;

/** 30 stories a subject: two of its four texts each, so no two stories of a subject are quite alike. */
const textsOf = (group: Group) =>
  Array.from({ length: 30 }, (_, i) => {
    const texts = GROUPS[group];
    return `${texts[i % 4]} ${texts[(i + 1 + Math.floor(i / 4)) % 4]}`;
  });

beforeEach(async () => {
  t = await testApp();
  people = await makeAlliance(t.db);
  inquiry = await makeInquiry(t.db, people.alliance, people.coordinator);
  for (const group of Object.keys(GROUPS) as Group[]) {
    groups[group] = [];
    for (const [i, words] of textsOf(group).entries())
      groups[group].push(await makeStory(t.db, inquiry, { words, title: `${group} ${i + 1}`, why: 'It mattered.' }));
  }
  base = `/alliances/${people.alliance.id}`;
});
afterEach(() => t.close());

async function queue() {
  const coordinator = await signedIn(t.app, people.coordinator.email);
  const url = `${base}/inquiries/${inquiry.id}/themes`;
  const res = await coordinator.submit(url, url, { k: '3', seed: '7' });
  expect(res.statusCode).toBe(303);
  return { coordinator, url: res.headers.location as string };
}

/** Works the queued run with these jobs, noting every step the run page could show meanwhile. */
async function work(jobs: ThemeJobs): Promise<string[]> {
  const steps: string[] = [];
  const watch = setInterval(() => {
    void t.db
      .selectFrom('analysis_runs')
      .select('step')
      .orderBy('id', 'desc')
      .executeTakeFirst()
      .then((r) => r && steps.at(-1) !== r.step && steps.push(r.step));
  }, 2);
  try {
    expect(await jobs.tick()).toBe(true);
  } finally {
    clearInterval(watch);
  }
  return steps;
}

/** Each theme's members, as sorted story ids, themes in order of their first story. */
async function partition(runId: number): Promise<number[][]> {
  const rows = await t.db
    .selectFrom('theme_stories')
    .innerJoin('themes', 'themes.id', 'theme_stories.theme_id')
    .select(['themes.id', 'theme_stories.story_id', 'theme_stories.rank'])
    .where('themes.run_id', '=', runId)
    .execute();
  const by = new Map<number, { story_id: number; rank: number }[]>();
  for (const r of rows) by.set(r.id, [...(by.get(r.id) ?? []), r]);
  for (const members of by.values())
    // Ranks within a theme run 0, 1, 2… (nearest its centre first).
    expect(members.map((m) => m.rank).sort((a, b) => a - b)).toEqual(members.map((_, i) => i));
  return [...by.values()].map((m) => m.map((r) => r.story_id).sort((a, b) => a - b)).sort((a, b) => a[0]! - b[0]!);
}
const idsOf = (stories: Story[]) => stories.map((s) => s.id).sort((a, b) => a - b);

describe('themes over more stories than the sample', () => {
  it('finds the themes on a sample, then assigns every story, showing each step, as well as a full run', async () => {
    const { coordinator, url } = await queue();
    // Withdrawn after the run was asked for: it must not be assigned.
    const gone = groups.food[5]!;
    await withdrawStory(t.db, null, 'The storyteller', gone);
    const steps = await work(new ThemeJobs(t.db, undefined, { sampleSize: 30, batch: 10 }));

    expect(steps.some((s) => s.startsWith('Finding themes on a sample of 30 stories'))).toBe(true);
    expect(steps.some((s) => /^Assigning stories: \d+ of 90$/.test(s))).toBe(true);
    const run = await t.db.selectFrom('analysis_runs').selectAll().executeTakeFirstOrThrow();
    expect([run.status, run.progress, run.k]).toEqual(['done', 1, 3]);
    const page = await coordinator.get(url);
    expect(visibleText(page.body)).toContain('Found 3 themes.');
    expect(visibleText(page.body)).toContain(
      'These themes were found on a random sample of 30 of the stories, chosen with the seed; then every story was placed in the theme it is nearest.',
    );

    // Every story but the withdrawn one is in exactly one theme, and the three subjects come apart.
    const sampled = await partition(run.id);
    const food = idsOf(groups.food).filter((id) => id !== gone.id);
    expect(sampled).toEqual([idsOf(groups.damp), food, idsOf(groups.school)]);
    const labels = (await t.db.selectFrom('themes').select('label').execute()).map((r) => r.label).join(' | ');
    expect(labels).toMatch(/damp|mould|repairs/);
    expect(labels).toMatch(/food|parcel/);
    expect(labels).toMatch(/school|teacher|reading|homework/);

    // A full run (the default sample size is far above 90) groups the stories the same way.
    await queue();
    expect(await t.app.jobs.tick()).toBe(true);
    expect(await partition(run.id + 1)).toEqual(sampled);
  });

  it('leaves a run at or below the sample size to the full engine', async () => {
    const { coordinator, url } = await queue();
    const steps = await work(new ThemeJobs(t.db, undefined, { sampleSize: 90, batch: 10 }));
    expect(steps.some((s) => s.includes('sample') || s.startsWith('Assigning'))).toBe(false);
    expect((await t.db.selectFrom('analysis_runs').select('status').executeTakeFirstOrThrow()).status).toBe('done');
    expect(visibleText((await coordinator.get(url)).body)).not.toContain('random sample');
  });
});

describe('placing a story in themes found without it', () => {
  it('puts each story where the engine put it, and sets apart a story with no words', () => {
    const docs = (Object.keys(GROUPS) as Group[]).flatMap((g) =>
      textsOf(g).map((text, i) => ({ id: `${g}${i}`, text, language: 'en' })),
    );
    let model: ReturnType<typeof themeModel> | undefined;
    const result = findThemes(docs, { k: 3, seed: 7, onModel: (m) => (model = m) });
    for (const p of result.points)
      expect(model!.place(analyse(docs.find((d) => d.id === p.id)!.text, 'en')).theme).toBe(p.theme);
    expect(model!.place(analyse('', 'en')).theme).toBe(-1);
    expect(model!.place(analyse('Zebra quixotic xylophone.', 'en')).theme).toBe(-2);
  });
});
