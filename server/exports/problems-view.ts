/** Problems as the page shows them: one sentence each, with the row and line it is on. */
import type { FastifyRequest } from 'fastify';
import { DEFAULT_LANGUAGE, translator } from '../web/i18n.ts';
import type { Problem } from './import-csv.ts';

/** The language an import's problems are told in: the signed-in person's. */
export const languageOf = (request: FastifyRequest): string => request.user?.language ?? DEFAULT_LANGUAGE;

export function problemLines(problems: Problem[], language: string): { row?: number; line?: number; text: string }[] {
  const t = translator(language);
  return problems.map((p) => {
    const params: Record<string, string | number> = { ...p.params, line: p.line ?? p.params?.line ?? '' };
    // Some parameters are themselves messages (a field's problem, a column's purpose): translate those first.
    for (const name of ['message', 'target']) {
      const value = params[name];
      if (typeof value === 'string' && /^(exports|stories|forms)\./.test(value)) params[name] = t(value);
    }
    return { row: p.row, line: p.line, text: t(p.key, params) };
  });
}
