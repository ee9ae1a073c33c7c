/**
 * A part of a page in another language than the page's own: a printed form in its inquiry's language, whoever
 * prints it. Usage: {{#in-language inquiryLanguage}}…{{/in-language}}; t, date and num inside use that language.
 */
import Handlebars, { type HelperOptions } from 'handlebars';

/** The language text is written in here: the nearest in-language block's, else the page's. */
export function languageHere(options: HelperOptions): string {
  const data = options.data as { lang?: string; root?: { lang?: string } } | undefined;
  return data?.lang ?? data?.root?.lang ?? 'en';
}

export default function inLanguage(this: unknown, language: unknown, options: HelperOptions): string {
  if (typeof language !== 'string' || !language) return options.fn(this);
  const data = Handlebars.createFrame(options.data ?? {}) as { lang?: string };
  data.lang = language;
  return options.fn(this, { data });
}
