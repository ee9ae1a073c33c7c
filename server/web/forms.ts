/**
 * Reading HTML forms against TypeBox schemas. Every field in a schema names the message (a translation key)
 * shown beside it when it is wrong, via `errorMessage`. The values come back as typed, so a form re-rendered
 * with status 422 keeps everything the person wrote.
 */
import { Kind, KindGuard, type Static, type TObject, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { FastifyRequest } from 'fastify';

/** Field name -> translation key; `_form` holds a message for the whole form. */
export type FieldErrors = Record<string, string>;
/** What the person typed, by field, for showing the form again. */
export type FormValues = Record<string, string | string[]>;

export type FormResult<T> =
  { ok: true; value: T; values: FormValues } | { ok: false; errors: FieldErrors; values: FormValues };

/** Schema option: keep this field exactly as typed (passwords, a storyteller's words), no trimming. */
export interface ExactOption {
  exact?: boolean;
  errorMessage?: string;
}

export function readForm<T extends TObject>(request: FastifyRequest, schema: T): FormResult<Static<T>> {
  return readFields(request.body, schema, request.csrfValid);
}

/**
 * The same reading for fields that arrive some other way than as the request's whole body (an interview sent from
 * a phone in the field carries its form's fields inside a JSON request): one set of rules for both.
 */
export function readFields<T extends TObject>(body: unknown, schema: T, csrfValid?: boolean): FormResult<Static<T>> {
  const errors: FieldErrors = {};
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return { ok: false, errors: { _form: 'forms.malformed' }, values: {} };
  }

  const values: FormValues = {};
  const data: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(body as Record<string, unknown>)) {
    if (name === '_csrf') continue;
    if (typeof raw !== 'string' && !(Array.isArray(raw) && raw.every((v) => typeof v === 'string'))) continue;
    values[name] = raw;
    // Own properties only: a field called "constructor" or "toString" is as unknown as any other.
    const field = Object.hasOwn(schema.properties, name)
      ? (schema.properties[name] as TSchema & ExactOption)
      : undefined;
    if (!field) {
      errors._form = 'forms.unknownField';
      continue;
    }
    // PostgreSQL cannot store a NUL character in text, and no person types one: refuse it on either database.
    if ((Array.isArray(raw) ? raw : [raw]).some((v) => v.includes('\u0000'))) errors[name] = 'forms.invalidCharacters';
    data[name] = normalise(field, raw);
  }
  for (const [name, field] of Object.entries(schema.properties)) {
    // An unticked checkbox group sends nothing: that is an empty list, not a missing field.
    if (data[name] === undefined && field[Kind] === 'Array') data[name] = [];
  }

  for (const error of Value.Errors(schema, data)) {
    const name = error.path.split('/')[1] ?? '';
    const field = schema.properties[name] as (TSchema & ExactOption) | undefined;
    if (name && !errors[name]) errors[name] = field?.errorMessage ?? 'forms.invalid';
  }
  if (csrfValid === false) errors._form = 'forms.csrf';

  if (Object.keys(errors).length > 0) return { ok: false, errors, values };
  return { ok: true, value: data as Static<T>, values };
}

function normalise(field: TSchema & ExactOption, raw: string | string[]): unknown {
  if (field[Kind] === 'Array') return Array.isArray(raw) ? raw : [raw];
  if (Array.isArray(raw)) return raw; // a single field sent twice: the schema check reports it
  const value = field.exact ? raw : raw.trim();
  // An empty optional box means "not given".
  return value === '' && isOptional(field) ? undefined : value;
}

function isOptional(field: TSchema): boolean {
  return KindGuard.IsOptional(field);
}

/** One field of whatever body was sent (a form, JSON, multipart), read without trusting its shape. */
export function sentField(request: FastifyRequest, name: string): unknown {
  const body: unknown = request.body;
  return typeof body === 'object' && body !== null ? Object.getOwnPropertyDescriptor(body, name)?.value : undefined;
}
