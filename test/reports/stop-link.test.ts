/** Stopping a share link asks first, on a page of its own that works without JavaScript. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Agent } from '../helpers/agent.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { htmlErrors } from '../helpers/html.ts';
import { decode, flash, heading, visibleText } from '../helpers/pages.ts';
import { reportBed, signInAs, type ReportBed } from './report-fixture.ts';

let t: TestApp;
let bed: ReportBed;
let coordinator: Agent;
beforeAll(async () => {
  t = await testApp();
  bed = await reportBed(t);
  coordinator = await signInAs(t, 'coordinator');
});
afterAll(() => t.close());

const shareUrl = () => `${bed.base}/report/share`;
const opens = async (token: string) => (await t.app.inject({ method: 'GET', url: `/shared/${token}` })).statusCode;

async function makeLink(label: string): Promise<{ token: string; id: number }> {
  const res = await coordinator.submit(shareUrl(), shareUrl(), { label, days: '30' });
  const token = /\/shared\/([A-Za-z0-9_-]{43})["<]/.exec(res.body)![1]!;
  const link = await t.db.selectFrom('share_links').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow();
  return { token, id: link.id };
}

it('asks "Stop this link?" before stopping it; Keep leaves it working, Stop ends it', async () => {
  const { token, id } = await makeLink('Riverside Trust');
  const list = await coordinator.get(shareUrl());
  // The list's button is a plain link to the question, not a form that stops the link at once.
  const ask = `${shareUrl()}/${id}/revoke`;
  expect(decode(list.body)).toContain(`<a href="${ask}"`);
  expect(list.body).not.toContain(`action="${ask}"`);

  const question = await coordinator.get(ask);
  expect(question.statusCode).toBe(200);
  expect(heading(question.body)).toBe('Stop this link?');
  const text = visibleText(question.body);
  expect(text).toContain('Anyone who has it will no longer be able to read the report.');
  expect(text).toContain('Riverside Trust');
  expect(await htmlErrors(question.body)).toEqual([]);
  // Opening the question changes nothing.
  expect(await opens(token)).toBe(200);
  // Keep goes back to the list; Stop sends the form.
  expect(decode(question.body)).toMatch(
    new RegExp(`<a href="${shareUrl()}" class="button button--secondary">Keep it</a>`),
  );
  expect(question.body).toContain(`<form method="post" action="${ask}"`);
  expect(text).toContain('Stop the link');

  const stopped = await coordinator.post(ask);
  expect(stopped.statusCode).toBe(303);
  expect(stopped.headers.location).toBe(shareUrl());
  const after = await coordinator.get(shareUrl());
  expect(flash(after.body)).toBe('The share link no longer works.');
  expect(await opens(token)).toBe(410);
  // Asked again once stopped: nothing to ask, back to the list.
  expect((await coordinator.get(ask)).headers.location).toBe(shareUrl());
});

it('gives 404 for a link that is not this inquiry’s, and refuses readers', async () => {
  expect((await coordinator.get(`${shareUrl()}/999999/revoke`)).statusCode).toBe(404);
  const { id } = await makeLink('Not for readers');
  const reader = await signInAs(t, 'reader');
  expect((await reader.get(`${shareUrl()}/${id}/revoke`)).statusCode).toBe(403);
});
