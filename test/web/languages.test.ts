/**
 * Languages: every locale file says everything English says (same keys, same placeholders, each language's plural
 * forms), visitors choose with the switcher (no JavaScript, never off-site), signed-in people on their account page,
 * public links open in the inquiry's language, Spanish pages are valid and in Spanish, and dates and numbers follow
 * the page's language.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerHelpers } from '../../server/web/helpers/index.ts';
import { LANGUAGES, translator } from '../../server/web/i18n.ts';
import { fromAcceptLanguage, linkLanguage } from '../../server/web/language.ts';
import { Agent, signedIn } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { htmlErrors } from '../helpers/html.ts';
import { fieldError, flash, heading, visibleText } from '../helpers/pages.ts';
import { snapshot } from '../helpers/snapshot.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';
import { addRoundStories, guestIn, makeRound } from '../rounds/round-fixtures.ts';

const localesDir = join(import.meta.dirname, '..', '..', 'locales');
type Tree = { [key: string]: string | Tree };
const load = (file: string) => JSON.parse(readFileSync(join(localesDir, file), 'utf8')) as Tree;
const flatten = (tree: Tree, prefix = ''): Map<string, string> =>
  new Map(
    Object.entries(tree).flatMap(([k, v]) =>
      typeof v === 'string' ? [[`${prefix}${k}`, v] as const] : [...flatten(v, `${prefix}${k}.`)],
    ),
  );
const PLURAL = /_(zero|one|two|few|many|other)$/;
const placeholders = (text: string) => [...new Set([...text.matchAll(/\{\{\s*([\w.]+)/g)].map((m) => m[1]!))].sort();

/** Keys without plural suffixes, each with the placeholders its forms use between them. */
function bases(strings: Map<string, string>): Map<string, string[]> {
  const found = new Map<string, Set<string>>();
  for (const [key, text] of strings) {
    const base = key.replace(PLURAL, '');
    const set = found.get(base) ?? new Set<string>();
    placeholders(text).forEach((p) => set.add(p));
    found.set(base, set);
  }
  return new Map([...found].map(([k, v]) => [k, [...v].sort()]));
}

const english = flatten(load('en.json'));
const others = readdirSync(localesDir).filter((f) => f.endsWith('.json') && f !== 'en.json');

describe('every language file', () => {
  it('there is at least Spanish', () => {
    expect(others).toContain('es.json');
  });

  for (const file of others) {
    const lang = file.replace(/\.json$/, '');
    const strings = flatten(load(file));

    it(`${lang} has every English key and no others, with the same placeholders`, () => {
      const en = bases(english);
      const theirs = bases(strings);
      expect([...en.keys()].filter((k) => !theirs.has(k))).toEqual([]);
      expect([...theirs.keys()].filter((k) => !en.has(k))).toEqual([]);
      const differing = [...en]
        .filter(([k, p]) => theirs.has(k) && JSON.stringify(theirs.get(k)) !== JSON.stringify(p))
        .map(([k]) => k);
      expect(differing).toEqual([]);
      expect([...strings.values()].filter((text) => text.trim() === '')).toEqual([]);
    });

    it(`${lang} has each of its own plural forms wherever English counts`, () => {
      const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
      const counted = new Set(
        [...english.keys()].filter((k) => k.endsWith('_other')).map((k) => k.replace(PLURAL, '')),
      );
      const missing = [...counted].flatMap((base) =>
        categories.filter((c) => !strings.has(`${base}_${c}`)).map((c) => `${base}_${c}`),
      );
      expect(missing).toEqual([]);
      const unknownForms = [...strings.keys()].filter(
        (k) => PLURAL.test(k) && !categories.includes(k.match(PLURAL)![1] as Intl.LDMLPluralRule),
      );
      expect(unknownForms).toEqual([]);
    });

    it(`${lang} names itself, so the switcher can offer it`, () => {
      expect(strings.get('language.self')).toBeTruthy();
      expect(strings.get('language.self')).not.toBe(english.get('language.self'));
    });
  }
});

describe('picking a language from what a browser asks for', () => {
  it('takes the best supported language by quality', () => {
    expect(fromAcceptLanguage('es-MX,es;q=0.9,en;q=0.5')).toBe('es');
    expect(fromAcceptLanguage('fr-FR, en;q=0.4, es;q=0.8')).toBe('fr');
    expect(fromAcceptLanguage('de-DE, en;q=0.4, ar;q=0.8')).toBe('ar');
    expect(fromAcceptLanguage('de, nl;q=0.5')).toBeUndefined();
    expect(fromAcceptLanguage('es;q=0, en')).toBe('en');
    expect(fromAcceptLanguage(undefined)).toBeUndefined();
  });

  it('gives a public link the first story language the interface speaks', () => {
    expect(linkLanguage('qu, es, en')).toBe('es');
    expect(linkLanguage('pt-BR')).toBeUndefined();
    expect(linkLanguage('en')).toBe('en');
  });
});

describe('dates and numbers in the page language', () => {
  const hbs = Handlebars.create();
  registerHelpers(hbs);
  const render = (template: string, lang: string, data: Record<string, unknown> = {}) =>
    hbs.compile(template)({ lang, ...data });

  it('writes a day the way each language does, keeping the ISO date for machines', () => {
    expect(render('{{date d style="date"}}', 'en', { d: '2026-03-31' })).toBe('31 Mar 2026');
    expect(render('{{date d style="date"}}', 'es', { d: '2026-03-31' })).toBe('31 mar 2026');
    expect(render('{{date d}}', 'es', { d: '2026-03-31T14:05:00.000Z' })).toBe('31 mar 2026, 14:05 UTC');
  });

  it('groups digits the way each language does', () => {
    expect(render('{{num n}}', 'en', { n: 12345 })).toBe('12,345');
    expect(render('{{num n}}', 'es', { n: 12345 })).toBe('12.345');
    expect(render('{{num n}}', 'es', { n: null })).toBe('');
  });

  it('separates the items of a list the way each language does (the report, rounds, codebook, learning log)', () => {
    const list = '{{#each xs}}{{this}}{{#unless @last}}{{t "lists.comma"}}{{/unless}}{{/each}}';
    const steps = '{{#each xs}}{{this}}{{#unless @last}}{{t "lists.semicolon"}}{{/unless}}{{/each}}';
    expect(render(list, 'en', { xs: ['a', 'b', 'c'] })).toBe('a, b, c');
    expect(render(list, 'ar', { xs: ['أ', 'ب'] })).toBe('أ، ب');
    expect(render(steps, 'ar', { xs: ['أ', 'ب'] })).toBe('أ؛ ب');
    expect(render(steps, 'fr', { xs: ['a', 'b'] })).toBe('a\u202f; b');
  });
});

describe('choosing a language', () => {
  let t: TestApp;
  let world: Awaited<ReturnType<typeof makeAlliance>>;
  beforeAll(async () => {
    t = await testApp();
    world = await makeAlliance(t.db, 'Lenguas Alliance');
  });
  afterAll(async () => t?.close());

  it('shows a visitor the language their browser asks for, with <html lang> to match', async () => {
    const es = await t.app.inject({ url: '/sign-in', headers: { 'accept-language': 'es-ES,es;q=0.9,en;q=0.8' } });
    expect(es.body).toMatch(/<html lang="es" dir="ltr">/);
    expect(heading(es.body)).toBe('Iniciar sesión');
    const ar = await t.app.inject({ url: '/sign-in', headers: { 'accept-language': 'ar-JO,ar;q=0.9' } });
    expect(ar.body).toMatch(/<html lang="ar" dir="rtl">/);
    expect(heading(ar.body)).toBe(translator('ar')('accounts.sign-in.title'));
    const de = await t.app.inject({ url: '/sign-in', headers: { 'accept-language': 'de-DE' } });
    expect(de.body).toMatch(/<html lang="en" dir="ltr">/);
    expect(heading(de.body)).toBe('Sign in');
  });

  it('offers every language as plain links in the header, each back to the same page', async () => {
    const res = await new Agent(t.app).get('/join?code=ABCDEF');
    const nav = /<nav class="language-nav" aria-label="Language">([\s\S]*?)<\/nav>/.exec(res.body)?.[1] ?? '';
    const links = [
      ...nav.matchAll(
        /<a href="([^"]+)" lang="(\w+)" dir="(?:ltr|rtl)" hreflang="\w+"( aria-current="true")?>([^<]+)<\/a>/g,
      ),
    ].map((m) => ({
      href: m[1]!.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&'),
      lang: m[2],
      current: Boolean(m[3]),
      name: m[4],
    }));
    expect(links).toEqual(
      LANGUAGES.map((code) => ({
        href: `/language?lang=${code}&next=%2Fjoin%3Fcode%3DABCDEF`,
        lang: code,
        current: code === 'en',
        name: translator(code)('language.self'),
      })),
    );
    expect(links.map((l) => l.name)).toEqual(expect.arrayContaining(['English', 'Español', 'العربية']));
    // Signed-in people choose on their account page instead.
    const member = await signedIn(t.app, world.reader.email);
    const page = await member.get(`/alliances/${world.alliance.id}`);
    expect(page.body).not.toContain('class="language-nav"');
    expect(page.body).toContain('<a href="/account">Your language</a>');
  });

  it('remembers a visitor’s choice without JavaScript and returns them to the page they were on', async () => {
    const visitor = new Agent(t.app);
    const res = await visitor.get('/language?lang=es&next=%2Fjoin%3Fcode%3DABCDEF');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/join?code=ABCDEF');
    const page = await visitor.get('/join?code=ABCDEF');
    expect(page.body).toMatch(/<html lang="es" dir="ltr">/);
    expect(heading(page.body)).toBe('Unirse a una ronda');
    // The choice beats what the browser asks for.
    const back = await t.app.inject({ url: '/sign-in', headers: { cookie: visitor.cookie, 'accept-language': 'en' } });
    expect(heading(back.body)).toBe('Iniciar sesión');
  });

  it('only ever returns to a page on this site, and ignores languages it does not have', async () => {
    for (const next of [
      '//evil.example/x',
      'https://evil.example/',
      '/\\evil.example',
      '/\t/evil.example',
      'javascript:alert(1)',
    ]) {
      const res = await t.app.inject({ url: `/language?lang=es&next=${encodeURIComponent(next)}` });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location, next).toBe('/');
    }
    const unknown = await t.app.inject({ url: '/language?lang=xx&next=%2Fsign-in' });
    expect(unknown.headers.location).toBe('/sign-in');
    expect(unknown.cookies.find((c) => c.name === 'hearth_lang')).toBeUndefined();
  });

  it('lets a signed-in person choose on their account page, and keeps it across sign-out and sign-in', async () => {
    const person = await signedIn(t.app, world.facilitator.email);
    const account = await person.get('/account');
    expect(account.statusCode).toBe(200);
    expect(await htmlErrors(account.body)).toEqual([]);
    expect(account.body).toContain('lang="es" dir="ltr">Español</label>');

    const saved = await person.post('/account/language', { language: 'es' });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/account');
    const after = await person.get('/account');
    expect(after.body).toMatch(/<html lang="es" dir="ltr">/);
    expect(heading(after.body)).toBe('Su idioma');
    expect(flash(after.body)).toBe('Su idioma se ha guardado. Las páginas de Hearth ya aparecen en él.');
    const audit = await t.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'account.language_changed')
      .execute();
    expect(audit.map((e) => [e.actor_user_id, JSON.parse(e.detail)])).toEqual([
      [world.facilitator.id, { language: 'es' }],
    ]);

    // Another device: no cookie, a browser asking for English; the account's choice still wins after signing in.
    const elsewhere = new Agent(t.app);
    expect(heading((await elsewhere.get('/sign-in')).body)).toBe('Sign in');
    await elsewhere.signIn(world.facilitator.email);
    const overview = await elsewhere.get(`/alliances/${world.alliance.id}`);
    expect(overview.body).toMatch(/<html lang="es" dir="ltr">/);
    expect(visibleText(overview.body)).toContain('Su rol aquí:');

    // Signing out keeps this browser in the chosen language.
    await person.post('/sign-out');
    const signInPage = await person.get('/sign-in?bye=1');
    expect(heading(signInPage.body)).toBe('Iniciar sesión');
    expect(visibleText(signInPage.body)).toContain('Ha cerrado la sesión.');
  });

  it('refuses a language it does not have, beside the field, changing nothing', async () => {
    const person = await signedIn(t.app, world.reader.email);
    await person.get('/account');
    const before = await snapshot(t.db);
    const res = await person.post('/account/language', { language: 'xx' });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'language')).toBe('Choose one of the languages listed.');
    expect(res.body).toContain('<a href="#field-language">Choose one of the languages listed.</a>');
    expect(await htmlErrors(res.body)).toEqual([]);
    expect(await snapshot(t.db)).toEqual(before);
  });

  it('sends someone signed out to sign in, and refuses a post without its security token', async () => {
    const res = await t.app.inject({ url: '/account' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/sign-in?next=%2Faccount');
    const person = await signedIn(t.app, world.interviewer.email);
    await person.get('/account');
    const before = await snapshot(t.db);
    const stale = await person.post('/account/language', { _csrf: 'stale', language: 'es' });
    expect(stale.statusCode).toBe(422);
    expect(await snapshot(t.db)).toEqual(before);
  });

  it('makes a new account in the language its person was reading in', async () => {
    const coordinator = await signedIn(t.app, world.coordinator.email);
    const made = await coordinator.submit(
      `/alliances/${world.alliance.id}/invitations`,
      `/alliances/${world.alliance.id}/invitations`,
      { invitee: 'Lucía', role: 'interviewer' },
    );
    const token = /\/invitations\/([A-Za-z0-9_-]{43})["<]/.exec(made.body)?.[1];
    expect(token).toBeTruthy();
    const newcomer = new Agent(t.app);
    await newcomer.get(`/language?lang=es&next=%2F`);
    const page = await newcomer.get(`/invitations/${token}`);
    expect(page.body).toMatch(/<html lang="es" dir="ltr">/);
    const joined = await newcomer.post(`/invitations/${token}`, {
      name: 'Lucía',
      email: 'lucia@example.org',
      password: 'una clave muy larga',
      repeatPassword: 'una clave muy larga',
    });
    expect(joined.statusCode).toBe(303);
    const user = await t.db
      .selectFrom('users')
      .select('language')
      .where('email', '=', 'lucia@example.org')
      .executeTakeFirstOrThrow();
    expect(user.language).toBe('es');
  });
});

/** Each language's pages, as Spanish was checked first: in the language, valid, no English sentence left. */
describe.each(LANGUAGES.filter((l) => l !== 'en'))('pages in %s', (lang) => {
  let t: TestApp;
  let world: Awaited<ReturnType<typeof makeAlliance>>;
  let base: string;
  let roundId: number;
  let joinCode: string;
  const tr = translator(lang);
  const dir = lang === 'ar' ? 'rtl' : 'ltr';
  const htmlOpens = new RegExp(`<html lang="${lang}" dir="${dir}">`);
  /** English interface sentences that differ in this language: none may show on its pages. */
  const theirs = flatten(load(`${lang}.json`));
  const untranslated = (html: string) => {
    const text = visibleText(html);
    return [...english]
      .filter(([k, en]) => en.length >= 16 && !en.includes('{{') && theirs.get(k) !== en && text.includes(en))
      .map(([k]) => k);
  };
  const expectInLanguage = async (html: string, title: string) => {
    expect(html).toMatch(htmlOpens);
    expect(heading(html)).toBe(title);
    expect(untranslated(html)).toEqual([]);
    expect(await htmlErrors(html)).toEqual([]);
  };

  beforeAll(async () => {
    t = await testApp();
    world = await makeAlliance(t.db, 'Alianza del Puerto');
    await t.db.updateTable('users').set({ language: lang }).execute();
    const inquiry = await makeInquiry(t.db, world.alliance, world.coordinator, 'msc', 'Lo que cambió este año');
    await t.db
      .updateTable('inquiries')
      .set({ languages: `${lang}, en`, public_token: 'token-publico-de-prueba', public_open: 1 })
      .where('id', '=', inquiry.id)
      .execute();
    const story = await makeStory(t.db, inquiry, {
      title: 'El día que nos escucharon',
      words: 'Cuando mi hijo volvió del hospital, la enfermera y el vecino nos esperaban.',
      toldOn: '2026-03-31',
    });
    const round = await makeRound(t.db, world.alliance.id, inquiry.id, { name: 'Mesa 3' });
    await addRoundStories(t.db, round.id, [story.id]);
    base = `/alliances/${world.alliance.id}/inquiries/${inquiry.id}`;
    roundId = round.id;
    joinCode = round.join_code;
  });
  afterAll(async () => t?.close());

  it('sign-in', async () => {
    const res = await t.app.inject({ url: '/sign-in', headers: { 'accept-language': lang } });
    await expectInLanguage(res.body, tr('accounts.sign-in.title'));
    expect(visibleText(res.body)).toContain(tr('forms.labels.email'));
  });

  it('the inquiry page, with the cycle in the language and the public link’s language', async () => {
    const res = await (await signedIn(t.app, world.coordinator.email)).get(base);
    await expectInLanguage(res.body, 'Lo que cambió este año');
    expect(res.body).toContain(`<nav class="cycle-nav" aria-label="${tr('cycle.navLabel')}">`);
    expect(visibleText(res.body)).toContain(tr('language.self'));
  });

  it('the interview form', async () => {
    const res = await (await signedIn(t.app, world.interviewer.email)).get(`${base}/interviews/new`);
    await expectInLanguage(res.body, tr('stories.interview.title'));
    expect(visibleText(res.body)).toContain(tr('stories.form.record'));
  });

  it('the story page, keeping the story’s own words and language, with dates in the language', async () => {
    const list = await (await signedIn(t.app, world.interviewer.email)).get(`${base}/stories`);
    const href = /href="(\/alliances\/\d+\/stories\/\d+)"/.exec(list.body)![1]!;
    const res = await (await signedIn(t.app, world.interviewer.email)).get(href);
    expect(res.body).toMatch(htmlOpens);
    expect(untranslated(res.body)).toEqual([]);
    expect(await htmlErrors(res.body)).toEqual([]);
    expect(res.body).toContain('lang="en" dir="ltr">Cuando mi hijo volvió del hospital');
    const day = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date('2026-03-31'));
    expect(res.body).toContain(`<time datetime="2026-03-31">${day}</time>`);
    expect(visibleText(list.body)).toContain(day);
  });

  it('/join, taking part and reading a story as a guest who chose the language', async () => {
    const guest = new Agent(t.app);
    await guest.get(`/language?lang=${lang}&next=%2Fjoin`);
    await expectInLanguage((await guest.get('/join')).body, tr('rounds.join.title'));
    const joined = await guest.post('/join', { code: joinCode, name: 'Ana' });
    expect(joined.statusCode).toBe(303);
    const takePart = await guest.get(`/rounds/${roundId}/take-part`);
    expect(takePart.body).toMatch(htmlOpens);
    expect(untranslated(takePart.body)).toEqual([]);
    expect(await htmlErrors(takePart.body)).toEqual([]);
    expect(visibleText(takePart.body)).toContain(tr('panel.you', { name: 'Ana' }));
  });

  it('taking part in the language the browser asks for, when the guest has not chosen', async () => {
    const guest = await guestIn(t.app, joinCode, 'Leo');
    const res = await t.app.inject({
      url: `/rounds/${roundId}/take-part`,
      headers: { cookie: guest.cookie, 'accept-language': `${lang}-XX` },
    });
    expect(res.body).toMatch(htmlOpens);
  });

  it('the feedback page', async () => {
    const res = await (
      await signedIn(t.app, world.facilitator.email)
    ).get(`/alliances/${world.alliance.id}/rounds/${roundId}/feedback`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(htmlOpens);
    expect(untranslated(res.body)).toEqual([]);
    expect(await htmlErrors(res.body)).toEqual([]);
    expect(visibleText(res.body)).toContain(tr('feedback.notSent'));
  });

  it('the public link opens in the inquiry’s first language, unless the visitor chose another', async () => {
    const res = await t.app.inject({ url: '/tell/token-publico-de-prueba', headers: { 'accept-language': 'en-GB' } });
    await expectInLanguage(res.body, 'Lo que cambió este año');
    expect(visibleText(res.body)).toContain(tr('tell.intro'));
    const chosen = new Agent(t.app);
    await chosen.get('/language?lang=en&next=%2F');
    const english = await chosen.get('/tell/token-publico-de-prueba');
    expect(english.body).toMatch(/<html lang="en" dir="ltr">/);
    expect(visibleText(english.body)).toContain('Tell your story in your own words.');
  });

  it('the account page', async () => {
    const res = await (await signedIn(t.app, world.reader.email)).get('/account');
    await expectInLanguage(res.body, tr('language.account.title'));
  });
});
