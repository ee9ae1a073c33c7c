/**
 * Which language a page is shown in. A signed-in person's own choice (users.language) comes first; a visitor's
 * choice from the language switcher (a cookie) next; then the language of the public link they followed, if any;
 * then what their browser asks for (Accept-Language); then English.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DEFAULT_LANGUAGE, LANGUAGES, translator } from './i18n.ts';

export const LANGUAGE_COOKIE = 'hearth_lang';
const YEAR = 365 * 24 * 3600;

/** A supported interface language for a code such as "es", "es-MX" or "ES", or undefined. */
export function supported(code: unknown): string | undefined {
  if (typeof code !== 'string') return undefined;
  const primary = code.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return LANGUAGES.includes(primary) ? primary : undefined;
}

/** The best supported language in an Accept-Language header, by its quality values. */
export function fromAcceptLanguage(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const wanted = header
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.split(';');
      const q = Number(
        params
          .find((p) => p.trim().startsWith('q='))
          ?.trim()
          .slice(2) ?? '1',
      );
      return { tag, q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((w) => w.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const w of wanted) {
    const lang = supported(w.tag);
    if (lang) return lang;
  }
  return undefined;
}

/** The first of an inquiry's story languages ("es, en") that the interface speaks: a public link's language. */
export function linkLanguage(languages: string | null | undefined): string | undefined {
  return (languages ?? '').split(',').map(supported).find(Boolean);
}

/** The chosen language for this request; `link` is the language of a public link being followed. */
export function languageOf(request: FastifyRequest, link?: string): string {
  return (
    supported(request.user?.language) ??
    supported(request.cookies?.[LANGUAGE_COOKIE]) ??
    supported(link) ??
    fromAcceptLanguage(request.headers['accept-language']) ??
    DEFAULT_LANGUAGE
  );
}

/** Remembers a visitor's choice for a year. Not sensitive: a language code. */
export function rememberLanguage(reply: FastifyReply, lang: string, secure: boolean): void {
  reply.setCookie(LANGUAGE_COOKIE, lang, { path: '/', maxAge: YEAR, httpOnly: true, sameSite: 'lax', secure });
}

/** Every interface language, named in itself ("English", "Español"), for switchers and the account page. */
export function languageChoices(current: string): { code: string; name: string; current: boolean }[] {
  return LANGUAGES.map((code) => ({ code, name: translator(code)('language.self'), current: code === current }));
}
