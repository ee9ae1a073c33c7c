/** The pack pages are valid HTML (html-validate, recommended rules), including the document Chromium prints. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packDocument } from '../../server/packs/document.ts';
import { buildPack } from '../../server/packs/pack.ts';
import { signedIn } from '../helpers/agent.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { htmlErrors } from '../helpers/html.ts';
import { visibleText } from '../helpers/pages.ts';
import { packWorld } from './pack-fixture.ts';

let t: TestApp;
const pages: Record<string, string> = {};

beforeAll(async () => {
  t = await testApp({ chromiumPath: '' });
  const w = await packWorld(t, 4);
  const agent = await signedIn(t.app, w.people.facilitator.email);
  const round = `/alliances/${w.alliance.id}/rounds/${w.round.id}`;
  const inquiry = `/alliances/${w.alliance.id}/inquiries/${w.inquiry.id}`;
  const urls = {
    settings: `${round}/pack/settings`,
    settingsErrors: `${round}/pack/settings?paper=foo&copies=99&chosen=1`,
    pack: `${round}/pack?copies=3`,
    packTwoUp: `${round}/pack?layout=two&paper=letter`,
    pdfUnavailable: `${round}/pack.pdf`,
    inquirySettings: `${inquiry}/pack/settings`,
    inquirySettingsErrors: `${inquiry}/pack/settings?domain=0&status=x`,
    inquiryPack: `${inquiry}/pack`,
    readAloud: `${round}/read-aloud/1`,
    exhibitsEmpty: `${inquiry}/exhibits/1`,
  };
  for (const [name, url] of Object.entries(urls)) pages[name] = (await agent.get(url)).body;
  const pack = buildPack(
    { title: 'A pack', inquiryTitle: 'An inquiry', inquiryLanguages: 'en', domains: ['Lives'] },
    [],
    new Map(),
    { paper: 'a4', copies: 2, twoUp: false },
  );
  pages.printDocument = packDocument('en', pack);
});
afterAll(() => t.close());

describe('valid HTML', () => {
  it('has no html-validate errors on any pack page', async () => {
    const found: string[] = [];
    for (const [name, html] of Object.entries(pages)) {
      expect(html, name).toContain('<main');
      for (const e of await htmlErrors(html)) found.push(`${name}: ${e}`);
    }
    expect(found).toEqual([]);
  });
});

describe('the storyteller’s reason on a pack page', () => {
  it('says whose reason it is, and sets the question they were asked apart as theirs', () => {
    const text = visibleText(pages.pack!);
    expect(text).toContain(
      'In the storyteller’s words, why it matters (They were asked: “Why is this significant to you?”) It mattered to me',
    );
    // Before: a heading about the storyteller right above the bare question, read as the same question twice.
    expect(text).not.toContain('Why this is significant to the storyteller');
    expect(text).not.toMatch(/why it matters Why is this significant to you\?/);
  });
});
