/** The forms of observations: what is seen, and what it might mean. */
import { Type, type Static } from '@sinclair/typebox';

const words = (message: string) => Type.String({ minLength: 1, maxLength: 4000, errorMessage: message });
const optionalWords = (message: string) => Type.Optional(Type.String({ maxLength: 4000, errorMessage: message }));

export const PinForm = Type.Object({
  pattern: Type.String({ minLength: 1, maxLength: 200, errorMessage: 'observations.errors.pattern' }),
  filters: Type.Optional(Type.String({ maxLength: 8000, errorMessage: 'observations.errors.pattern' })),
  text: words('observations.errors.text'),
  first: optionalWords('observations.errors.interpretation'),
  second: optionalWords('observations.errors.interpretation'),
});
export type PinValues = Static<typeof PinForm>;

export const ChangeForm = Type.Object({
  text: words('observations.errors.text'),
  onCards: Type.Array(Type.Literal('1'), { maxItems: 1, errorMessage: 'observations.errors.onCards' }),
});

export const InterpretationForm = Type.Object({ interpretation: words('observations.errors.interpretation') });
