/**
 * A language's name in the language the text around it is written in: "fr" is "French" on an English page and
 * "الفرنسية" on an Arabic one (the code itself when it names no language). Usage: {{language-name code}}
 */
import type { HelperOptions } from 'handlebars';
import { languageNamer } from '../language-names.ts';
import { languageHere } from './in-language.ts';

export default function languageName(code: unknown, options: HelperOptions): string {
  const text = typeof code === 'string' ? code.trim() : '';
  return text ? languageNamer(languageHere(options))(text) : '';
}
