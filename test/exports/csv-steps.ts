/** The CSV import's steps as a coordinator takes them: upload a file, then the mapping page it leads to. */
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Agent, Fields } from '../helpers/agent.ts';

/** Uploads a CSV file from the inquiry's import page (`base` is the inquiry's address). */
export async function uploadCsv(agent: Agent, base: string, content: string | Buffer, filename = 'stories.csv') {
  await agent.get(`${base}/import`);
  return agent.postFile(`${base}/import`, { filename, content });
}

/** Uploads a file that must be accepted, and opens its mapping page: the page and where its form is sent. */
export async function mappingFor(
  agent: Agent,
  base: string,
  content: string | Buffer,
  filename?: string,
): Promise<{ page: LightMyRequestResponse; action: string }> {
  const sent = await uploadCsv(agent, base, content, filename);
  expect(sent.statusCode, sent.body.slice(0, 500)).toBe(303);
  const action = sent.headers.location as string;
  return { page: await agent.get(action), action };
}

/** Uploads a file and sends its mapping: `intent` check (a dry run) or import. */
export async function sendCsv(
  agent: Agent,
  base: string,
  content: string | Buffer,
  mapping: Fields,
  intent: 'check' | 'import',
): Promise<LightMyRequestResponse> {
  const { action } = await mappingFor(agent, base, content);
  return agent.post(action, { ...mapping, intent });
}
