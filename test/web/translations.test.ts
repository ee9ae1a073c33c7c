/** Every piece of interface text the code asks for exists in English, so no page ever shows a raw key. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROLES } from '../../server/db/schema.ts';
import { hasTranslation } from '../../server/web/i18n.ts';

const root = join(import.meta.dirname, '..', '..');
const filesIn = (dir: string, ext: string, except = /^$/) =>
  readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith(ext) && !except.test(f))
    .map((f) => readFileSync(join(root, dir, f), 'utf8'));
/** A key, or its plural forms (key_one, key_other). */
const exists = (key: string) => hasTranslation(key) || hasTranslation(`${key}_other`);
const all = (texts: string[], pattern: RegExp) =>
  texts.flatMap((text) => [...text.matchAll(pattern)].map((m) => m[1]!));

describe('translations', () => {
  it('has every literal key the templates use', () => {
    const keys = all(filesIn('views', '.hbs'), /\{\{t "([a-zA-Z][\w.-]*[\w-])"/g);
    expect(keys.length).toBeGreaterThan(50);
    expect(keys.filter((k) => !exists(k))).toEqual([]);
  });

  it('has every key the server code names: messages, flashes, page titles and audit actions', () => {
    // Stores and the demo name tables and addresses, not interface text.
    const server = filesIn('server', '.ts', /store\.ts$|^demo\//);
    const keys = [
      ...all(server, /errorMessage: '([\w.-]+)'/g),
      ...all(server, /'((?:forms|errors|members|invitations|signIn|setup|demo)\.[\w.-]+)'/g),
      ...all(server, /reply(?:\.code\(\d+\))?\.page\('([\w/-]+)'/g)
        .filter((template) => template !== 'errors/error') // names its own title
        .map((template) => `${template.replace(/\//g, '.')}.title`),
      ...all(server, /action: '([\w.]+)'/g).map((action) => `audit.actions.${action}`),
      ...ROLES.flatMap((role) => [`roles.${role}`, `roleHelp.${role}`]),
    ];
    expect(keys.length).toBeGreaterThan(40);
    expect(keys.filter((k) => !exists(k))).toEqual([]);
  });

  it('has every audit action the stores record, and a title for every error page the code raises', () => {
    const server = filesIn('server', '.ts', /^demo\//);
    const actions = [
      ...all(server, /action: '([\w.]+)'/g),
      // Stores that record through a helper of their own: audit(trx, actor, inquiry, 'observation.pinned', …).
      ...all(server, /\baudit\(\w+, \w+, \w+, '([\w.]+)'/g),
    ];
    expect(actions).toContain('observation.pinned');
    const errors = all(server, /new HttpError\(\d+, '([\w.]+)'\)/g);
    expect(errors).toContain('patterns.unknown');
    const keys = [...actions.map((a) => `audit.actions.${a}`), ...errors, ...errors.map((e) => `${e}Title`)];
    for (const language of ['en', 'es', 'fr', 'ar'])
      expect(keys.filter((k) => !hasTranslation(k, language) && !hasTranslation(`${k}_other`, language))).toEqual([]);
  });
});
