/** The pack's logic: reading its settings, fitting the time, laying out pages, naming the PDF; and a PDF that fails. */
import { describe, expect, it } from 'vitest';
import { readPackRequest, packQuery } from '../../server/packs/options.ts';
import { fitTime, packStory, pdfFileName, storyPages } from '../../server/packs/pack.ts';
import type { PrintableStory } from '../../server/packs/packs-store.ts';
import { signedIn } from '../helpers/agent.ts';
import { testApp } from '../helpers/app.ts';
import { visibleText } from '../helpers/pages.ts';
import { packWorld } from './pack-fixture.ts';
import { askForPdf, makeQueuedPdfs } from '../printing/print.ts';

const story = (id: number, words: number, extra: Partial<PrintableStory> = {}): PrintableStory => ({
  id,
  code: `MSC-${id}`,
  title: `Story ${id}`,
  domain_id: null,
  domain_name: null,
  word_count: words,
  storyteller: `Teller ${id}`,
  anonymous: 0,
  ...extra,
});

describe('pack settings from the address', () => {
  it('reads paper, copies, layout, a time limit and the stories ticked, and writes them back the same', () => {
    const request = readPackRequest({
      paper: 'letter',
      copies: '10',
      layout: 'two',
      maxMinutes: '45',
      chosen: '1',
      'story[]': ['3', '5'],
    });
    expect(request.errors).toEqual({});
    expect(request.options).toEqual({ paper: 'letter', copies: 10, twoUp: true, maxMinutes: 45, chosen: [3, 5] });
    expect(readPackRequest(Object.fromEntries(new URLSearchParams(packQuery(request)))).options.paper).toBe('letter');
    expect(packQuery(request)).toBe(
      'chosen=1&story%5B%5D=3&story%5B%5D=5&maxMinutes=45&layout=two&copies=10&paper=letter',
    );
  });

  it('reads the pattern cards ticked (none, when all were unticked) and writes them back the same', () => {
    const request = readPackRequest({ cards: '1', 'card[]': ['7', '9'] });
    expect(request.errors).toEqual({});
    expect(request.options.cards).toEqual([7, 9]);
    expect(packQuery(request)).toBe('cards=1&card%5B%5D=7&card%5B%5D=9&paper=a4');
    const again = readPackRequest(Object.fromEntries(new URLSearchParams('cards=1&card[]=7')));
    expect(again.options.cards).toEqual([7]);
    expect(readPackRequest({ cards: '1' }).options.cards).toEqual([]);
    expect(readPackRequest({}).options.cards).toBeUndefined();
    expect(readPackRequest({ 'card[]': ['3', 'all'] }).errors).toEqual({ card: 'packs.errors.card' });
  });

  it('reports what it cannot understand, field by field', () => {
    const { errors } = readPackRequest({
      paper: 'foo',
      copies: '99',
      maxMinutes: '-3',
      layout: 'x',
      'story[]': ['1', 'drop table'],
    });
    expect(errors).toEqual({
      paper: 'packs.errors.paper',
      copies: 'packs.errors.copies',
      maxMinutes: 'packs.errors.maxMinutes',
      layout: 'packs.errors.layout',
      story: 'packs.errors.story',
    });
    expect(readPackRequest({ chosen: '1' }).errors).toEqual({ story: 'packs.errors.noStories' });
    expect(readPackRequest({ copies: ['1', '2'] }).errors).toEqual({ copies: 'packs.errors.invalid' });
  });
});

describe('fitting the time', () => {
  it('keeps stories in order while they fit, skipping one too long for what is left', () => {
    const fit = fitTime([story(1, 400), story(2, 1000), story(3, 200), story(4, 600)], { maxMinutes: 4 });
    expect(fit.chosen.map((s) => s.id)).toEqual([1, 3]);
    expect(fit.totalMinutes).toBe(3);
    expect(fit.allMinutes).toBe(11);
    expect(fit.rows.map((r) => r.leftOut)).toEqual([undefined, 'time', undefined, 'time']);
  });

  it('leaves out unticked stories', () => {
    const fit = fitTime([story(1, 200), story(2, 200)], { chosen: [2] });
    expect(fit.chosen.map((s) => s.id)).toEqual([2]);
    expect(fit.rows[0]!.leftOut).toBe('unticked');
  });
});

describe('pages and names', () => {
  it('pairs consecutive short stories when two to a page is asked, never a long one', () => {
    const words = { answers: [], attributes: [] };
    const stories = [story(1, 100), story(2, 100), story(3, 500), story(4, 100), story(5, 100), story(6, 100)].map(
      (s) => ({ ...packStory(s, words), words: s.word_count }),
    );
    expect(storyPages(stories, true).map((p) => p.map((s) => s.id))).toEqual([[1, 2], [3], [4, 5], [6]]);
    expect(storyPages(stories, false)).toHaveLength(6);
  });

  it('describes an anonymous teller by nothing at all', () => {
    const words = { answers: [], attributes: [{ label: 'Place', value: 'Eastfield' }] };
    expect(packStory(story(1, 10), words).teller).toBe('Teller 1 · Eastfield');
    expect(packStory(story(1, 10, { anonymous: 1, storyteller: '' }), words).teller).toBeNull();
  });

  it('names the PDF after the round and the paper', () => {
    expect(pdfFileName('Table 3: Open Event — Café', 'a4')).toBe('pack-table-3-open-event-cafe-a4.pdf');
    expect(pdfFileName('–––', 'letter')).toBe('pack-stories-letter.pdf');
  });
});

describe('a PDF that cannot be made', () => {
  it('leaves a failed job whose page says so (not a 500) when Chromium will not start', async () => {
    const t = await testApp({ chromiumPath: '/bin/false' });
    try {
      const w = await packWorld(t, 2);
      const agent = await signedIn(t.app, w.people.facilitator.email);
      const job = await askForPdf(agent, `/alliances/${w.alliance.id}/rounds/${w.round.id}/pack.pdf`);
      await makeQueuedPdfs(t.app);
      const res = await agent.get(job);
      expect(res.statusCode).toBe(200);
      expect(visibleText(res.body)).toContain('Chromium could not print it in time');
    } finally {
      await t.close();
    }
  });
});
