/** Stories imported from a CSV file answer the questions about the story too, checked as the form checks them. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { sendCsv } from '../exports/csv-steps.ts';
import { visibleText } from '../helpers/pages.ts';
import { makeSignWorld, type SignWorld } from './setup.ts';

let w: SignWorld;
beforeEach(async () => (w = await makeSignWorld()));
afterEach(() => w.t.close());

const HEADER = 'Title,Domain,Date,Teller,What changed,Why,Feel,Change,Hear';

async function check(csv: string, intent: 'check' | 'import') {
  const q = (kind: string) => `q${w.guide.questions.find((x) => x.kind === kind)!.id}`;
  const targets = [
    'title',
    'domain',
    'toldOn',
    'storyteller',
    q('story'),
    q('why'),
    `q${w.feel.id}`,
    `q${w.change.id}`,
    `q${w.hear.id}`,
  ];
  targets[0] = q('title');
  return sendCsv(w.coordinator, w.inquiryPath, csv, Object.fromEntries(targets.map((v, i) => [`map-${i}`, v])), intent);
}

it('refuses a slider out of range by row, and imports the answers with the question as asked', async () => {
  const bad = `${HEADER}\nBack at school,Any other change,2026-02-01,Mo,Words,Because,150,N/A,Everyone\n`;
  const refused = await check(bad, 'check');
  expect(refused.statusCode).toBe(422);
  expect(visibleText(refused.body)).toMatch(/Row 1 \(line 2\): “Feel”: give a whole number from 0 to 100, or n\/a\./);

  const good = `${HEADER}\nBack at school,Any other change,2026-02-01,Mo,Words,Because,85,N/A,Managers; Everyone\n`;
  const res = await check(good, 'import');
  expect(res.statusCode).toBe(303);
  const answers = await w.t.db
    .selectFrom('story_answers')
    .select(['kind', 'value', 'asked'])
    .where('asked', 'is not', null)
    .orderBy('position')
    .execute();
  expect(answers).toEqual([
    { kind: 'slider', value: '85', asked: '["Very bad","Very good"]' },
    { kind: 'slider', value: 'n/a', asked: '["Not at all","Completely"]' },
    {
      kind: 'multiple',
      value: '["Managers","Everyone"]',
      asked: '["People like me","Workers and volunteers","Managers","Funders and commissioners","Everyone"]',
    },
  ]);
});
