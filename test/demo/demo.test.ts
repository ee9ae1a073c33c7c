import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Inquiry, Story } from '../../server/db/schema.ts';
import { DEMO_PASSWORD, DEMO_PEOPLE, loadDemo, type Demo } from '../../server/demo/load.ts';
import { AI_STORIES, MSC_STORIES } from '../../server/demo/stories-data.ts';
import { ARABIC_STORIES } from '../../server/demo/stories-data-ar.ts';
import { SPANISH_STORIES } from '../../server/demo/stories-data-es.ts';
import { FRENCH_STORIES } from '../../server/demo/stories-data-fr.ts';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { matchesSearch } from '../../server/stories/search.ts';
import { storiesFor } from '../../server/stories/consent.ts';
import { Agent } from '../helpers/agent.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { visibleText } from '../helpers/pages.ts';

let t: TestApp;
let demo: Demo;
let msc: Inquiry;
let ai: Inquiry;
let es: Inquiry;
let fr: Inquiry;
let ar: Inquiry;
let stories: Story[];
beforeAll(async () => {
  t = await testApp();
  demo = await loadDemo(t.db);
  const inquiries = await t.db
    .selectFrom('inquiries')
    .selectAll()
    .where('alliance_id', '=', demo.alliance.id)
    .orderBy('id')
    .execute();
  [msc, ai, es, fr, ar] = inquiries as [Inquiry, Inquiry, Inquiry, Inquiry, Inquiry];
  stories = await t.db.selectFrom('stories').selectAll().where('inquiry_id', '=', msc.id).orderBy('id').execute();
});
afterAll(() => t.close());

const countBy = <T>(items: T[], key: (item: T) => string) =>
  items.reduce<Record<string, number>>((n, i) => ({ ...n, [key(i)]: (n[key(i)] ?? 0) + 1 }), {});
const answersOf = (storyId: number) =>
  t.db.selectFrom('story_answers').selectAll().where('story_id', '=', storyId).orderBy('position').execute();

describe('the demo inquiries', () => {
  it('are an MSC inquiry with its period and open public link, and a small Appreciative Inquiry, both marked fictional', () => {
    expect(msc).toMatchObject({
      title: 'Changes that mattered, spring 2026 (fictional)',
      method: 'msc',
      period_start: '2026-01-01',
      period_end: '2026-06-30',
      period_words: 'six months',
      public_open: 1,
    });
    expect(msc.purpose).toContain('fictional');
    expect(msc.public_token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(ai).toMatchObject({
      title: 'What works on our estates (fictional)',
      method: 'ai',
      ai_topic: 'neighbours helping neighbours',
      public_open: 0,
    });
    expect(demo.stories).toEqual({
      inquiries: 5,
      stories:
        MSC_STORIES.length + AI_STORIES.length + SPANISH_STORIES.length + FRENCH_STORIES.length + ARABIC_STORIES.length,
      drafts: 2,
      withdrawn: 1,
    });
  });

  it('has about thirty MSC stories across all three domains, with codes in the order they were told', async () => {
    expect(stories.length).toBe(30);
    const domains = await t.db.selectFrom('domains').select(['id', 'name']).where('inquiry_id', '=', msc.id).execute();
    const perDomain = countBy(stories, (s) => domains.find((d) => d.id === s.domain_id)!.name);
    expect(Object.keys(perDomain).sort()).toEqual([
      'Any other change',
      'Changes in how services work together',
      "Changes in people's lives",
    ]);
    for (const n of Object.values(perDomain)) expect(n).toBeGreaterThanOrEqual(5);
    expect(stories.map((s) => s.code)).toEqual(stories.map((_, i) => `MSC-${String(i + 1).padStart(4, '0')}`));
    const told = stories.filter((s) => s.told_on).map((s) => s.told_on!);
    expect(told).toEqual([...told].sort());
    for (const day of told) expect(day >= '2026-01-01' && day <= '2026-06-30').toBe(true);
  });

  it('has stories at every status: mostly recorded, some read back and verified, two drafts, one withdrawn', () => {
    expect(countBy(stories, (s) => s.status)).toEqual({
      recorded: 14,
      read_back: 8,
      verified: 5,
      draft: 2,
      withdrawn: 1,
    });
    const verified = stories.filter((s) => s.status === 'verified');
    for (const s of verified)
      expect(s).toMatchObject({
        read_back_on: expect.any(String),
        verified_on: expect.any(String),
        verification_note: expect.stringMatching(/\w/),
      });
    const readBack = stories.filter((s) => s.read_back_on);
    expect(readBack.filter((s) => s.read_back_changes).length).toBeGreaterThanOrEqual(4);
    for (const s of readBack) expect(s.read_back_on! >= s.told_on!).toBe(true);
  });

  it('has stories told through the public link, typed in from paper, and heard by interviewer pairs', async () => {
    const emails = DEMO_PEOPLE.filter((p) => p.role === 'interviewer').map((p) => p.email);
    const interviewers = await t.db.selectFrom('users').select('id').where('email', 'in', emails).execute();
    const byRoute = (route: string) => stories.filter((s) => s.route === route);
    expect(byRoute('public').length).toBe(2);
    for (const s of byRoute('public'))
      expect(s).toMatchObject({ interviewer_id: null, consent_how: 'online', receipt_hash: expect.any(String) });
    expect(byRoute('paper').length).toBe(2);
    for (const s of byRoute('paper')) expect(s.consent_how).toBe('written');
    expect(byRoute('interview').every((s) => s.interviewer_id !== null)).toBe(true);
    expect(byRoute('interview').filter((s) => s.partner_id !== null).length).toBeGreaterThanOrEqual(15);
    expect(new Set(stories.map((s) => s.interviewer_id).filter((id) => id !== null))).toEqual(
      new Set(interviewers.map((u) => u.id)),
    );
  });

  it('varies consent: most go to panels and packs, some may not be quoted or shared with funders, a few published, some anonymous', () => {
    const told = stories.filter((s) => s.status !== 'draft' && s.status !== 'withdrawn');
    const yes = (
      column:
        'consent_panels' | 'consent_packs' | 'consent_quotes' | 'consent_funders' | 'consent_publish' | 'anonymous',
    ) => told.filter((s) => s[column] === 1).length;
    expect(yes('consent_panels')).toBe(told.length);
    expect(yes('consent_packs')).toBe(told.length);
    expect(told.length - yes('consent_quotes')).toBeGreaterThanOrEqual(4);
    expect(told.length - yes('consent_funders')).toBeGreaterThanOrEqual(3);
    expect(yes('consent_publish')).toBeGreaterThanOrEqual(2);
    expect(yes('anonymous')).toBeGreaterThanOrEqual(4);
  });
});

describe('the demo stories', () => {
  it('answer the story and why questions, as they were asked, with the title in the teller’s words', async () => {
    for (const s of stories.filter((s) => s.status !== 'withdrawn')) {
      const answers = await answersOf(s.id);
      expect(answers.map((a) => a.kind)).toEqual(expect.arrayContaining(['story', 'why']));
      for (const a of answers) expect(a.prompt).not.toMatch(/\[(period|domain|topic)\]/);
      expect(answers.find((a) => a.kind === 'story')!.prompt).toMatch(
        /^Looking back over the last six months, what do you think was the most significant change in /,
      );
      if (s.status !== 'draft') expect(answers.find((a) => a.kind === 'title')?.value).toBe(s.title);
    }
  });

  it('keep drafts incomplete: no title, no consent recorded yet', () => {
    for (const s of stories.filter((s) => s.status === 'draft'))
      expect(s).toMatchObject({ title: '', consent_how: null, consent_on: null });
  });

  it('keep only the code of the withdrawn story: no words, no storyteller, not searchable', async () => {
    const withdrawn = stories.find((s) => s.status === 'withdrawn')!;
    expect(withdrawn).toMatchObject({
      title: '',
      storyteller: '',
      told_where: '',
      word_count: 0,
      withdrawn_at: expect.any(String),
    });
    expect(withdrawn.code).toMatch(/^MSC-\d{4}$/);
    expect(await answersOf(withdrawn.id)).toEqual([]);
    expect(
      await t.db.selectFrom('story_attributes').selectAll().where('story_id', '=', withdrawn.id).execute(),
    ).toEqual([]);
  });

  it('record who told them: role, age band and place', async () => {
    const attributes = await t.db
      .selectFrom('story_attributes')
      .innerJoin('stories', 'stories.id', 'story_attributes.story_id')
      .select(['label', 'value'])
      .where('stories.inquiry_id', '=', msc.id)
      .execute();
    const values = (label: string) => new Set(attributes.filter((a) => a.label === label).map((a) => a.value));
    expect([...values('Who are you?')].sort()).toEqual(['Citizen', 'Family member', 'Leader', 'Manager', 'Worker']);
    expect(values('Age band').size).toBeGreaterThanOrEqual(4);
    expect([...values('Place')].sort()).toEqual(['Eastfield', 'Northbank', 'Old Town', 'Riverside']);
  });

  it('share themes that search (and later clustering) can find', async () => {
    const found = async (words: string) =>
      (await storiesFor(t.db, demo.alliance.id).select('stories.id').where(matchesSearch(t.db, words)).execute())
        .length;
    expect(await found('food bank')).toBeGreaterThanOrEqual(4);
    expect(await found('mould')).toBeGreaterThanOrEqual(2);
    expect(await found('key worker')).toBeGreaterThanOrEqual(3);
    expect(await found('assessment')).toBeGreaterThanOrEqual(2);
    expect(await found('lunch club')).toBeGreaterThanOrEqual(2);
    expect(await found('school')).toBeGreaterThanOrEqual(3);
  });

  it('include five Appreciative Inquiry stories answering Discover, Dream, Design and Deliver', async () => {
    const aiStories = await t.db.selectFrom('stories').selectAll().where('inquiry_id', '=', ai.id).execute();
    expect(aiStories).toHaveLength(5);
    for (const s of aiStories) {
      const answers = await answersOf(s.id);
      expect(answers.find((a) => a.kind === 'story')!.prompt).toContain('neighbours helping neighbours');
      expect(answers.filter((a) => a.kind === 'long').length).toBeGreaterThanOrEqual(2);
    }
  });
});

describe('the Spanish demo inquiry', () => {
  it('is an MSC inquiry in Spanish, from the Spanish template, with its public link open', async () => {
    expect(es).toMatchObject({
      title: 'Cambios que importan en la comunidad hispanohablante, 2026 (ficticio)',
      method: 'msc',
      languages: 'es',
      period_words: 'seis meses',
      code_prefix: 'CMS',
      public_open: 1,
    });
    expect(es.purpose).toContain('ficticia');
    const domains = await t.db
      .selectFrom('domains')
      .select('name')
      .where('inquiry_id', '=', es.id)
      .orderBy('position')
      .execute();
    expect(domains.map((d) => d.name)).toEqual([
      'Cambios en la vida de las personas',
      'Cambios en la forma en que los servicios trabajan juntos',
      'Cualquier otro cambio',
    ]);
  });

  it('has a handful of Spanish stories, asked in Spanish, told by Spanish-speaking neighbours', async () => {
    const told = await t.db.selectFrom('stories').selectAll().where('inquiry_id', '=', es.id).orderBy('id').execute();
    expect(told).toHaveLength(SPANISH_STORIES.length);
    expect(told.length).toBeGreaterThanOrEqual(5);
    expect(new Set(told.map((s) => s.language))).toEqual(new Set(['es']));
    expect(told.map((s) => s.code)).toEqual(told.map((_, i) => `CMS-${String(i + 1).padStart(4, '0')}`));
    for (const s of told) {
      const story = (await answersOf(s.id)).find((a) => a.kind === 'story')!;
      expect(story.prompt).toMatch(
        /^Mirando hacia atrás en los últimos seis meses, ¿cuál cree usted que ha sido el cambio más significativo en (la vida de las personas|la forma en que los servicios trabajan juntos|cualquier ámbito de la vida o del trabajo)\?$/,
      );
    }
    const attributes = await t.db
      .selectFrom('story_attributes')
      .innerJoin('stories', 'stories.id', 'story_attributes.story_id')
      .select(['label', 'value'])
      .where('stories.inquiry_id', '=', es.id)
      .execute();
    expect(new Set(attributes.filter((a) => a.label === '¿Quién es usted?').map((a) => a.value))).toEqual(
      new Set(['Ciudadano/a', 'Familiar', 'Trabajador/a']),
    );
    expect(attributes.filter((a) => a.label === 'Franja de edad').map((a) => a.value)).toContain('Más de 65');
  });

  it('shows a Spanish-speaking visitor the Spanish inquiry and its stories, and opens its public link in Spanish', async () => {
    const agent = new Agent(t.app);
    expect((await agent.signIn(DEMO_PEOPLE[0]!.email, DEMO_PASSWORD)).statusCode).toBe(303);
    await t.db.updateTable('users').set({ language: 'es' }).where('email', '=', DEMO_PEOPLE[0]!.email).execute();
    const list = visibleText((await agent.get(`/alliances/${demo.alliance.id}/inquiries`)).body);
    expect(list).toContain('Cambios que importan en la comunidad hispanohablante, 2026 (ficticio)');
    expect(list).toContain('Cambio Más Significativo');
    const storiesPage = visibleText(
      (await agent.get(`/alliances/${demo.alliance.id}/inquiries/${es.id}/stories`)).body,
    );
    expect(storiesPage).toContain('Ya puedo hablar con el médico');
    expect(storiesPage).toContain('Una sola cita en lugar de cuatro ventanillas');
    const tell = await new Agent(t.app).get(`/tell/${es.public_token}`);
    expect(tell.statusCode).toBe(200);
    expect(tell.body).toContain('<html lang="es"');
    expect(visibleText(tell.body)).toContain('¿Por qué es significativo este cambio para usted?');
    await t.db.updateTable('users').set({ language: 'en' }).where('email', '=', DEMO_PEOPLE[0]!.email).execute();
  });
});

/** What each of the other languages' demo inquiries says, written out so a story or question left in English fails. */
const OTHER_LANGUAGES = {
  fr: {
    inquiry: () => fr,
    count: FRENCH_STORIES.length,
    title: 'Ce qui a changé dans l’aide alimentaire à Lyon, 2026 (fictif)',
    fictional: 'fictive',
    periodWords: 'six mois',
    prefix: 'CPS',
    domains: [
      'Changements dans la vie des personnes',
      'Changements dans la façon dont les services travaillent ensemble',
      'Tout autre changement',
    ],
    asked:
      /^Si vous repensez aux six mois qui viennent de passer, quel a été selon vous le changement le plus significatif dans (la vie des personnes|la façon dont les services travaillent ensemble|n’importe quel domaine de la vie ou du travail)\u202f\?$/,
    who: 'Qui êtes-vous\u202f?',
    whoValues: ['Habitant·e', 'Membre de la famille', 'Professionnel·le', 'Responsable d’équipe', 'Dirigeant·e'],
    age: 'Tranche d’âge',
    storyTitles: ['Je refais mes courses moi-même', 'Un seul dossier au lieu de trois'],
    why: 'Pourquoi ce changement compte-t-il pour vous?',
  },
  ar: {
    inquiry: () => ar,
    count: ARABIC_STORIES.length,
    title: 'التغيّرات المهمة في مركز شباب الياسمين، عمّان، 2026 (خيالي)',
    fictional: 'خيالي',
    periodWords: 'الأشهر الستة',
    prefix: 'TAA',
    domains: ['التغيّرات في حياة الناس', 'التغيّرات في طريقة عمل الخدمات معًا', 'أي تغيير آخر'],
    asked:
      /^إذا نظرت إلى الأشهر الستة الماضية، ما التغيير الأكثر أهمية برأيك في (حياة الناس|طريقة عمل الخدمات معًا|أي جانب من جوانب الحياة أو العمل)؟$/,
    who: 'ما صفتك؟',
    whoValues: ['مواطن/ة', 'من أفراد الأسرة', 'عامل/ة', 'مسؤول/ة فريق', 'قيادي/ة'],
    age: 'الفئة العمرية',
    storyTitles: ['صرت أتكلم أمام الناس', 'المركز والمدرسة يتكلمان معًا'],
    why: 'لماذا لهذا التغيير أهمية عندك؟',
  },
} as const;
/** French pages wait for locales/fr.json, which comes on its own branch; the French stories and questions do not. */
const interfaceIn = (code: string) => existsSync(join(import.meta.dirname, '..', '..', 'locales', `${code}.json`));

describe.each(Object.keys(OTHER_LANGUAGES) as (keyof typeof OTHER_LANGUAGES)[])('the %s demo inquiry', (code) => {
  const expected = OTHER_LANGUAGES[code];

  it('is an MSC inquiry from its language’s template, marked fictional, with its public link open', async () => {
    const inquiry = expected.inquiry();
    expect(inquiry).toMatchObject({
      title: expected.title,
      method: 'msc',
      languages: code,
      period_words: expected.periodWords,
      code_prefix: expected.prefix,
      public_open: 1,
    });
    expect(inquiry.purpose).toContain(expected.fictional);
    const domains = await t.db
      .selectFrom('domains')
      .select('name')
      .where('inquiry_id', '=', inquiry.id)
      .orderBy('position')
      .execute();
    expect(domains.map((d) => d.name)).toEqual(expected.domains);
  });

  it('has eight to ten stories in its language, asked in it, varied in domain, route, status and consent', async () => {
    const inquiry = expected.inquiry();
    const told = await t.db
      .selectFrom('stories')
      .selectAll()
      .where('inquiry_id', '=', inquiry.id)
      .orderBy('id')
      .execute();
    expect(told).toHaveLength(expected.count);
    expect(told.length).toBeGreaterThanOrEqual(8);
    expect(told.length).toBeLessThanOrEqual(10);
    expect(new Set(told.map((s) => s.language))).toEqual(new Set([code]));
    expect(told.map((s) => s.code)).toEqual(told.map((_, i) => `${expected.prefix}-${String(i + 1).padStart(4, '0')}`));
    expect(new Set(told.map((s) => s.domain_id)).size).toBe(3);
    expect(new Set(told.map((s) => s.route))).toEqual(new Set(['interview', 'paper', 'public']));
    expect(new Set(told.map((s) => s.status))).toEqual(new Set(['recorded', 'read_back', 'verified']));
    expect(told.some((s) => s.anonymous === 1)).toBe(true);
    expect(told.some((s) => s.consent_quotes === 0)).toBe(true);
    expect(told.some((s) => s.consent_funders === 0)).toBe(true);
    expect(told.some((s) => s.consent_publish === 1)).toBe(true);
    for (const s of told) {
      const answers = await answersOf(s.id);
      expect(answers.find((a) => a.kind === 'story')!.prompt).toMatch(expected.asked);
      // Written in its language: no English sentence among the answers.
      for (const a of answers) expect(a.value).not.toMatch(/\b(the|and|was|with)\b/);
    }
    const attributes = await t.db
      .selectFrom('story_attributes')
      .innerJoin('stories', 'stories.id', 'story_attributes.story_id')
      .select(['label', 'value'])
      .where('stories.inquiry_id', '=', inquiry.id)
      .execute();
    const who = attributes.filter((a) => a.label === expected.who).map((a) => a.value);
    expect(who).toHaveLength(expected.count);
    for (const value of who) expect(expected.whoValues).toContain(value);
    expect(attributes.filter((a) => a.label === expected.age)).toHaveLength(expected.count);
  });

  it('shows its stories on its inquiry’s pages, and its public link asks its questions', async () => {
    const inquiry = expected.inquiry();
    const agent = new Agent(t.app);
    expect((await agent.signIn(DEMO_PEOPLE[0]!.email, DEMO_PASSWORD)).statusCode).toBe(303);
    const storiesPage = visibleText(
      (await agent.get(`/alliances/${demo.alliance.id}/inquiries/${inquiry.id}/stories`)).body,
    );
    for (const title of expected.storyTitles) expect(storiesPage).toContain(title);
    const tell = await new Agent(t.app).get(`/tell/${inquiry.public_token}`);
    expect(tell.statusCode).toBe(200);
    expect(visibleText(tell.body)).toContain(expected.why);
    if (interfaceIn(code)) expect(tell.body).toContain(`<html lang="${code}"`);
    else console.warn(`Not checking the ${code} public page's own language: locales/${code}.json is not merged yet.`);
  });
});

describe('the demo on screen', () => {
  it('shows the coordinator both inquiries and the stories, and opens the public link to anyone', async () => {
    const agent = new Agent(t.app);
    expect((await agent.signIn(DEMO_PEOPLE[0]!.email, DEMO_PASSWORD)).statusCode).toBe(303);
    const list = visibleText((await agent.get(`/alliances/${demo.alliance.id}/inquiries`)).body);
    expect(list).toContain('Changes that mattered, spring 2026 (fictional)');
    expect(list).toContain('What works on our estates (fictional)');
    const storiesPage = await agent.get(`/alliances/${demo.alliance.id}/inquiries/${msc.id}/stories`);
    expect(storiesPage.statusCode).toBe(200);
    expect(visibleText(storiesPage.body)).toContain('They finally fixed the damp');
    const story = stories.find((s) => s.title === 'They finally fixed the damp')!;
    const page = await agent.get(`/alliances/${demo.alliance.id}/stories/${story.id}`);
    expect(visibleText(page.body)).toContain('Every winter the wall behind the bunk beds went black with mould.');
    const tell = await new Agent(t.app).get(`/tell/${msc.public_token}`);
    expect(tell.statusCode).toBe(200);
    expect(visibleText(tell.body)).toContain('Changes that mattered, spring 2026 (fictional)');
  });
});
