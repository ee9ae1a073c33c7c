/**
 * PDFs as a person gets them now, for any test: open the printable address (the page with the button), press it,
 * let a runner make the job, then download. Tests run without the poller, so they make jobs by calling tick().
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { Agent, type Fields } from '../helpers/agent.ts';

/** The fields of an address's query, as the form on the page asking for the PDF sends them. */
export function fieldsOf(address: string): Fields {
  const fields: Record<string, string[]> = {};
  for (const [name, value] of new URLSearchParams(address.split('?')[1] ?? '')) (fields[name] ??= []).push(value);
  return fields;
}

/** Opens a printable address (…/pack.pdf?…, …/report.pdf?…) and presses "Make the PDF": the job page's path. */
export async function askForPdf(agent: Agent, address: string): Promise<string> {
  const page = await agent.get(address);
  expect(page.statusCode, page.body.slice(0, 300)).toBe(200);
  const res = await agent.post(address.split('?')[0]!, fieldsOf(address));
  expect(res.statusCode).toBe(303);
  const job = String(res.headers.location);
  expect(job).toMatch(/^\/alliances\/\d+\/printing\/\d+$/);
  return job;
}

/** Makes every queued PDF on this app's own runner. */
export async function makeQueuedPdfs(app: FastifyInstance): Promise<void> {
  while (await app.printing.tick());
}

/** Asks for the PDF of the address, makes it and downloads it, checking the job page says it is ready. */
export async function printedPdf(app: FastifyInstance, agent: Agent, address: string): Promise<LightMyRequestResponse> {
  const job = await askForPdf(agent, address);
  await makeQueuedPdfs(app);
  const page = await agent.get(job);
  expect(page.body).not.toContain('data-progress-url');
  expect(page.body, page.body).toContain(`href="${job}/download"`);
  return agent.get(`${job}/download`);
}

/**
 * A share link's PDF as anyone holding the link gets it: the page with the button, the press (a job of the link's),
 * the job made, its page saying it is ready, the download. Returns the download and the job page's address.
 */
export async function sharedPdf(app: FastifyInstance, token: string): Promise<LightMyRequestResponse> {
  const holder = new Agent(app);
  const ask = await holder.get(`/shared/${token}/report.pdf`);
  expect(ask.statusCode, ask.body.slice(0, 300)).toBe(200);
  const res = await holder.post(`/shared/${token}/report.pdf`);
  expect(res.statusCode).toBe(303);
  const job = String(res.headers.location);
  expect(job).toMatch(new RegExp(`^/shared/${token}/pdf/\\d+$`));
  await makeQueuedPdfs(app);
  const page = await holder.get(job);
  expect(page.body).not.toContain('data-progress-url');
  expect(page.body, page.body).toContain(`href="${job}/download"`);
  return holder.get(`${job}/download`);
}

const dir = mkdtempSync(join(tmpdir(), 'hearth-pdf-text-'));
let files = 0;
/** A downloaded PDF's words as pdftotext reads them, each run of white space one space. */
export function pdfText(res: LightMyRequestResponse): string {
  const file = join(dir, `${++files}.pdf`);
  writeFileSync(file, res.rawPayload);
  return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}
