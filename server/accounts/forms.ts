/** The account forms' schemas: each field's limits and the message shown beside it when it is wrong. */
import { Type } from '@sinclair/typebox';
import { ROLES } from '../db/schema.ts';
import { PASSWORD_MAX, PASSWORD_MIN } from './passwords.ts';

const email = Type.String({ pattern: '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$', maxLength: 254, errorMessage: 'forms.email' });
const personName = Type.String({ minLength: 1, maxLength: 120, errorMessage: 'forms.personName' });
const newPassword = Type.String({
  minLength: PASSWORD_MIN,
  maxLength: PASSWORD_MAX,
  exact: true,
  errorMessage: 'forms.newPassword',
});
// Left empty, it asks to be typed, not to be told the two differ.
const repeatPassword = Type.String({
  minLength: 1,
  maxLength: PASSWORD_MAX,
  exact: true,
  errorMessage: 'forms.repeatPassword',
});

export const SetupForm = Type.Object({
  allianceName: Type.String({ minLength: 1, maxLength: 120, errorMessage: 'forms.allianceName' }),
  name: personName,
  email,
  password: newPassword,
  repeatPassword,
});

export const SignInForm = Type.Object({
  email,
  password: Type.String({ minLength: 1, maxLength: PASSWORD_MAX, exact: true, errorMessage: 'forms.password' }),
  next: Type.Optional(Type.String({ maxLength: 2000 })),
});

export const NewAccountForm = Type.Object({ name: personName, email, password: newPassword, repeatPassword });

export const InvitationForm = Type.Object({
  invitee: Type.String({ minLength: 1, maxLength: 200, errorMessage: 'forms.invitee' }),
  role: Type.Union(
    ROLES.map((r) => Type.Literal(r)),
    { errorMessage: 'forms.role' },
  ),
  organisationId: Type.Optional(Type.String({ pattern: '^[0-9]{1,12}$', errorMessage: 'forms.organisation' })),
});

export const RoleForm = Type.Object({
  role: Type.Union(
    ROLES.map((r) => Type.Literal(r)),
    { errorMessage: 'forms.role' },
  ),
});

export const OrganisationForm = Type.Object({
  organisationName: Type.String({ minLength: 1, maxLength: 120, errorMessage: 'forms.organisationName' }),
});

export const EmptyForm = Type.Object({});
