/**
 * What Hearth writes to its logs while people sign in, tell a story through the public link, use their receipt link,
 * set a password through a reset link and join a round with a code: never a password, a token, a join code, a
 * cookie or a storyteller's words. And what error responses show: no stack traces, no versions.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPasswordReset, findResetMember } from '../../server/accounts/password-resets-store.ts';
import { buildApp } from '../../server/app.ts';
import { loggerOptions } from '../../server/web/logging.ts';
import type { FastifyInstance } from 'fastify';
import { Agent } from '../helpers/agent.ts';
import { makeAlliance, PASSWORD, testConfig } from '../helpers/app.ts';
import { freshDatabase, type TestDatabase } from '../helpers/db.ts';
import { makeGuide, questionOf } from '../helpers/interviews.ts';
import { membershipId } from '../helpers/snapshot.ts';
import { addRoundStories, makeRound } from '../rounds/round-fixtures.ts';
import { makeStory } from '../helpers/stories.ts';
import { copyLink } from '../helpers/pages.ts';

const lines: string[] = [];
let app: FastifyInstance;
let database: TestDatabase;

beforeAll(async () => {
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  database = await freshDatabase();
  // The most a server would ever log: every level.
  app = await buildApp(testConfig(), database, { ...(loggerOptions('trace') as object), stream });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

const WORDS = 'My grandmother finally got her hearing aids and laughed at my jokes again';
const WHY = 'Because she had been lonely for years';
const NEW_PASSWORD = 'a brand new password nobody knows';
const PUBLIC_TOKEN = 'PublicLinkTokenThatIsLongAndSecret0123456789';

describe('logs', () => {
  it('never contain passwords, tokens, join codes, cookies or story words, whatever people do', async () => {
    const db = database.db;
    const { alliance, coordinator, reader } = await makeAlliance(db, 'Logged Alliance');
    const guide = await makeGuide(db, alliance.id, coordinator);
    await db
      .updateTable('inquiries')
      .set({ public_token: PUBLIC_TOKEN, public_open: 1 })
      .where('id', '=', guide.inquiry.id)
      .execute();
    const secrets: string[] = [PASSWORD, NEW_PASSWORD, PUBLIC_TOKEN, WORDS, WHY, 'hearing aids'];

    // Signing in (and a wrong password).
    const person = new Agent(app);
    await person.signIn(coordinator.email, 'wrong password entirely');
    const signedIn = await person.signIn(coordinator.email);
    expect(signedIn.statusCode).toBe(303);
    const session = signedIn.cookies.find((c) => c.name === 'hearth_session')!.value;
    secrets.push(session, person.csrf);

    // Telling a story through the public link, then the receipt link and its download.
    const teller = new Agent(app);
    const told = await teller.submit(`/tell/${PUBLIC_TOKEN}`, `/tell/${PUBLIC_TOKEN}`, {
      domainId: String(guide.domains[0]!.id),
      storyteller: 'Rosa the Storyteller',
      [questionOf(guide, 'story')]: WORDS,
      [questionOf(guide, 'why')]: WHY,
      [questionOf(guide, 'title')]: 'Laughing again',
      consent: ['panels'],
    });
    expect(told.statusCode).toBe(201);
    const receipt = new URL(copyLink(told.body, 'receipt-link')).pathname;
    const receiptToken = receipt.split('/').pop()!;
    secrets.push(receiptToken, 'Rosa the Storyteller');
    expect((await teller.get(receipt)).statusCode).toBe(200);
    expect((await teller.get(`${receipt}/download`)).statusCode).toBe(200);
    expect((await teller.get(`${receipt}/download.json`)).statusCode).toBe(200);
    await teller.get('/receipt/NotARealReceiptTokenButLongEnoughToLookLikeOne');

    // A password reset link, opened and used.
    const member = (await findResetMember(db, alliance.id, await membershipId(db, alliance.id, reader.id)))!;
    const { token: resetToken } = await createPasswordReset(db, coordinator, alliance.id, member);
    secrets.push(resetToken);
    const resetter = new Agent(app);
    const reset = await resetter.submit(`/password-reset/${resetToken}`, `/password-reset/${resetToken}`, {
      password: NEW_PASSWORD,
      repeatPassword: NEW_PASSWORD,
    });
    expect(reset.statusCode).toBe(303);

    // A guest joining a round with its code, from the form and from a link that carries the code.
    const story = await makeStory(db, guide.inquiry, { words: 'Words read by the panel about the bus route' });
    const round = await makeRound(db, alliance.id, guide.inquiry.id);
    await addRoundStories(db, round.id, [story.id]);
    secrets.push(round.join_code, 'bus route');
    await new Agent(app).get(`/join?code=${round.join_code}`);
    const guest = new Agent(app);
    expect((await guest.submit('/join', '/join', { code: round.join_code, name: 'Guest Gita' })).statusCode).toBe(303);
    expect((await guest.get(`/rounds/${round.id}/take-part/stories/${story.id}`)).statusCode).toBe(200);

    const log = lines.join('');
    expect(log).toContain('"url":"/tell/[token]"');
    expect(log).toContain('/receipt/[token]/download');
    expect(log).toContain('/join?code=[code]');
    for (const secret of secrets) expect(log, `the log holds "${secret}"`).not.toContain(secret);
    expect(log).not.toContain('hearth_session=');
    expect(log).not.toMatch(/"cookie"|"set-cookie"|"authorization"/i);
    expect(log).not.toContain('"body"');
  });
});

describe('error responses', () => {
  it('show no stack traces and no versions: no X-Powered-By, no Server header', async () => {
    const responses = [
      await app.inject({ url: '/no/such/page' }),
      await app.inject({ url: '/static/nothing.css' }),
      await app.inject({
        method: 'POST',
        url: '/sign-in',
        payload: 'email=x',
        headers: { 'content-type': 'nonsense' },
      }),
      await app.inject({
        method: 'POST',
        url: '/sign-in',
        payload: '%%%',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
      await app.inject({
        method: 'POST',
        url: '/sign-in',
        payload: '{"a":',
        headers: { 'content-type': 'application/json' },
      }),
      await app.inject({ url: '/alliances/not-a-number/inquiries' }),
      await app.inject({ url: '/health' }),
      await app.inject({ url: '/sign-in' }),
    ];
    for (const res of responses) {
      expect(res.headers['x-powered-by']).toBeUndefined();
      expect(res.headers.server).toBeUndefined();
      expect(res.statusCode).toBeLessThan(500);
      expect(res.body).not.toMatch(
        /node_modules|\.ts:\d+|\.js:\d+|\bat [\w.<>]+ \(|FST_|fastify|node\/v?\d|v\d+\.\d+\.\d+/i,
      );
    }
  });
});
