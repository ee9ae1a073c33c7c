/**
 * Consent is described one way: each use has one wording, the same on the inquiry page, the interview form, the
 * paper form and the story page, and the inquiry page lists the uses the forms ask (the recording's too), as the
 * consent statement read to tellers names them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONSENT_USES, RECORDING_USES } from '../../server/db/schema.ts';
import { templateFor, TEMPLATE_LANGUAGES } from '../../server/inquiries/templates.ts';
import { translator } from '../../server/web/i18n.ts';
import { visibleText } from '../helpers/pages.ts';
import { makeStory } from '../helpers/stories.ts';
import { makeWorld, type World } from './setup.ts';

let w: World;
beforeEach(async () => {
  w = await makeWorld();
});
afterEach(() => w.t.close());

const t = translator('en');
const ALL = [...CONSENT_USES, ...RECORDING_USES].map((use) => t(`consent.uses.${use}`));

/** The labels of the interview form's consent boxes, in order. */
function formUses(html: string): string[] {
  return [...html.matchAll(/<input[^>]*id="field-consent-(\w+)"[\s\S]*?<label[^>]*>([^<]*)</g)].map((m) =>
    m[2]!.trim(),
  );
}

describe('consent uses', () => {
  it('lists on the inquiry page the same uses, in the same words, as the interview form asks', async () => {
    const form = (await w.as.interviewer.get(`${w.aiPath}/interviews/new`)).body;
    expect(formUses(form)).toEqual(ALL);
    const page = visibleText((await w.as.coordinator.get(w.aiPath)).body);
    for (const use of ALL) expect(page).toContain(use);
    expect(page).toContain('Read by the panels that choose stories');
    expect(page).not.toContain('panels that discuss');
    expect(page).toContain('When an interview is recorded');
  });

  it('says the panel use in the same words on the paper form and the story page', async () => {
    const paper = visibleText((await w.as.coordinator.get(`${w.mscPath}/paper`)).body);
    const story = await makeStory(w.t.db, w.msc);
    const page = visibleText((await w.as.coordinator.get(`${w.base}/stories/${story.id}`)).body);
    for (const text of [paper, page]) {
      expect(text).toContain('Read by the panels that choose stories');
      expect(text).not.toContain('panels that discuss');
    }
  });

  it('tells storytellers in the consent statement about the recording, in every template language', () => {
    expect(w.msc.consent_statement).toContain('If we record the interview');
    expect(w.msc.consent_statement).toContain('panels that choose stories');
    for (const lang of TEMPLATE_LANGUAGES) {
      const statement = templateFor('ai', lang).consentStatement;
      const recording = { en: 'record', es: 'grab', fr: 'enregistr', ar: 'سجّلنا' }[lang as 'en'];
      expect(statement, lang).toContain(recording);
    }
  });
});
