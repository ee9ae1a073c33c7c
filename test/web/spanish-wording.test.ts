/**
 * Spanish as Hearth writes it: "usted" throughout, never "tú" ("Elija un archivo más pequeño", not "Elige…");
 * "Alrededor de 1 minuto de lectura", not "Unos 1 minuto"; and a wrapped chart label keeps its space ("menos de 150
 * palabras", not "150palabras"), in every language.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decode } from '../helpers/pages.ts';
import { makeStory } from '../helpers/stories.ts';
import { makeWorld, type World } from '../inquiries/setup.ts';

let w: World;
beforeEach(async () => {
  w = await makeWorld();
});
afterEach(() => w.t.close());

const strings = (lang: string): [string, string][] => {
  const out: [string, string][] = [];
  const walk = (o: unknown, key: string): void => {
    if (typeof o === 'string') out.push([key, o]);
    else if (o && typeof o === 'object') for (const [k, v] of Object.entries(o)) walk(v, key ? `${key}.${k}` : k);
  };
  walk(JSON.parse(readFileSync(new URL(`../../locales/${lang}.json`, import.meta.url), 'utf8')), '');
  return out;
};

const speakAs = (lang: string) =>
  w.t.db.updateTable('users').set({ language: lang }).where('id', '=', w.people.coordinator.id).execute();

/** The text of each chart label as the browser has it (what is copied or found in the page): tags dropped, no space added. */
const chartLabels = (html: string) =>
  [...html.matchAll(/<text [^>]*class="pattern-chart__label"[^>]*>([\s\S]*?)<\/text>/g)].map((m) =>
    decode(m[1]!.replace(/<title>[\s\S]*?<\/title>/, '').replace(/<[^>]+>/g, '')),
  );

describe('Spanish wording', () => {
  it('addresses people as “usted”, never with “tú” forms', () => {
    const tu =
      /\b(tú|tu|tus|estás|puedes|quieras|elijas|escuchas|escribes|pídeselo|inténtalo|revísalas|acótalas|acórtala)\b|(^|[.:;]\s+)(Elige|Escribe|Vuelve a|Marca|Escucha|Crea|Reproduce|Pide)\b|\b(marca las|elige un|elige de|vuelve y|imprime la)\b/u;
    const found = strings('es').filter(([, text]) => tu.test(text));
    expect(found).toEqual([]);
  });

  it('says a one-minute story’s reading time in the singular', async () => {
    await speakAs('es');
    const story = await makeStory(w.t.db, w.msc, { words: 'Una historia corta.' });
    const page = decode((await w.as.coordinator.get(`${w.base}/stories/${story.id}`)).body);
    expect(page).toContain('Alrededor de 1 minuto de lectura');
    expect(page).not.toContain('Unos 1 minuto');
  });

  it('keeps the space where a chart label wraps, in every language', async () => {
    await makeStory(w.t.db, w.msc, { words: 'Una historia corta.' });
    const expected = {
      en: 'Short (under 150 words)',
      es: 'Corta (menos de 150 palabras)',
      fr: 'Court (moins de 150 mots)',
    };
    for (const [lang, label] of Object.entries(expected)) {
      await speakAs(lang);
      const labels = chartLabels((await w.as.coordinator.get(`${w.mscPath}/patterns`)).body);
      expect(labels, lang).toContain(label);
      expect(labels.join(' | '), lang).not.toMatch(/150(words|palabras|mots)/);
    }
  });
});
