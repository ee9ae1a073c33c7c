/** Consent travels into every pack: only stories whose tellers agreed to printing, never withdrawn or drafts, no name for anonymous tellers. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn, type Agent } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { visibleText } from '../helpers/pages.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';
import { packWorld, type PackWorld } from './pack-fixture.ts';

let t: TestApp;
let w: PackWorld;
let facilitator: Agent;
let round: string;
let inquiry: string;

beforeAll(async () => {
  t = await testApp({ chromiumPath: '' });
  w = await packWorld(t, 4);
  facilitator = await signedIn(t.app, w.people.facilitator.email);
  round = `/alliances/${w.alliance.id}/rounds/${w.round.id}`;
  inquiry = `/alliances/${w.alliance.id}/inquiries/${w.inquiry.id}`;
});
afterAll(() => t.close());

function expectNothingUnconsented(html: string) {
  const text = visibleText(html);
  for (const s of [w.noPrint, w.withdrawn, w.draft]) expect(text).not.toContain(s.code);
  for (const words of [
    'Not for paper',
    'Unprintable words',
    'Taken back',
    'Withdrawn words',
    'Half told',
    'Draft words',
  ])
    expect(text).not.toContain(words);
}

describe('consent in packs', () => {
  it('prints neither the story without consent to print, nor the withdrawn one, nor the draft', async () => {
    for (const url of [`${round}/pack`, `${inquiry}/pack`, `${inquiry}/pack?status=recorded`]) {
      const res = await facilitator.get(url);
      expect(res.statusCode, url).toBe(200);
      expectNothingUnconsented(res.body);
      for (const s of w.printable) expect(visibleText(res.body), url).toContain(s.code);
    }
  });

  it('prints nothing unconsented even when its id is put in the address by hand', async () => {
    const ids = [w.noPrint, w.withdrawn, w.draft, w.printable[0]!].map((s) => `story[]=${s.id}`).join('&');
    for (const url of [`${round}/pack?chosen=1&${ids}`, `${inquiry}/pack?chosen=1&${ids}`]) {
      const res = await facilitator.get(url);
      expect(res.statusCode, url).toBe(200);
      expectNothingUnconsented(res.body);
      expect(res.body.match(/class="pack-story"/g)).toHaveLength(1);
    }
  });

  it("never prints another alliance's story, even by id", async () => {
    const other = await makeAlliance(t.db, 'Far Alliance');
    const theirs = await makeStory(t.db, await makeInquiry(t.db, other.alliance, other.coordinator), {
      title: 'Someone else entirely',
    });
    const res = await facilitator.get(`${inquiry}/pack?chosen=1&story[]=${theirs.id}&story[]=${w.printable[0]!.id}`);
    expect(visibleText(res.body)).not.toContain('Someone else entirely');
    // Codes repeat across alliances (both are MSC-…): one story printed, and it is ours.
    expect(res.body.match(/class="pack-story"/g)).toHaveLength(1);
    expect(visibleText(res.body)).toContain(w.printable[0]!.title);
  });

  it('describes an anonymous teller by nothing identifying: no name, no attributes', async () => {
    for (const url of [`${round}/pack`, `${round}/read-aloud/${w.printable.length}`]) {
      const text = visibleText((await facilitator.get(url)).body);
      expect(text, url).toContain(w.anonymous.code);
      expect(text, url).toContain('Told anonymously');
      expect(text, url).not.toContain('Hidden Teller');
      expect(text, url).not.toContain('Secret Street');
    }
  });

  it('keeps the withdrawn and unconsented stories out of the read-aloud sequence', async () => {
    // The round holds 7 stories; read-aloud shows the ones a panel may read: the printable ones and the one without print consent.
    const last = await facilitator.get(`${round}/read-aloud/${w.printable.length + 1}`);
    expect(visibleText(last.body)).toContain(w.noPrint.code);
    expect((await facilitator.get(`${round}/read-aloud/${w.printable.length + 2}`)).statusCode).toBe(404);
  });
});
