/**
 * What routes declare about their input, for Fastify to check and TypeScript to type. Deliberately permissive, so
 * no schema makes Fastify answer 400 where a person should see their form again: values are checked by the route
 * (web/forms.ts re-shows a form with 422 and what was typed), an id that is not a number is still a string here
 * (idParam answers 404), and a field may come more than once (a checkbox group, or a field sent twice).
 */
import { Type, type Static } from '@sinclair/typebox';

/** One field of a form or a query string: a value, or several when its name repeats. */
export const Field = Type.Union([Type.String(), Type.Array(Type.String())]);
export type Field = Static<typeof Field>;

/** An HTML form as posted, or a query string read as a whole: its fields by name. */
export const Fields = Type.Record(Type.String(), Field);
export type Fields = Static<typeof Fields>;

/**
 * A form route's body: url-encoded forms are checked against Fields, which every such form passes. Other bodies (a
 * hand-made JSON request) are not checked here: they meet the CSRF check and readForm, which refuse them as before.
 */
export const FormBody = { content: { 'application/x-www-form-urlencoded': { schema: Fields } } };
/** The body as a route reads it: nothing when none was sent. */
export type FormBody = Fields | undefined;

/** A link's secret in the address: /receipt/:token, /shared/:token, /invitations/:token, … */
export const TokenParams = Type.Object({ token: Type.String() });
export type TokenParams = Static<typeof TokenParams>;
