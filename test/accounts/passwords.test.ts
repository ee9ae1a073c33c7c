import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../server/accounts/passwords.ts';

describe('passwords', () => {
  it('checks the right password against its hash', async () => {
    const hash = await hashPassword('a long enough password');
    expect(await verifyPassword('a long enough password', hash)).toBe(true);
  });

  it('refuses a wrong password, including one differing only in case or a space', async () => {
    const hash = await hashPassword('a long enough password');
    expect(await verifyPassword('a long enough passwore', hash)).toBe(false);
    expect(await verifyPassword('A long enough password', hash)).toBe(false);
    expect(await verifyPassword('a long enough password ', hash)).toBe(false);
  });

  it('stores neither the password nor the same hash twice (salted)', async () => {
    const first = await hashPassword('a long enough password');
    const second = await hashPassword('a long enough password');
    expect(first).not.toContain('a long enough password');
    expect(first).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(first).not.toBe(second);
  });

  it('refuses anything that is not a Hearth hash', async () => {
    expect(await verifyPassword('a long enough password', 'a long enough password')).toBe(false);
    expect(await verifyPassword('a long enough password', '')).toBe(false);
  });
});
