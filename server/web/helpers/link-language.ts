/**
 * The interface language a public link opens in, named in itself ("Español"), from an inquiry's story languages;
 * empty when none of them is an interface language (the visitor's browser decides). Usage: {{link-language inquiry.languages}}
 */
import { translator } from '../i18n.ts';
import { linkLanguage as pick } from '../language.ts';

export default function linkLanguage(languages: unknown): string {
  const code = pick(typeof languages === 'string' ? languages : '');
  return code ? (translator(code)('language.self') as string) : '';
}
