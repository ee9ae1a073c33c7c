/**
 * Pattern views on the demo inquiry: every bar, cell and point leads to a story list holding exactly the stories
 * behind it; withdrawn stories and drafts never count; a small set shows counts only; an unknown dimension is 404.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withdrawStory } from '../../server/stories/care-store.ts';
import type { Agent } from '../helpers/agent.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { reportBed, signInAs, type ReportBed } from '../reports/report-fixture.ts';

let t: TestApp;
let bed: ReportBed;
let facilitator: Agent;

beforeAll(async () => {
  t = await testApp();
  bed = await reportBed(t);
  facilitator = await signInAs(t, 'facilitator');
}, 60_000);
afterAll(() => t.close());

const countable = () => bed.stories.filter((s) => s.status !== 'draft' && s.status !== 'withdrawn');
const decode = (html: string) =>
  html
    .replace(/&amp;/g, '&')
    .replace(/&#x3D;/g, '=')
    .replace(/&#x2C;/g, ',');

/** The story-list links of a page, each with the number it shows (a table cell) or its label (an SVG mark). */
function storyLinks(html: string): { href: string; ids: number[]; text: string }[] {
  return [...decode(html).matchAll(/<a href="([^"]*\/stories\?ids=([0-9,]+))"[^>]*>([\s\S]*?)<\/a>/g)].map((m) => ({
    href: m[1]!,
    ids: m[2]!.split(',').map(Number),
    text: m[3]!.replace(/<title>[^<]*<\/title>/, '').trim(),
  }));
}

/** The codes of the stories a story list page shows. */
function listedCodes(html: string): string[] {
  return [
    ...html.matchAll(/<th scope="row" class="nowrap"><a href="[^"]*\/stories\/\d+(?:\?[^"]*)?">([^<]+)<\/a><\/th>/g),
  ].map((m) => m[1]!);
}

async function expectListHoldsExactly(ids: number[], href: string) {
  const res = await facilitator.get(href);
  expect(res.statusCode).toBe(200);
  const codes = bed.stories.filter((s) => ids.includes(s.id)).map((s) => s.code);
  expect(listedCodes(res.body).sort()).toEqual(codes.sort());
}

describe('the patterns overview', () => {
  it('counts only told stories, and every link holds exactly the stories it counts', async () => {
    const res = await facilitator.get(`${bed.base}/patterns`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`${countable().length} stories count here`);
    expect(res.body).toMatch(/\d+ patterns were compared/);
    const links = storyLinks(res.body);
    expect(links.length).toBeGreaterThan(10);
    const allowed = new Set(countable().map((s) => s.id));
    for (const link of links) for (const id of link.ids) expect(allowed.has(id)).toBe(true);
    // A number in a table is the count of the stories its link leads to.
    for (const link of links.filter((l) => /^\d+$/.test(l.text))) expect(link.ids).toHaveLength(Number(link.text));
    for (const href of new Set(links.map((l) => l.href)))
      await expectListHoldsExactly(links.find((l) => l.href === href)!.ids, href);
  }, 120_000);

  it('shows a distribution per dimension, and which stories reach selection with missing voices', async () => {
    const res = await facilitator.get(`${bed.base}/patterns`);
    for (const heading of ['Domain', 'Story length', 'Theme', 'Reached selection'])
      expect(res.body).toContain(`>${heading}</a></h3>`);
    expect(res.body).toContain(`<a href="${bed.base}/patterns/length">Story length</a>`);
    expect(res.body).toContain('Which stories reach selection, by Story length');
    expect(res.body).toContain('Chosen up to level 1');
    expect(res.body).toContain('>Chosen at level 2</th>');
    expect(res.body).toContain(
      'Missing voices by Who are you?: no story chosen from <strong><bdi lang="en" dir="ltr">Worker</bdi></strong>',
    );
    expect(res.body).toMatch(/<svg class="pattern-chart"[^>]*role="group"/);
  });

  it('never shows a share for a group of fewer than 3 stories', async () => {
    const res = await facilitator.get(`${bed.base}/patterns`);
    const rows = [
      ...res.body.matchAll(
        /<tr><th scope="row">[^<]*<\/th><td class="num"><a [^>]*>(\d+)<\/a><\/td><td class="num">([^<]*)</g,
      ),
    ];
    expect(rows.length).toBeGreaterThan(5);
    for (const [, count, shown] of rows) if (Number(count) < 3) expect(shown).not.toMatch(/%/);
    expect(res.body).toContain('too few for a share');
  });

  it('narrows to the story list’s filters, and with fewer than 20 stories shows counts and no tests', async () => {
    const five = countable()
      .slice(0, 5)
      .map((s) => s.id);
    const res = await facilitator.get(`${bed.base}/patterns?ids=${five.join(',')}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('5 stories count here');
    expect(res.body).toContain('Patterns need more stories');
    expect(res.body).not.toContain('patterns were compared');
    // Counts, not shares.
    expect(res.body).not.toMatch(/\d%[<)]/);
    expect(res.body).toContain('<th scope="col" class="num">Stories</th></tr>');
    const pair = await facilitator.get(`${bed.base}/patterns/domain/length?ids=${five.join(',')}`);
    expect(pair.body).not.toContain('id="test"');
    expect(pair.body).not.toContain('Chi-square');
  });

  it('says which filter it could not read, as the story list does, and shows no patterns', async () => {
    const res = await facilitator.get(`${bed.base}/patterns?domain=nowhere`);
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('error-summary');
    expect(res.body).not.toContain('stories count here');
  });

  it('answers 404 with a clear message for an unknown dimension', async () => {
    for (const path of ['patterns/interviewer', 'patterns/domain/nope', 'patterns/domain/domain']) {
      const res = await facilitator.get(`${bed.base}/${path}`);
      expect(res.statusCode).toBe(404);
      expect(res.body).toContain('There is no such pattern here');
    }
  });

  it('is not for interviewers or readers', async () => {
    for (const role of ['interviewer', 'reader'] as const)
      expect((await (await signInAs(t, role)).get(`${bed.base}/patterns`)).statusCode).toBe(403);
  });
});

describe('from the story list', () => {
  it('leads from a filtered list to the patterns of the same stories', async () => {
    const domain = bed.stories.find((s) => s.domain_id !== null)!.domain_id!;
    const list = await facilitator.get(`${bed.base}/stories?domain=${domain}`);
    const href = decode(
      /<a href="([^"]*\/patterns[^"]*)">See the patterns in these stories<\/a>/.exec(list.body)?.[1] ?? '',
    );
    expect(href).toBe(`${bed.base}/patterns?domain=${domain}`);
    const inDomain = countable().filter((s) => s.domain_id === domain).length;
    expect((await facilitator.get(href)).body).toContain(`${inDomain} stories count here`);
    // Interviewers see stories but not patterns: no link.
    const interviewer = await signInAs(t, 'interviewer');
    expect((await interviewer.get(`${bed.base}/stories?domain=${domain}`)).body).not.toContain('/patterns');
  });
});

describe('the story list’s ids filter', () => {
  it('keeps the chosen stories through the filter form, and refuses a list it cannot read, beside the field', async () => {
    const [a, b] = countable();
    const res = await facilitator.get(`${bed.base}/stories?ids=${b!.id},${a!.id}`);
    expect(res.body).toContain('Showing exactly the stories behind a pattern.');
    expect(decode(res.body)).toContain(`name="ids" value="${b!.id},${a!.id}"`);
    expect(listedCodes(res.body).sort()).toEqual([a!.code, b!.code].sort());
    for (const bad of ['1,x', 'DROP', Array.from({ length: 1001 }, (_, i) => i + 1).join(',')]) {
      const refused = await facilitator.get(`${bed.base}/stories?ids=${bad}`);
      expect(refused.statusCode).toBe(422);
      expect(refused.body).toContain('Choose stories from a pattern’s link');
    }
  });
});

describe('a pair of dimensions', () => {
  it('a contingency cell leads to exactly its stories, and the table carries a chi-square test', async () => {
    const res = await facilitator.get(`${bed.base}/patterns/domain/length`);
    expect(res.statusCode).toBe(200);
    expect(decode(res.body)).toMatch(/Chi-square [0-9.]+ with \d+ degrees of freedom, p (?:=|&lt;) /);
    // The table's cells, without its totals row and column (whose links say "all together").
    const cells = [
      ...decode(res.body).matchAll(/<a href="([^"]*\/stories\?ids=([0-9,]+))" aria-label="([^"]*)">(\d+)<\/a>/g),
    ]
      .filter((m) => !m[3]!.includes('all together'))
      .map((m) => ({ href: m[1]!, ids: m[2]!.split(',').map(Number), text: m[4]! }));
    expect(cells.reduce((s, c) => s + c.ids.length, 0)).toBe(countable().filter((s) => s.domain_id !== null).length);
    for (const cell of cells) {
      expect(cell.ids).toHaveLength(Number(cell.text));
      await expectListHoldsExactly(cell.ids, cell.href);
    }
    // The SVG's squares lead to the same stories as the table's cells.
    const marks = storyLinks(res.body).filter((l) => !/^\d+$/.test(l.text));
    expect(new Set(marks.map((m) => m.href))).toEqual(new Set(cells.map((c) => c.href)));
  }, 60_000);
});

describe('scales: what tellers answered with a number', () => {
  let years: number;
  let hours: number;
  beforeAll(async () => {
    // Two free answers that are numbers (years in the area, hours a week of support) become scales.
    const add = async (label: string, position: number, value: (i: number) => number) => {
      const { id } = await t.db
        .insertInto('attributes')
        .values({ inquiry_id: bed.inquiry.id, position, label, kind: 'short', options: '[]' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await t.db
        .insertInto('story_attributes')
        .values(countable().map((s, i) => ({ story_id: s.id, attribute_id: id, label, value: String(value(i)) })))
        .execute();
      return id;
    };
    years = await add('Years in the area', 90, (i) => i % 7);
    hours = await add('Hours a week of support', 91, (i) => (i % 7) * 2 + (i % 3));
  });

  it('compares a scale across the groups of a choice, with medians, a rank test and points that lead to stories', async () => {
    const res = await facilitator.get(`${bed.base}/patterns/teller-${years}/domain`);
    expect(res.statusCode).toBe(200);
    expect(decode(res.body)).toMatch(/Kruskal–Wallis H [0-9.]+ with 2 degrees of freedom, p (?:=|&lt;) /);
    expect(res.body).toContain('>Median</th>');
    const links = storyLinks(res.body);
    expect(links.length).toBeGreaterThan(3);
    for (const link of links) await expectListHoldsExactly(link.ids, link.href);
  }, 60_000);

  it('shows two scales as a scatter with Spearman’s rho, each point leading to its stories', async () => {
    const res = await facilitator.get(`${bed.base}/patterns/teller-${years}/teller-${hours}`);
    expect(res.statusCode).toBe(200);
    expect(decode(res.body)).toMatch(/Spearman’s rank correlation ρ = 0\.[0-9]+ over \d+ stories, p (?:=|&lt;) /);
    const points = storyLinks(res.body).filter((l) => /^\d+$/.test(l.text));
    expect(points.reduce((n, p) => n + p.ids.length, 0)).toBe(countable().length);
    for (const point of points) await expectListHoldsExactly(point.ids, point.href);
  }, 60_000);

  it('shows a histogram of a scale on its own page', async () => {
    const res = await facilitator.get(`${bed.base}/patterns/teller-${hours}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1><bdi lang="en" dir="ltr">Hours a week of support</bdi></h1>');
    expect(storyLinks(res.body).length).toBeGreaterThan(2);
  });
});

describe('withdrawal', () => {
  it('takes a story out of every pattern at once', async () => {
    const story = countable()[0]!;
    await withdrawStory(t.db, null, 'test', story);
    const res = await facilitator.get(`${bed.base}/patterns`);
    expect(res.body).toContain(`${countable().length - 1} stories count here`);
    for (const link of storyLinks(res.body)) expect(link.ids).not.toContain(story.id);
  });
});
