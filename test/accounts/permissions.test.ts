import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { can, PERMISSIONS, rolesFor } from '../../server/accounts/permissions.ts';
import { ROLES } from '../../server/db/schema.ts';
import canHelper from '../../server/web/helpers/can.ts';

describe('the permissions table', () => {
  it('answers by role, and nobody without a role may do anything', () => {
    expect(can('coordinator', 'manageMembers')).toBe(true);
    expect(can('facilitator', 'manageMembers')).toBe(false);
    expect(can('interviewer', 'recordInterviews')).toBe(true);
    expect(can('reader', 'readStories')).toBe(false);
    expect(can('reader', 'readReports')).toBe(true);
    expect(can(null, 'seeAlliance')).toBe(false);
    expect(can(undefined, 'readFeedback')).toBe(false);
    expect(rolesFor('runRounds')).toEqual(['coordinator', 'facilitator']);
  });

  it('names only real roles, and the coordinator may do everything', () => {
    for (const [action, roles] of Object.entries(PERMISSIONS)) {
      for (const role of roles) expect(ROLES, action).toContain(role);
      expect(roles, action).toContain('coordinator');
    }
  });

  it('is asked by templates with {{can}}, which refuses an action the table does not name', () => {
    expect(canHelper('facilitator', 'runRounds')).toBe(true);
    expect(canHelper('reader', 'runRounds')).toBe(false);
    expect(canHelper(null, 'runRounds')).toBe(false);
    expect(canHelper('nobody', 'runRounds')).toBe(false);
    expect(() => canHelper('coordinator', 'runRoundz')).toThrow(/no such action/);
    expect(() => canHelper('coordinator', 'toString')).toThrow(/no such action/);
  });

  it('is the only place that lists who may do what: every action a template asks about exists', () => {
    const views = join(import.meta.dirname, '..', '..', 'views');
    const asked = new Set<string>();
    for (const file of readdirSync(views, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.hbs'))) {
      for (const m of readFileSync(join(views, file), 'utf8').matchAll(/\(can \S+ "(\w+)"\)/g)) asked.add(m[1]!);
    }
    expect(asked.size).toBeGreaterThan(5);
    expect([...asked].filter((a) => !Object.hasOwn(PERMISSIONS, a))).toEqual([]);
  });
});
