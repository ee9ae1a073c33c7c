/**
 * The page for someone removed from an alliance who still had one of its pages open: refused (403), told why in their
 * language, and, when they were sending a form, shown the words they typed to copy (never saved: removal holds).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { translator } from './i18n.ts';
import { languageOf } from './language.ts';

/** A form's own machinery rather than someone's words: a choice's value ("record", "will_do"), an id, a picked date. */
const MACHINE_VALUE = /^(?:[a-z]+(?:[_-][a-z]+)*|\d{1,12}|\d{4}-\d{2}-\d{2})$/;

/** Each piece of text a form carried, in the order sent (the form's order), as typed; not its token or choices. */
export function typedWords(body: unknown): { text: string; rows: number; n: number }[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return [];
  const words: { text: string; rows: number; n: number }[] = [];
  for (const [name, sent] of Object.entries(body as Record<string, unknown>)) {
    if (name === '_csrf') continue;
    for (const value of Array.isArray(sent) ? sent : [sent]) {
      if (typeof value !== 'string' || value.trim() === '' || MACHINE_VALUE.test(value.trim())) continue;
      const lines = value.split('\n').length + Math.floor(value.length / 80);
      words.push({ text: value, rows: Math.min(12, Math.max(2, lines)), n: words.length + 1 });
    }
  }
  return words;
}

/** 403: no longer a member of this alliance; what the request carried, when it carried words. */
export function noLongerMember(
  request: FastifyRequest,
  reply: FastifyReply,
  alliance: { id: number; name: string },
  body?: unknown,
): Promise<FastifyReply> {
  const typed = typedWords(body);
  return reply.code(403).page('accounts/no-longer-member', {
    pageTitle: translator(languageOf(request))('accounts.no-longer-member.title', { alliance: alliance.name }),
    formerAlliance: alliance,
    sentForm: request.method === 'POST',
    typed,
  });
}
