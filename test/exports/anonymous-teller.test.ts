/**
 * Nothing in a funders' export points to an anonymous teller: no name, no answers about themselves (attributesShown
 * in server/stories/consent.ts), and not where they told the story, which may be their own home. The team's export,
 * the team's own record, keeps them.
 */
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Inquiry, Story } from '../../server/db/schema.ts';
import type { HearthExport } from '../../server/exports/format.ts';
import { addAttribute } from '../../server/inquiries/guide-store.ts';
import { signedIn } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';

let t: TestApp;
let people: Awaited<ReturnType<typeof makeAlliance>>;
let inquiry: Inquiry;
let anonymous: Story;
let named: Story;
const LIVES = 'Where do you live?';
const HOME = 'Her kitchen on Mill Lane';

beforeAll(async () => {
  t = await testApp();
  people = await makeAlliance(t.db);
  inquiry = await makeInquiry(t.db, people.alliance, people.coordinator);
  await addAttribute(t.db, people.coordinator, inquiry, { label: LIVES, kind: 'single', options: ['Riverside'] });
  anonymous = await makeStory(t.db, inquiry, {
    title: 'The ferry',
    storyteller: 'Orla Quillon',
    consent: { anonymous: true },
    attributes: { [LIVES]: 'Riverside' },
  });
  named = await makeStory(t.db, inquiry, { title: 'The bridge' });
  // Where it was told, as the interviewer wrote it down.
  await t.db.updateTable('stories').set({ told_where: HOME }).where('id', '=', anonymous.id).execute();
});
afterAll(() => t.close());

const download = async (format: string, audience?: 'funders') => {
  const res = await (
    await signedIn(t.app, people.coordinator.email)
  ).get(
    `/alliances/${people.alliance.id}/inquiries/${inquiry.id}/export/download?format=${format}${audience ? `&audience=${audience}` : ''}`,
  );
  expect(res.statusCode).toBe(200);
  return format === 'qdpx'
    ? Object.values(unzipSync(res.rawPayload))
        .map((f) => strFromU8(f))
        .join('\n')
    : res.body;
};

describe('an anonymous teller in the funders’ exports', () => {
  it.each(['json', 'csv', 'qdpx'])(
    '%s: their story, but not where they told it nor where they live',
    async (format) => {
      const file = await download(format, 'funders');
      // The JSON lists the question's choices; only its stories matter here.
      const text = format === 'json' ? JSON.stringify((JSON.parse(file) as HearthExport).stories) : file;
      expect(text).toContain('The ferry');
      expect(text).not.toContain('Mill Lane');
      expect(text).not.toContain('Riverside');
      expect(text).not.toContain('Orla Quillon');
    },
  );

  it('leaves where a named teller told their story', async () => {
    const doc = JSON.parse(await download('json', 'funders')) as HearthExport;
    expect(doc.stories.find((s) => s.code === named.code)?.told_where).toBe('The community centre');
  });

  it('the team’s export keeps all of it', async () => {
    const doc = JSON.parse(await download('json')) as HearthExport;
    expect(doc.stories.find((s) => s.code === anonymous.code)).toMatchObject({
      told_where: HOME,
      attributes: [expect.objectContaining({ label: LIVES, value: 'Riverside' })],
    });
  });
});
