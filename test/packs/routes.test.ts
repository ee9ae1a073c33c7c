/** The pack pages: who may open them, what they show, and bad settings in the address answered with a clear message. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Agent, signedIn } from '../helpers/agent.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { fieldError, heading, visibleText } from '../helpers/pages.ts';
import { packWorld, type PackWorld } from './pack-fixture.ts';

let t: TestApp;
let w: PackWorld;
let facilitator: Agent;
let base: string;
let round: string;

beforeEach(async () => {
  // No Chromium here: the PDF route must say so plainly (the PDF itself is tested in pdf.test.ts).
  t = await testApp({ chromiumPath: '' });
  w = await packWorld(t, 4);
  facilitator = await signedIn(t.app, w.people.facilitator.email);
  base = `/alliances/${w.alliance.id}`;
  round = `${base}/rounds/${w.round.id}`;
});
afterEach(() => t.close());

describe('the pack settings page', () => {
  it('lists each printable story with its reading time and the total, and the round stories it may not print', async () => {
    const res = await facilitator.get(`${round}/pack/settings`);
    expect(res.statusCode).toBe(200);
    expect(heading(res.body)).toBe('Print story packs');
    const text = visibleText(res.body);
    for (const s of w.printable) expect(text).toContain(s.code);
    expect(text).toContain('4 stories chosen: about 4 minutes of reading');
    expect(text).toContain(`${w.noPrint.code}: not printed: no consent to print`);
    expect(text).not.toContain(w.noPrint.title);
    expect(text).not.toContain(w.withdrawn.code);
    expect(text).not.toContain(w.draft.code);
    // A screen reader moving into the list of stories hears how to choose them.
    expect(res.body).toMatch(/<fieldset[^>]*id="field-story"[^>]*aria-describedby="field-story-hint"/);
    expect(res.body).toContain('<p class="hint" id="field-story-hint">');
  });

  it('recounts the total for the stories left ticked, and carries the choice into the pack link', async () => {
    const [first, second] = w.printable;
    const res = await facilitator.get(
      `${round}/pack/settings?chosen=1&story[]=${first!.id}&story[]=${second!.id}&paper=letter&copies=3`,
    );
    expect(res.statusCode).toBe(200);
    expect(visibleText(res.body)).toContain(
      '2 stories chosen: about 2 minutes of reading (all stories together: 4 minutes)',
    );
    expect(visibleText(res.body)).toContain('No: unticked');
    expect(res.body).toMatch(/id="paper-letter" name="paper" value="letter" checked/);
    expect(res.body).toContain('name="copies" type="number" value="3"');
  });

  it('leaves out what does not fit a time limit', async () => {
    const res = await facilitator.get(`${round}/pack/settings?maxMinutes=3`);
    expect(visibleText(res.body)).toContain('3 stories chosen: about 3 minutes');
    expect(visibleText(res.body)).toContain("No: doesn't fit the time");
  });

  it('answers settings it cannot understand with 422 and a message beside the field, keeping what was asked', async () => {
    const res = await facilitator.get(`${round}/pack/settings?paper=foo&copies=99&maxMinutes=soon`);
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'copies')).toBe('Give a whole number of copies from 1 to 20.');
    expect(fieldError(res.body, 'maxMinutes')).toContain('whole number of minutes');
    expect(visibleText(res.body)).toContain('Choose A4 or US Letter.');
    expect(res.body).toContain('value="99"');
    expect(res.body).toContain('value="soon"');
  });
});

describe('the pack', () => {
  it('shows the cover, every printable story, the ballot and a reasons sheet per domain', async () => {
    const res = await facilitator.get(`${round}/pack`);
    expect(res.statusCode).toBe(200);
    const text = visibleText(res.body);
    expect(text).toContain('Story pack: Open event round');
    expect(text).toContain('Tables at the open event');
    for (const s of w.printable) expect(text).toContain(s.code);
    expect(text).toContain('Ballot sheet');
    expect(text).toContain("Reasons: Changes in people's lives");
    expect(text).toContain('Reasons: Changes in how services work together');
    expect(text).toContain('It mattered to me, reason 1.');
    expect(text).toContain('Told by Named Teller 1 · Worker · Northbank');
  });

  it('prints only the stories chosen, as many copies as asked, on the paper asked', async () => {
    const [first] = w.printable;
    const res = await facilitator.get(`${round}/pack?chosen=1&story[]=${first!.id}&copies=3&paper=letter`);
    expect(res.statusCode).toBe(200);
    expect(res.body.match(/class="pack-copy"/g)).toHaveLength(3);
    expect(res.body).toContain('pack pack--letter');
    expect(visibleText(res.body)).toContain(first!.title);
    expect(visibleText(res.body)).not.toContain(w.printable[1]!.title);
  });

  it('puts two short stories to a page when asked', async () => {
    const res = await facilitator.get(`${round}/pack?layout=two`);
    expect(res.body.match(/class="pack-page pack-page--two"/g)).toHaveLength(2);
  });

  it('answers bad settings with the settings page (422), never a pack', async () => {
    for (const query of ['paper=foo', 'copies=99', 'copies=0', 'layout=three', 'story[]=abc', 'chosen=1']) {
      const res = await facilitator.get(`${round}/pack?${query}`);
      expect(res.statusCode, query).toBe(422);
      expect(heading(res.body), query).toBe('Print story packs');
    }
    const nothingFits = await facilitator.get(`${round}/pack?chosen=1&story[]=${w.noPrint.id}`);
    expect(nothingFits.statusCode).toBe(422);
    expect(visibleText(nothingFits.body)).toContain('No story fits these settings');
  });

  it('says plainly when PDFs cannot be made here, and the PDF link answers 503 with that message', async () => {
    const page = await facilitator.get(`${round}/pack`);
    expect(visibleText(page.body)).toContain("PDFs can't be made on this server");
    const res = await facilitator.get(`${round}/pack.pdf?copies=2`);
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toContain('text/html');
    expect(visibleText(res.body)).toContain('Browser printing still works');
    expect(res.body).toContain(`${round}/pack?copies&#x3D;2&amp;paper&#x3D;a4`);
  });

  it('makes an inquiry pack from filtered stories', async () => {
    const domains = await t.db
      .selectFrom('domains')
      .select(['id', 'name'])
      .where('inquiry_id', '=', w.inquiry.id)
      .orderBy('position')
      .execute();
    const inquiry = `${base}/inquiries/${w.inquiry.id}`;
    const res = await facilitator.get(`${inquiry}/pack?domain=${domains[1]!.id}`);
    expect(res.statusCode).toBe(200);
    const text = visibleText(res.body);
    expect(text).toContain(w.printable[1]!.code);
    expect(text).not.toContain(w.printable[0]!.title);
    expect(text).toContain(`Reasons: ${domains[1]!.name}`);
    const bad = await facilitator.get(`${inquiry}/pack/settings?domain=999999&status=draft&tag=x`);
    expect(bad.statusCode).toBe(422);
    expect(fieldError(bad.body, 'domain')).toBe('Choose a domain from the list.');
    expect(fieldError(bad.body, 'status')).toBe('Choose a status from the list.');
    expect(fieldError(bad.body, 'tag')).toBe('Choose a tag from the list.');
  });
});

describe('read-aloud and exhibits', () => {
  it('shows one story per screen with next and previous, and nothing else of the site', async () => {
    const res = await facilitator.get(`${round}/read-aloud/2`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('rel="prev"');
    expect(res.body).toContain('rel="next"');
    expect(res.body).not.toContain('alliance-nav');
    expect(visibleText(res.body)).toContain(w.printable[1]!.title);
    expect(visibleText(res.body)).toContain('2 of');
    expect((await facilitator.get(`${round}/read-aloud/99`)).statusCode).toBe(404);
    expect((await facilitator.get(`${round}/read-aloud/0`)).statusCode).toBe(404);
  });

  it('says when there are no exhibits yet', async () => {
    const res = await facilitator.get(`${base}/inquiries/${w.inquiry.id}/exhibits/1`);
    expect(res.statusCode).toBe(200);
    expect(visibleText(res.body)).toContain('No exhibits yet');
    expect((await facilitator.get(`${base}/inquiries/${w.inquiry.id}/exhibits/2`)).statusCode).toBe(404);
  });
});

describe('who may open packs', () => {
  const urls = () => [
    `${round}/pack/settings`,
    `${round}/pack`,
    `${round}/pack.pdf`,
    `${round}/read-aloud/1`,
    `${round}/exhibits/1`,
    `${base}/inquiries/${w.inquiry.id}/pack`,
    `${base}/inquiries/${w.inquiry.id}/pack.pdf`,
    `${base}/inquiries/${w.inquiry.id}/exhibits/1`,
  ];

  it('sends someone signed out to sign in', async () => {
    for (const url of urls()) {
      const res = await new Agent(t.app).get(url);
      expect(res.statusCode, url).toBe(303);
      expect(res.headers.location, url).toMatch(/^\/sign-in\?next=/);
    }
  });

  it('lets coordinators in, and refuses readers (403)', async () => {
    const coordinator = await signedIn(t.app, w.people.coordinator.email);
    const reader = await signedIn(t.app, w.people.reader.email);
    for (const url of urls()) {
      expect((await coordinator.get(url)).statusCode, url).not.toBe(403);
      expect((await reader.get(url)).statusCode, url).toBe(403);
    }
  });

  it('lets interviewers print an inquiry pack, but not a round pack', async () => {
    const interviewer = await signedIn(t.app, w.people.interviewer.email);
    expect((await interviewer.get(`${base}/inquiries/${w.inquiry.id}/pack`)).statusCode).toBe(200);
    expect((await interviewer.get(`${round}/pack`)).statusCode).toBe(403);
  });

  it("answers 404 to another alliance's member, and for another alliance's round inside your own", async () => {
    const outsider = await signedIn(t.app, w.other.facilitator.email);
    for (const url of urls()) expect((await outsider.get(url)).statusCode, url).toBe(404);
    const own = `/alliances/${w.other.alliance.id}`;
    expect((await outsider.get(`${own}/rounds/${w.round.id}/pack`)).statusCode).toBe(404);
    expect((await outsider.get(`${own}/inquiries/${w.inquiry.id}/pack`)).statusCode).toBe(404);
    expect((await outsider.get(`${own}/rounds/${w.round.id}/read-aloud/1`)).statusCode).toBe(404);
  });
});
