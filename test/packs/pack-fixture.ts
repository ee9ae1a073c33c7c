/** A round of stories for the pack tests: printable ones, one without consent to print, a withdrawn one, a draft. */
import type { Alliance, Inquiry, Role, Round, Story, User } from '../../server/db/schema.ts';
import { makeAlliance, type TestApp } from '../helpers/app.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';
import { addRoundStories, makeRound } from '../rounds/round-fixtures.ts';

export interface PackWorld {
  alliance: Alliance;
  people: Record<Role, User>;
  other: { alliance: Alliance } & Record<Role, User>;
  inquiry: Inquiry;
  round: Round;
  /** In the round, may be printed; the last one is anonymous. */
  printable: Story[];
  anonymous: Story;
  noPrint: Story;
  withdrawn: Story;
  draft: Story;
}

const WORDS =
  'Before the hub opened I spent my days alone. Now I go on Tuesdays and we cook together. It changed how I see my street.';

export async function packWorld(t: TestApp, count = 12): Promise<PackWorld> {
  const { alliance, ...people } = await makeAlliance(t.db, 'Harbour Alliance');
  const other = await makeAlliance(t.db, 'Other Alliance');
  const inquiry = await makeInquiry(t.db, alliance, people.coordinator);
  const printable: Story[] = [];
  for (let i = 0; i < count - 1; i++) {
    printable.push(
      await makeStory(t.db, inquiry, {
        title: `Printed story ${i + 1}`,
        words: `${WORDS} Story ${i + 1} in the teller's words.`,
        why: `It mattered to me, reason ${i + 1}.`,
        domain: i % 2,
        storyteller: `Named Teller ${i + 1}`,
        attributes: { 'Who are you?': 'Worker', Place: 'Northbank' },
      }),
    );
  }
  const anonymous = await makeStory(t.db, inquiry, {
    title: 'An anonymous change',
    words: `${WORDS} Told without my name.`,
    domain: 0,
    storyteller: 'Hidden Teller',
    attributes: { Place: 'Secret Street' },
    consent: { anonymous: true },
  });
  printable.push(anonymous);
  const noPrint = await makeStory(t.db, inquiry, {
    title: 'Not for paper',
    words: 'Unprintable words about the bus.',
    consent: { packs: false },
  });
  const withdrawn = await makeStory(t.db, inquiry, {
    title: 'Taken back',
    words: 'Withdrawn words.',
    status: 'withdrawn',
  });
  const draft = await makeStory(t.db, inquiry, { title: 'Half told', words: 'Draft words.', status: 'draft' });
  const round = await makeRound(t.db, alliance.id, inquiry.id, {
    name: 'Open event round',
    panel: 'Tables at the open event',
  });
  await addRoundStories(
    t.db,
    round.id,
    [...printable, noPrint, withdrawn, draft].map((s) => s.id),
  );
  return { alliance, people, other, inquiry, round, printable, anonymous, noPrint, withdrawn, draft };
}
