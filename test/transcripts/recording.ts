/** Adding a recording to a story through its file field, as the story page's form sends it, for the transcript tests. */
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { Story } from '../../server/db/schema.ts';
import type { Agent } from '../helpers/agent.ts';
import { multipartBody } from '../attachments/fixtures.ts';

export const storyUrl = (s: Pick<Story, 'id' | 'alliance_id'>) => `/alliances/${s.alliance_id}/stories/${s.id}`;

/** Adds the recording and returns its id, read from the story page's player. */
export async function addRecording(
  app: FastifyInstance,
  agent: Agent,
  story: Story,
  bytes: Buffer,
  filename = 'interview.wav',
): Promise<number> {
  await agent.get(`${storyUrl(story)}/recordings`);
  const { payload, contentType } = multipartBody([['_csrf', agent.csrf]], {
    name: 'file',
    filename,
    type: 'audio/wav',
    bytes,
  });
  const res = await app.inject({
    method: 'POST',
    url: `${storyUrl(story)}/recordings`,
    payload,
    headers: { cookie: agent.cookie, 'content-type': contentType },
  });
  expect(res.statusCode, res.body).toBe(303);
  const page = await agent.get(storyUrl(story));
  const ids = [...page.body.matchAll(/<source src="[^"]*\/files\/(\d+)"/g)].map((m) => Number(m[1]));
  expect(ids.length).toBeGreaterThan(0);
  return ids.at(-1)!;
}

/** The page's text as a person reads it: tags out, entities decoded, spaces collapsed. */
export function visibleText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/\s+/g, ' ');
}
