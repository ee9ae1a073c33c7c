/**
 * Translated interface text. Usage: {{t "signIn.title"}}, {{t "members.count" count=n}},
 * or with a key built from parts: {{t "roles." role}} -> roles.coordinator
 */
import type { HelperOptions } from 'handlebars';
import { languageHere } from './in-language.ts';
import { translator } from '../i18n.ts';

/**
 * Texts without parameters never change while Hearth runs, so each is looked up once per language: i18next's
 * lookup was over a third of a 50-story list page's rendering. Capped, in case a key is ever built from input.
 */
const plain = new Map<string, string>();
const MOST = 20_000;

export default function t(...args: unknown[]): string {
  const options = args.pop() as HelperOptions;
  const lang = languageHere(options);
  const key = args.join('');
  const hash = options.hash as Record<string, unknown> | undefined;
  if (hash && Object.keys(hash).length > 0) return translator(lang)(key, hash) as string;
  const cacheKey = `${lang}\u0000${key}`;
  let text = plain.get(cacheKey);
  if (text === undefined) {
    text = translator(lang)(key) as string;
    if (plain.size < MOST) plain.set(cacheKey, text);
  }
  return text;
}
