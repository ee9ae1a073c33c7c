/** Problems as the page shows them: one sentence each, with the row and line it is on. */
import type { FastifyRequest } from 'fastify';
import { DEFAULT_LANGUAGE, translator } from '../web/i18n.ts';
import type { Problem } from './import-csv.ts';
import { choicesInWords, dateInWords } from './import-words.ts';

/** The language an import's problems are told in: the signed-in person's. */
export const languageOf = (request: FastifyRequest): string => request.user?.language ?? DEFAULT_LANGUAGE;

export function problemLines(problems: Problem[], language: string): { row?: number; line?: number; text: string }[] {
  const t = translator(language);
  return problems.map((p) => {
    const params: Record<string, string | number> = {};
    for (const [name, value] of Object.entries(p.params ?? {}))
      params[name] = Array.isArray(value) ? choicesInWords(value, language, t) : value;
    params.line = p.line ?? params.line ?? '';
    if (typeof params.date === 'string') params.date = dateInWords(params.date, language) ?? params.date;
    // Some parameters are themselves messages (a field's problem, a column's purpose): translate those first.
    for (const name of ['message', 'target']) {
      const value = params[name];
      if (typeof value === 'string' && /^(exports|stories|forms)\./.test(value)) params[name] = t(value, params);
    }
    return { row: p.row, line: p.line, text: t(p.key, params) };
  });
}
