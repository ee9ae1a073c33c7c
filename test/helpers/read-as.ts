/** Where words are read in which language, on a rendered page: for the tests of words marked with their language. */
import { decode } from './pages.ts';

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'wbr']);

/**
 * The language and direction the words `text` are read in where they first appear as an element's whole text (or,
 * with `within`, inside it): the nearest enclosing lang and dir, as "lang dir".
 */
export function readAs(html: string, text: string, within = false): string {
  const page = decode(html);
  const at = within
    ? page.indexOf(text)
    : page.search(new RegExp(`>${text.replace(/[?.()*+[\]\\|^$]/g, '\\$&')}<`)) + 1;
  if (at <= 0) throw new Error(`"${text}" is not on the page`);
  const open: { tag: string; lang?: string; dir?: string }[] = [];
  for (const m of page.slice(0, at).matchAll(/<(\/?)([a-z][a-z0-9]*)([^>]*)>/gi)) {
    const [, closing, name, attributes] = m as unknown as [string, string, string, string];
    const tag = name.toLowerCase();
    if (closing) {
      const i = open.map((o) => o.tag).lastIndexOf(tag);
      if (i >= 0) open.length = i;
    } else if (!VOID.has(tag) && !attributes.endsWith('/')) {
      open.push({
        tag,
        lang: / lang="([^"]*)"/.exec(attributes)?.[1],
        dir: / dir="([^"]*)"/.exec(attributes)?.[1],
      });
    }
  }
  const nearest = (key: 'lang' | 'dir') => [...open].reverse().find((o) => o[key] !== undefined)?.[key];
  return `${nearest('lang')} ${nearest('dir')}`;
}
