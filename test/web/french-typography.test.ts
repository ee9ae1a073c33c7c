/**
 * French as the project writes it: a narrow no-break space before a colon, typographic apostrophes in prose, the
 * Appreciative Inquiry's help naming the same phase as the heading above it, and "six derniers mois".
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createInquiry } from '../../server/inquiries/inquiries-store.ts';
import { TEMPLATE_LANGUAGES, templateFor } from '../../server/inquiries/templates.ts';
import { translator } from '../../server/web/i18n.ts';
import { decode } from '../helpers/pages.ts';
import { makeWorld, type World } from '../inquiries/setup.ts';

let w: World;
beforeEach(async () => {
  w = await makeWorld();
  await w.t.db.updateTable('users').set({ language: 'fr' }).where('id', '=', w.people.coordinator.id).execute();
});
afterEach(() => w.t.close());

/** The page's text with tags gone and entities decoded, every space kept as it is. */
const words = (html: string) => decode(html.replace(/<[^>]+>/g, ''));

describe('French typography and wording', () => {
  it('puts a narrow no-break space before the colon after the method and a storyteller question’s kind', async () => {
    const text = words((await w.as.coordinator.get(w.mscPath)).body);
    expect(text).toContain('Changement le plus significatif (CPS)\u202f: ');
    expect(text).toMatch(/Choix unique\u202f: \S/);
    expect(text).not.toMatch(/\(CPS\):|Choix unique:/);
  });

  it('gives the period example as “aux six derniers mois”', async () => {
    const text = words((await w.as.coordinator.get(`${w.mscPath}/settings`)).body);
    expect(text).toContain('En repensant aux six derniers mois');
    expect(text).not.toContain('derniers six mois');
  });

  it('names in each Appreciative Inquiry question’s help the phase its heading names, in every language', async () => {
    const fr = await createInquiry(w.t.db, w.people.coordinator, w.alliance.id, {
      title: 'Travailler ensemble',
      method: 'ai',
      language: 'fr',
    });
    const text = words((await w.as.coordinator.get(`${w.base}/inquiries/${fr.id}`)).body);
    expect(text).toContain('Concevoir\u202f: ce qui devrait être.');
    expect(text).toContain('Déployer\u202f: ce qui sera.');
    expect(text).not.toMatch(/Construire|Réaliser/);
    for (const lang of TEMPLATE_LANGUAGES) {
      const t = translator(lang);
      for (const q of templateFor('ai', lang).questions.filter((x) => x.phase && x.help)) {
        expect(q.help.startsWith(t(`inquiries.phases.${q.phase}`)), `${lang}: ${q.help}`).toBe(true);
      }
    }
  });

  it('uses the typographic apostrophe in every French string', () => {
    const strings: string[] = [];
    const walk = (o: unknown): void => {
      if (typeof o === 'string') strings.push(o);
      else if (o && typeof o === 'object') Object.values(o).forEach(walk);
    };
    walk(JSON.parse(readFileSync(new URL('../../locales/fr.json', import.meta.url), 'utf8')));
    expect(strings.filter((s) => /\p{L}'\p{L}/u.test(s))).toEqual([]);
    // And a narrow no-break space, never a plain or wide one, before : ; ! ? » and after «.
    expect(strings.filter((s) => /[ \u00a0][:;!?»]|«[ \u00a0]/u.test(s))).toEqual([]);
    expect(translator('fr')('translations.story.none')).toBe('Aucune traduction pour l’instant.');
  });
});
