import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { readForm } from '../../server/web/forms.ts';

const Schema = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 10, errorMessage: 'forms.personName' }),
  password: Type.String({ minLength: 3, exact: true, errorMessage: 'forms.password' }),
  note: Type.Optional(Type.String({ maxLength: 5 })),
  tags: Type.Array(Type.String()),
});

const read = (body: unknown, csrfValid?: boolean) => readForm({ body, csrfValid } as unknown as FastifyRequest, Schema);

describe('readForm', () => {
  it('trims text but keeps exact fields exactly as typed', () => {
    const form = read({ name: '  Ada  ', password: '  secret  ', tags: 'a' });
    expect(form).toMatchObject({ ok: true, value: { name: 'Ada', password: '  secret  ' } });
  });

  it('reads an empty optional box as "not given", and a missing checkbox group as an empty list', () => {
    const form = read({ name: 'Ada', password: 'secret', note: '   ' });
    expect(form.ok && form.value).toEqual({ name: 'Ada', password: 'secret', note: undefined, tags: [] });
  });

  it('reads one ticked box or several as a list', () => {
    expect(read({ name: 'Ada', password: 'secret', tags: 'x' })).toMatchObject({ ok: true, value: { tags: ['x'] } });
    expect(read({ name: 'Ada', password: 'secret', tags: ['x', 'y'] })).toMatchObject({
      ok: true,
      value: { tags: ['x', 'y'] },
    });
  });

  it("names each wrong field's message, keeping everything typed", () => {
    const form = read({ name: '   ', password: 'ab', note: 'too long', tags: [] });
    expect(form.ok).toBe(false);
    expect(!form.ok && form.errors).toEqual({
      name: 'forms.personName',
      password: 'forms.password',
      note: 'forms.invalid',
    });
    expect(form.values).toEqual({ name: '   ', password: 'ab', note: 'too long', tags: [] });
  });

  it('reports a missing required field', () => {
    const form = read({ password: 'secret' });
    expect(!form.ok && form.errors).toEqual({ name: 'forms.personName' });
  });

  it('refuses a field the form does not have, ignoring only _csrf', () => {
    expect(read({ name: 'Ada', password: 'secret', _csrf: 'token' }).ok).toBe(true);
    const form = read({ name: 'Ada', password: 'secret', admin: 'yes' });
    expect(!form.ok && form.errors).toEqual({ _form: 'forms.unknownField' });
  });

  it.each(['constructor', 'toString', 'hasOwnProperty', '__proto__'])(
    'refuses a field named %s, however JavaScript objects are built',
    (name) => {
      const body = Object.assign(Object.create(null), { name: 'Ada', password: 'secret' });
      Object.defineProperty(body, name, { value: 'x', enumerable: true });
      const form = read(body);
      expect(!form.ok && form.errors).toEqual({ _form: 'forms.unknownField' });
    },
  );

  it('refuses a single field sent twice', () => {
    const form = read({ name: ['Ada', 'Bob'], password: 'secret' });
    expect(!form.ok && form.errors).toEqual({ name: 'forms.personName' });
    expect(form.values.name).toEqual(['Ada', 'Bob']);
  });

  it('ignores values that are not text (from a JSON body)', () => {
    const form = read({ name: 'Ada', password: 'secret', tags: [1, 2] });
    expect(form).toMatchObject({ ok: true, value: { tags: [] } });
  });

  it('refuses a body that is not a form', () => {
    for (const body of [undefined, null, 'name=Ada', ['x']])
      expect(read(body)).toEqual({ ok: false, errors: { _form: 'forms.malformed' }, values: {} });
  });

  it('says the form expired when its CSRF token was not valid', () => {
    const form = read({ name: 'Ada', password: 'secret' }, false);
    expect(!form.ok && form.errors).toEqual({ _form: 'forms.csrf' });
    expect(form.values).toEqual({ name: 'Ada', password: 'secret' });
  });
});
