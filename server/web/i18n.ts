/** Interface text: one JSON file per language in locales/; adding a language means adding a file. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type TFunction } from 'i18next';

const localesDir = join(import.meta.dirname, '..', '..', 'locales');

const resources = Object.fromEntries(
  readdirSync(localesDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => [f.replace(/\.json$/, ''), { translation: JSON.parse(readFileSync(join(localesDir, f), 'utf8')) }]),
);

export const LANGUAGES = Object.keys(resources);
export const DEFAULT_LANGUAGE = 'en';

const i18n = i18next.createInstance();
// Handlebars escapes whatever a helper returns, so i18next must not escape too.
void i18n.init({
  resources,
  lng: DEFAULT_LANGUAGE,
  fallbackLng: DEFAULT_LANGUAGE,
  initAsync: false,
  interpolation: { escapeValue: false },
});

const translators = new Map<string, TFunction>();

export function translator(language: string): TFunction {
  const lang = LANGUAGES.includes(language) ? language : DEFAULT_LANGUAGE;
  let t = translators.get(lang);
  if (!t) translators.set(lang, (t = i18n.getFixedT(lang)));
  return t;
}

/** True when the key exists, so tests can find untranslated text. */
export function hasTranslation(key: string, language = DEFAULT_LANGUAGE): boolean {
  return i18n.exists(key, { lng: language, fallbackLng: false });
}
