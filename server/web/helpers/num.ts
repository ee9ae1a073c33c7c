/** A number written the page's language's way (12,345 in English, 12.345 in Spanish). Usage: {{num n}} (not "number": pages use that name for their own values) */
import type { HelperOptions } from 'handlebars';
import { languageHere } from './in-language.ts';

const formats = new Map<string, Intl.NumberFormat>();

export default function num(value: unknown, options: HelperOptions): string {
  const n = typeof value === 'number' ? value : Number(value);
  if (value === null || value === undefined || value === '' || !Number.isFinite(n))
    return value == null ? '' : String(value);
  const lang = languageHere(options);
  let format = formats.get(lang);
  if (!format) formats.set(lang, (format = new Intl.NumberFormat(lang === 'en' ? 'en-GB' : lang)));
  return format.format(n);
}
