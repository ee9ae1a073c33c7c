/**
 * Reading one cell of an imported CSV file: a formula a spreadsheet would run, yes or no, a language, a list of
 * choices. Pure logic: nothing here knows about HTTP or the database.
 */
import { CONSENT_USES, RECORDING_USES } from '../db/schema.ts';
import { LANGUAGES } from '../web/i18n.ts';

/** The consent uses a column may hold: an interview's, the recording's two included (a paper form asks them too). */
export const IMPORTED_USES = [...CONSENT_USES, ...RECORDING_USES] as const;

/** Text compared loosely: lower case, letters and digits only (a leading apostrophe from a spreadsheet dropped). */
export const norm = (text: string) =>
  text
    .toLowerCase()
    .replace(/^'/, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

const NAME = String.raw`[A-Za-z_][A-Za-z0-9_.]*`;
/** What a spreadsheet runs: a function ("SUM(", "HYPERLINK ("), a cell ("A1", "$B$2"), another sheet or a program ("Sheet1!", "cmd|"). */
const RUNS = String.raw`(?:${NAME}\s*\(|\$?[A-Za-z]{1,3}\$?\d|${NAME}\s*[!|]|'[^']*'!)`;
/**
 * A cell a spreadsheet would run: "=" before something it runs (or a number or quoted text it computes), or "+", "-",
 * "@" before a function. A smiley ("=)", "=D") or a list item ("- a list item") is ordinary text.
 */
const FORMULA = new RegExp(String.raw`^(?:=[\s(+\-@]*(?:${RUNS}|\d|")|[+\-@]\s*${NAME}\s*\()`);

export function looksLikeFormula(cell: string): boolean {
  return FORMULA.test(cell);
}

const YES = new Set(['yes', 'y', 'true', '1', 'oui', 'si', 'sí', 'ja', 'x', 'نعم']);
const NO = new Set(['no', 'n', 'false', '0', 'non', 'nein', 'لا', '']);

/** A yes/no cell: true, false, or undefined when it is neither. */
export function yesOrNo(cell: string): boolean | undefined {
  const value = norm(cell);
  return YES.has(value) ? true : NO.has(value) ? false : undefined;
}

/**
 * A story's language as the inquiry lists it, from a code in any case ("es", "ES") or a name in the language itself
 * or any of Hearth's ("Spanish", "Español", "espagnol"); undefined when it is none of the inquiry's languages.
 */
export function languageIn(cell: string, inquiryLanguages: string): string | undefined {
  const wanted = norm(cell);
  const codes = inquiryLanguages
    .split(',')
    .map((l) => l.trim())
    .filter(Boolean);
  return codes.find((code) => {
    if (norm(code) === wanted) return true;
    return [code, ...LANGUAGES].some((reader) => {
      try {
        const name = new Intl.DisplayNames([reader], { type: 'language', fallback: 'none' }).of(code);
        return name !== undefined && norm(name) === wanted;
      } catch {
        return false; // not a language code Intl knows: only the code itself matches
      }
    });
  });
}

export function splitChoices(raw: string): string[] {
  const text = raw.trim();
  if (!text) return [];
  if (text.startsWith('[')) {
    try {
      const list = JSON.parse(text) as unknown;
      if (Array.isArray(list)) return list.map(String);
    } catch {
      /* not a list after all: split it */
    }
  }
  // KoboToolbox separates choices with spaces; spreadsheets with ; or ,
  return text.split(/\s*[;,]\s*/).filter(Boolean);
}
