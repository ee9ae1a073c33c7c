/**
 * Join codes: short enough to read off a projector and type on a phone. Letters and digits that look alike
 * (0/O, 1/I/L) are left out, so nobody types the wrong one.
 */
import { randomInt } from 'node:crypto';

export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const CODE_LENGTH = 6;

/** A fresh code from crypto randomness (uniqueness is the store's job: it tries again on a clash). */
export function newJoinCode(pick: (max: number) => number = randomInt): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[pick(CODE_ALPHABET.length)];
  return code;
}

/** "ABC234" shown as "ABC 234": two groups are easier to read aloud and type. */
export function showJoinCode(code: string): string {
  return `${code.slice(0, 3)} ${code.slice(3)}`;
}
