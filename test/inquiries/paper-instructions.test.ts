/**
 * The paper form's instructions: each question that is ticked says how once ("Tick one.", "Tick all that apply."),
 * on its own small line under the question, the same for every question; a help that only repeats it is left off
 * the paper (and still shown online, where nothing else says it).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createInquiry } from '../../server/inquiries/inquiries-store.ts';
import { decode, visibleText } from '../helpers/pages.ts';
import { makeWorld, type World } from './setup.ts';

let w: World;
beforeEach(async () => {
  w = await makeWorld();
});
afterEach(() => w.t.close());

/** Each instruction line's class and words: a <p> of its own, whatever the question. */
const instructions = (html: string) =>
  [...html.matchAll(/<p class="([^"]*paper-small[^"]*)">([^<]*)<\/p>/g)].map((m) => ({
    class: m[1] ?? '',
    text: decode(m[2] ?? ''),
  }));

describe('the paper form’s instructions', () => {
  it('prints “Tick all that apply” once, and every instruction the same way', async () => {
    expect((await w.as.coordinator.post(`${w.mscPath}/questions/ready-set`)).statusCode).toBe(303);
    const page = await w.as.interviewer.get(`${w.mscPath}/paper`);
    const text = visibleText(page.body);
    expect(text.match(/Tick all that apply/g)).toHaveLength(1);
    expect(text).toContain('Who should hear this story? Tick all that apply. People like me');
    expect(text).toContain('How long ago did this happen? Tick one. In the last month');
    expect(text).toContain('Who are you? Tick one. Citizen Family member');
    expect(text).not.toContain('(tick one)');

    const ticks = instructions(page.body).filter((i) => /^Tick /.test(i.text));
    // "Tick one." for the template's two questions about the storyteller with options and the ready set's two single
    // choices; the ready set's multiple choice; its two sliders.
    expect(ticks.map((i) => i.text).sort()).toEqual([
      'Tick all that apply.',
      'Tick one point between the two ends, or “does not apply”.',
      'Tick one point between the two ends, or “does not apply”.',
      'Tick one.',
      'Tick one.',
      'Tick one.',
      'Tick one.',
    ]);
    expect(new Set(ticks.map((i) => i.class))).toEqual(new Set(['paper-small paper-instruction']));

    // Online nothing else says it, so the question's help still does.
    const online = visibleText((await w.as.interviewer.get(`${w.mscPath}/interviews/new`)).body);
    expect(online).toContain('Tick all that apply.');
  });

  it('leaves off the ready set’s own “tick all” help in another language, in other words than the paper’s', async () => {
    const fr = await createInquiry(w.t.db, w.people.coordinator, w.alliance.id, {
      title: 'Changements',
      method: 'msc',
      language: 'fr',
    });
    const path = `${w.base}/inquiries/${fr.id}`;
    await w.as.coordinator.post(`${path}/questions/ready-set`);
    const text = visibleText((await w.as.interviewer.get(`${path}/paper`)).body);
    expect(text).toContain('histoire? Cochez toutes les cases qui conviennent. Des gens comme moi');
    expect(text).not.toContain('Cochez tout ce qui convient');
    expect(text).toContain('s’est passé? Cochez une case. Au cours du dernier mois');
  });

  it('keeps a help that says more than how to tick', async () => {
    await w.as.coordinator.post(`${w.mscPath}/questions/new`, {
      kind: 'multiple',
      prompt: 'Which services did you use?',
      help: 'Tick all that apply, even once.',
      options: 'Clinic\nLibrary',
    });
    const text = visibleText((await w.as.interviewer.get(`${w.mscPath}/paper`)).body);
    expect(text).toContain('Which services did you use? Tick all that apply, even once. Tick all that apply. Clinic');
  });
});
