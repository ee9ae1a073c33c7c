import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createInvitation } from '../../server/accounts/invitations-store.ts';
import { buildApp } from '../../server/app.ts';
import { loggerOptions, maskTokens } from '../../server/web/logging.ts';
import { Agent } from '../helpers/agent.ts';
import { makeAlliance, PASSWORD, testConfig } from '../helpers/app.ts';
import { freshDatabase } from '../helpers/db.ts';

const TOKEN = 'Qm9vb29vb29vb29vb29vb29vb29vb29vb29vb29vb28';

describe('maskTokens', () => {
  it('masks long random path segments (invitation and share links)', () => {
    expect(maskTokens(`/invitations/${TOKEN}`)).toBe('/invitations/[token]');
    expect(maskTokens(`/invitations/${TOKEN}?next=/x`)).toBe('/invitations/[token]?next=/x');
  });

  it('leaves ordinary addresses readable', () => {
    expect(maskTokens('/alliances/12/members/345/remove')).toBe('/alliances/12/members/345/remove');
    expect(maskTokens('/sign-in?next=%2Falliances')).toBe('/sign-in?next=%2Falliances');
    expect(maskTokens('x'.repeat(31))).toBe('x'.repeat(31));
  });
});

describe('request logs', () => {
  it('never contain invitation tokens, cookies or passwords', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const database = await freshDatabase();
    const app = await buildApp(testConfig(), database, { ...(loggerOptions('info') as object), stream });
    try {
      const { alliance, coordinator } = await makeAlliance(database.db);
      const { token } = await createInvitation(database.db, coordinator, alliance.id, {
        invitee: 'Bea',
        role: 'reader',
        organisationId: null,
      });
      const agent = new Agent(app);
      await agent.signIn(coordinator.email);
      await agent.get(`/invitations/${token}`);
      const log = lines.join('');
      expect(log).toContain('/invitations/[token]');
      expect(log).not.toContain(token);
      expect(log).not.toContain('hearth_session');
      expect(log).not.toContain(PASSWORD);
      expect(log).not.toContain(coordinator.email);
    } finally {
      await app.close();
      await database.drop();
    }
  });
});
