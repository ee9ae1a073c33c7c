/**
 * The run page as a new user meets it: a form that fails inside "Change this theme" opens there with its message,
 * the summary names the theme; and a run by domain says it asked for themes in each domain, and what each gave.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Inquiry } from '../../server/db/schema.ts';
import { loadGuide } from '../../server/inquiries/inquiries-store.ts';
import { signedIn } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { htmlErrors } from '../helpers/html.ts';
import { fieldError, visibleText } from '../helpers/pages.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';
import { GROUPS, makeThemedStories } from './theme-fixture.ts';

let t: TestApp;
let people: Awaited<ReturnType<typeof makeAlliance>>;
let inquiry: Inquiry;
let base: string;
beforeEach(async () => {
  t = await testApp();
  people = await makeAlliance(t.db);
  inquiry = await makeInquiry(t.db, people.alliance, people.coordinator);
  base = `/alliances/${people.alliance.id}`;
});
afterEach(() => t.close());

async function runThemes(fields: Record<string, string>) {
  const coordinator = await signedIn(t.app, people.coordinator.email);
  const themes = `${base}/inquiries/${inquiry.id}/themes`;
  const res = await coordinator.submit(themes, themes, fields);
  expect(res.statusCode).toBe(303);
  expect(await t.app.jobs.tick()).toBe(true);
  return { coordinator, url: res.headers.location as string };
}
const themesOf = () =>
  t.db.selectFrom('themes').selectAll().where('status', '!=', 'merged').orderBy('position').execute();

/** The theme's card on the page, from its <li> to the next. */
const card = (html: string, id: number) =>
  /<li class="theme-card[^"]*" id="theme-(\d+)">[\s\S]*?<\/details>/g.exec(
    html.slice(html.indexOf(`id="theme-${id}"`) - 40),
  )![0];
const summary = (html: string) => /<div class="error-summary"[\s\S]*?<\/div>/.exec(html)?.[0] ?? '';

describe('a form that fails inside “Change this theme”', () => {
  it('opens that theme’s changes with the message beside its Name box, and the summary names the theme', async () => {
    await makeThemedStories(t.db, inquiry);
    const { coordinator, url } = await runThemes({ k: '5', seed: '7' });
    const themes = await themesOf();
    expect(themes.length).toBeGreaterThanOrEqual(5);
    const fifth = themes[4]!;
    for (const typed of ['', 'x'.repeat(640)]) {
      await coordinator.get(url);
      const res = await coordinator.post(`${base}/themes/${fifth.id}/rename`, { name: typed });
      expect(res.statusCode).toBe(422);
      expect(card(res.body, fifth.id)).toContain('<details class="theme-actions" open>');
      expect(card(res.body, themes[0]!.id)).toContain('<details class="theme-actions">');
      expect(fieldError(res.body, `name-${fifth.id}`)).toBe('Give the theme a name (up to 120 characters).');
      expect(res.body).toContain(
        `<input id="field-name-${fifth.id}" name="name" type="text" value="${typed}" aria-invalid="true" aria-describedby="field-name-${fifth.id}-error">`,
      );
      expect(summary(res.body)).toContain(`href="#field-name-${fifth.id}"`);
      expect(visibleText(summary(res.body))).toContain(
        `Theme 5 “${fifth.label}”: give the theme a name (up to 120 characters).`,
      );
      expect(await htmlErrors(res.body)).toEqual([]);
    }
  });

  it('does the same for merging and splitting', async () => {
    await makeThemedStories(t.db, inquiry);
    const { coordinator, url } = await runThemes({ k: '5', seed: '7' });
    const themes = await themesOf();
    const [first, second] = themes;
    await coordinator.get(url);
    const merge = await coordinator.post(`${base}/themes/${second!.id}/merge`, { into: String(second!.id) });
    expect(merge.statusCode).toBe(422);
    expect(card(merge.body, second!.id)).toContain('<details class="theme-actions" open>');
    expect(card(merge.body, first!.id)).toContain('<details class="theme-actions">');
    expect(fieldError(merge.body, `into-${second!.id}`)).toBe('Choose another theme of this run to merge into.');
    expect(merge.body).toContain(`aria-invalid="true" aria-describedby="field-into-${second!.id}-error"`);
    expect(visibleText(summary(merge.body))).toContain(
      `Theme 2 “${second!.label}”: choose another theme of this run to merge into.`,
    );
    // A rename box left alone on a failed merge still shows the theme's name.
    expect(merge.body).toContain(
      `<input id="field-name-${second!.id}" name="name" type="text" value="${second!.label}">`,
    );

    const sizes = await Promise.all(
      themes.map(async (th, i) => ({
        th,
        i,
        n: (await t.db.selectFrom('theme_stories').select('story_id').where('theme_id', '=', th.id).execute()).length,
      })),
    );
    const small = sizes.find((s) => s.n < 4)!;
    await coordinator.get(url);
    const split = await coordinator.post(`${base}/themes/${small.th.id}/split`, {});
    expect(split.statusCode).toBe(422);
    expect(card(split.body, small.th.id)).toContain('<details class="theme-actions" open>');
    expect(fieldError(split.body, `split-${small.th.id}`)).toBe('A theme needs at least 4 stories to split.');
    // The summary's link leads to the Split button, which the message describes.
    expect(summary(split.body)).toContain(`href="#field-split-${small.th.id}"`);
    expect(split.body).toMatch(
      new RegExp(
        `<button type="submit" id="field-split-${small.th.id}"[^>]*aria-describedby="field-split-${small.th.id}-error"`,
      ),
    );
    expect(visibleText(summary(split.body))).toContain(
      `Theme ${small.i + 1} “${small.th.label}”: a theme needs at least 4 stories to split.`,
    );
    expect(await htmlErrors(split.body)).toEqual([]);
  });
});

describe('a run within each domain', () => {
  async function byDomainRun() {
    const domains = (await loadGuide(t.db, inquiry)).domains;
    for (const [i, words] of [...GROUPS.food, ...GROUPS.damp].entries())
      await makeStory(t.db, inquiry, { words, domain: 0, title: `first ${i}` });
    for (const [i, words] of [...GROUPS.school, 'The school reading club helped my son.'].entries())
      await makeStory(t.db, inquiry, { words, domain: 1, title: `second ${i}` });
    return { domains, ...(await runThemes({ k: '2', seed: '3', byDomain: 'yes' })) };
  }

  it('says the themes were asked for in each domain, and what each domain gave and why fewer', async () => {
    const { domains, coordinator, url } = await byDomainRun();
    const page = await coordinator.get(url);
    const text = visibleText(page.body);
    expect(text).toContain('13 stories, 2 themes asked for in each domain, seed 3. Found 3 themes.');
    expect(text).not.toContain('themes asked: 2');
    expect(text).toContain(`${domains[0]!.name}: 8 stories, 2 themes found.`);
    expect(text).toContain(`${domains[1]!.name}: 5 stories, too few to divide into themes, so they are one theme.`);
    expect(await htmlErrors(page.body)).toEqual([]);
  });

  it('says it with each language’s plurals', async () => {
    const { domains, coordinator, url } = await byDomainRun();
    for (const [language, asked, few] of [
      ['es', '2 temas pedidos en cada dominio', '5 historias, demasiado pocas para dividirlas en temas'],
      ['fr', '2 thèmes demandés dans chaque domaine', '5 récits, trop peu pour les diviser en thèmes'],
      ['ar', 'طُلب موضوعان في كل مجال', '5 قصص، وهي أقل من أن تُقسَّم إلى مواضيع'],
    ] as const) {
      await t.db.updateTable('users').set({ language }).where('id', '=', people.coordinator.id).execute();
      // Numbers come isolated (U+2068…U+2069) for right-to-left pages; what is read is the same.
      const text = visibleText((await coordinator.get(url)).body).replace(/[\u2068\u2069]/g, '');
      expect(text).toContain(asked);
      expect(text).toContain(`${domains[1]!.name}: ${few}`);
    }
  });
});
