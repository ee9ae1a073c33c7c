/** Every inquiry page is valid HTML (html-validate, recommended rules), with and without messages. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGuide } from '../../server/inquiries/inquiries-store.ts';
import { htmlErrors } from '../helpers/html.ts';
import { makeWorld, type World } from './setup.ts';

let w: World;
const pages: Record<string, string> = {};

beforeAll(async () => {
  w = await makeWorld();
  const c = w.as.coordinator;
  const g = await loadGuide(w.t.db, w.msc);
  const aiGuide = await loadGuide(w.t.db, w.ai);
  const d = `${w.mscPath}/domains/${g.domains[0]!.id}`;
  const q = `${w.mscPath}/questions/${g.questions[0]!.id}`;
  const a = `${w.mscPath}/attributes/${g.attributes[0]!.id}`;
  await w.t.db
    .updateTable('inquiries')
    .set({ languages: 'en,es', period_start: '2026-01-01', purpose: 'Line one\nLine two' })
    .where('id', '=', w.msc.id)
    .execute();
  await c.post(`${w.mscPath}/questions/new`, { kind: 'single', prompt: 'Pick one', options: 'A\nB' });
  await c.post(`${w.mscPath}/questions/new`, { kind: 'scale', prompt: 'How much?' });
  await c.post(`${w.mscPath}/questions/new`, { kind: 'date', prompt: 'When?' });
  await c.post(`${w.mscPath}/questions/new`, { kind: 'multiple', prompt: 'Which?', options: 'A\nB' });
  await c.post(`${w.mscPath}/questions/new`, { kind: 'short', prompt: 'Where?' });

  const gets: Record<string, string> = {
    list: `${w.base}/inquiries`,
    newInquiry: `${w.base}/inquiries/new`,
    inquiryMsc: w.mscPath,
    inquiryAi: w.aiPath,
    settings: `${w.mscPath}/settings`,
    settingsAi: `${w.aiPath}/settings`,
    newDomain: `${w.mscPath}/domains/new`,
    domain: d,
    removeDomain: `${d}/remove`,
    newQuestion: `${w.mscPath}/questions/new`,
    newAiQuestion: `${w.aiPath}/questions/new`,
    question: q,
    aiQuestion: `${w.aiPath}/questions/${aiGuide.questions[0]!.id}`,
    removeQuestion: `${q}/remove`,
    newAttribute: `${w.mscPath}/attributes/new`,
    attribute: a,
    removeAttribute: `${a}/remove`,
    paperMsc: `${w.mscPath}/paper`,
    paperAi: `${w.aiPath}/paper`,
  };
  for (const [name, url] of Object.entries(gets)) pages[name] = (await c.get(url)).body;
  pages.listInterviewer = (await w.as.interviewer.get(`${w.base}/inquiries`)).body;
  pages.inquiryInterviewer = (await w.as.interviewer.get(w.mscPath)).body;

  await c.post(`${w.mscPath}/public/open`);
  pages.inquiryOpen = (await c.get(w.mscPath)).body;
  pages.inquiryOpenFacilitator = (await w.as.facilitator.get(w.mscPath)).body;

  pages.newInquiryErrors = (await c.post(`${w.base}/inquiries/new`, { title: '' })).body;
  pages.settingsErrors = (
    await c.post(`${w.mscPath}/settings`, {
      title: '',
      consentStatement: '',
      languages: 'x',
      codePrefix: '-',
      periodStart: '2026-02-30',
    })
  ).body;
  pages.domainErrors = (await c.post(`${w.mscPath}/domains/new`, { name: '' })).body;
  pages.questionErrors = (await c.post(`${w.aiPath}/questions/new`, { prompt: '', kind: 'single' })).body;
  pages.attributeErrors = (await c.post(`${w.mscPath}/attributes/new`, { label: '', kind: 'single' })).body;
  await w.t.db.deleteFrom('inquiries').where('alliance_id', '=', w.alliance.id).execute();
  pages.listEmpty = (await c.get(`${w.base}/inquiries`)).body;
});
afterAll(() => w.t.close());

describe('valid HTML on the inquiry pages', () => {
  it('rendered every page under test', () => {
    expect(Object.keys(pages)).toHaveLength(29);
    for (const [name, html] of Object.entries(pages)) expect(html, name).toContain('<main id="main"');
    expect(pages.settingsErrors).toContain('class="error-summary"');
  });

  it('has no html-validate errors on any page', async () => {
    const found: string[] = [];
    for (const [name, html] of Object.entries(pages))
      for (const e of await htmlErrors(html)) found.push(`${name}: ${e}`);
    expect(found).toEqual([]);
  });
});
