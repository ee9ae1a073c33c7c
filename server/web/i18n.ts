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

export const DEFAULT_LANGUAGE = 'en';
/** English first (the default, and the first choice on every switcher), then the others by code. */
export const LANGUAGES = [
  DEFAULT_LANGUAGE,
  ...Object.keys(resources)
    .filter((l) => l !== DEFAULT_LANGUAGE)
    .sort(),
];

const i18n = i18next.createInstance();
// Handlebars escapes whatever a helper returns, so i18next must not escape too.
void i18n.init({
  resources,
  lng: DEFAULT_LANGUAGE,
  fallbackLng: DEFAULT_LANGUAGE,
  initAsync: false,
  interpolation: { escapeValue: false },
});

/** Languages written right to left: their pages get dir="rtl" and their interpolated values are isolated. */
const RIGHT_TO_LEFT = new Set(['ar', 'fa', 'he', 'ur']);

export function directionOf(language: string): 'rtl' | 'ltr' {
  return RIGHT_TO_LEFT.has(language) ? 'rtl' : 'ltr';
}

/** English is shown as in Britain; 'min2' groups only from 10,000, so years and small counts stay as typed. */
export function numberFormat(language: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  return new Intl.NumberFormat(language === 'en' ? 'en-GB' : language, {
    useGrouping: 'min2' as unknown as boolean,
    ...options,
  });
}

/** Values that are identifiers, not quantities: never grouped or localised. */
const NOT_QUANTITIES = new Set(['seed', 'port']);
// First-strong isolate and pop: a code (MSC-0012) or an English name inside Arabic keeps its own order.
const isolate = (text: string) => `\u2068${text}\u2069`;

/**
 * The values put into a text, in the language's own way: numbers in its format (12 345 in French), and in a
 * right-to-left language each value isolated from the words around it. `count` still chooses the plural form.
 */
function localised(language: string, format: Intl.NumberFormat, options: Record<string, unknown>) {
  const rtl = RIGHT_TO_LEFT.has(language);
  const replace: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(options)) {
    if (typeof value === 'number' && Number.isFinite(value) && !NOT_QUANTITIES.has(name))
      replace[name] = rtl ? isolate(format.format(value)) : format.format(value);
    else if (typeof value === 'string' && rtl && value !== '') replace[name] = isolate(value);
    else replace[name] = value;
  }
  return { ...options, replace };
}

const translators = new Map<string, TFunction>();

export function translator(language: string): TFunction {
  const lang = LANGUAGES.includes(language) ? language : DEFAULT_LANGUAGE;
  let t = translators.get(lang);
  if (!t) {
    const fixed = i18n.getFixedT(lang);
    const format = numberFormat(lang);
    t = ((key: string, options?: unknown) =>
      options && typeof options === 'object'
        ? fixed(key, localised(lang, format, options as Record<string, unknown>))
        : fixed(key, options as string)) as unknown as TFunction;
    translators.set(lang, t);
  }
  return t;
}

/** True when the key exists, so tests can find untranslated text. */
export function hasTranslation(key: string, language = DEFAULT_LANGUAGE): boolean {
  return i18n.exists(key, { lng: language, fallbackLng: false });
}
