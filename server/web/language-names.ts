/**
 * "es" → "Spanish" in the reader's language ("espagnol" for a French reader, "الإسبانية" for an Arabic one); the
 * code itself when it names no language. One namer for every page, form, report, pack and pattern.
 */
export function languageNamer(reader: string): (code: string) => string {
  let names: Intl.DisplayNames | undefined;
  try {
    names = new Intl.DisplayNames([reader], { type: 'language', fallback: 'none' });
  } catch {
    names = undefined;
  }
  return (code) => {
    try {
      return names?.of(code) ?? code;
    } catch {
      return code;
    }
  };
}
