/**
 * The ready set of questions about the story goes where the message says: at the end of the guide. In an
 * Appreciative Inquiry that is after Discover, Dream, Design and Deliver, on the guide, the paper form and the
 * interview form alike.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flash, visibleText } from '../helpers/pages.ts';
import { makeWorld, type World } from './setup.ts';

let w: World;
beforeEach(async () => {
  w = await makeWorld();
});
afterEach(() => w.t.close());

const FEEL = 'How do you feel about this story?';

describe('the ready set in an Appreciative Inquiry', () => {
  it('comes after the four phases, as the message says', async () => {
    const res = await w.as.coordinator.post(`${w.aiPath}/questions/ready-set`);
    expect(res.statusCode).toBe(303);
    const page = await w.as.coordinator.get(w.aiPath);
    expect(flash(page.body)).toContain('added at the end of the guide');
    const guide = visibleText(page.body);
    const deliver = guide.indexOf('Deliver —');
    expect(deliver).toBeGreaterThan(-1);
    expect(guide.indexOf('After the phases: about the whole story')).toBeGreaterThan(deliver);
    expect(guide.indexOf(FEEL)).toBeGreaterThan(guide.indexOf('After the phases'));

    const paper = visibleText((await w.as.coordinator.get(`${w.aiPath}/paper`)).body);
    expect(paper.indexOf(FEEL)).toBeGreaterThan(paper.indexOf('Deliver —'));

    const form = visibleText((await w.as.interviewer.get(`${w.aiPath}/interviews/new`)).body);
    expect(form.indexOf(FEEL)).toBeGreaterThan(form.indexOf('Deliver — what will be'));
    expect(form.indexOf(FEEL)).toBeGreaterThan(form.indexOf('About your story as a whole'));
  });

  it('keeps a question about the story after the phases when it is changed without a phase', async () => {
    await w.as.coordinator.post(`${w.aiPath}/questions/ready-set`);
    const q = await w.t.db
      .selectFrom('questions')
      .selectAll()
      .where('inquiry_id', '=', w.ai.id)
      .where('kind', '=', 'slider')
      .orderBy('position')
      .executeTakeFirstOrThrow();
    const res = await w.as.coordinator.submit(`${w.aiPath}/questions/${q.id}`, `${w.aiPath}/questions/${q.id}`, {
      kind: 'slider',
      phase: '',
      prompt: 'How good was it for you?',
      low: 'Very bad',
      high: 'Very good',
    });
    expect(res.statusCode).toBe(303);
    const guide = visibleText((await w.as.coordinator.get(w.aiPath)).body);
    expect(guide.indexOf('How good was it for you?')).toBeGreaterThan(guide.indexOf('After the phases'));
  });
});
