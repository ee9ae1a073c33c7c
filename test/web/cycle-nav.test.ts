/** The cycle navigation on an inquiry's pages: Collect → Make sense → Select → Feed back → Report, the current step marked. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stepOf } from '../../server/web/cycle.ts';
import { signedIn } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { htmlErrors } from '../helpers/html.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';
import { makeRound } from '../rounds/round-fixtures.ts';

/** The steps as shown: name, link (if any) and whether marked current. */
function cycleOf(html: string) {
  const nav = /<nav class="cycle-nav" aria-label="([^"]+)">([\s\S]*?)<\/nav>/.exec(html);
  if (!nav) return undefined;
  const steps = [
    ...nav[2]!.matchAll(
      /<li[^>]*>(?:<a href="([^"]+)"( aria-current="step")?>|<span( aria-current="step")?>)([^<]+)<\/(?:a|span)><\/li>/g,
    ),
  ].map((m) => ({
    name: m[4],
    href: m[1],
    current: Boolean(m[2] || m[3]),
  }));
  return { label: nav[1], steps };
}
const currentStep = (html: string) => cycleOf(html)?.steps.find((s) => s.current)?.name;

describe('which step a page belongs to', () => {
  it('is decided from the route’s address alone', () => {
    const at = (path: string) => stepOf(`/alliances/:allianceId${path}`);
    expect(at('/inquiries/:inquiryId/stories')).toBe('collect');
    expect(at('/inquiries/:inquiryId/interviews/new')).toBe('collect');
    expect(at('/stories/:storyId')).toBe('collect');
    expect(at('/stories/:storyId/read-back')).toBe('collect');
    expect(at('/stories/:storyId/tags')).toBe('makeSense');
    expect(at('/inquiries/:inquiryId/codebook/:tagId')).toBe('makeSense');
    expect(at('/themes/runs/:runId')).toBe('makeSense');
    expect(at('/inquiries/:inquiryId/rounds/new')).toBe('select');
    expect(at('/rounds/:roundId/tallies')).toBe('select');
    expect(at('/rounds/:roundId/feedback')).toBe('feedBack');
    expect(at('/inquiries/:inquiryId/learning/:itemId')).toBe('feedBack');
    expect(at('/inquiries/:inquiryId/report')).toBe('report');
    expect(at('/inquiries/:inquiryId/export')).toBe('report');
    expect(at('/inquiries/:inquiryId')).toBeUndefined();
    expect(at('/members')).toBeUndefined();
    expect(stepOf('/rounds/:roundId/take-part')).toBeUndefined();
    expect(stepOf(undefined)).toBeUndefined();
  });
});

describe('the cycle navigation', () => {
  let t: TestApp;
  let world: Awaited<ReturnType<typeof makeAlliance>>;
  let base: string;
  let storyId: number;
  let roundId: number;
  beforeAll(async () => {
    t = await testApp();
    world = await makeAlliance(t.db, 'Cycle Alliance');
    const inquiry = await makeInquiry(t.db, world.alliance, world.coordinator);
    storyId = (await makeStory(t.db, inquiry)).id;
    roundId = (await makeRound(t.db, world.alliance.id, inquiry.id)).id;
    base = `/alliances/${world.alliance.id}/inquiries/${inquiry.id}`;
  });
  afterAll(async () => t?.close());

  it('shows the five steps in order on the inquiry page, each linking to its page, none current', async () => {
    const res = await (await signedIn(t.app, world.coordinator.email)).get(base);
    expect(cycleOf(res.body)).toEqual({
      label: 'Steps of the cycle',
      steps: [
        { name: 'Collect', href: `${base}/stories`, current: false },
        { name: 'Make sense', href: `${base}/themes`, current: false },
        { name: 'Select', href: `${base}/rounds`, current: false },
        { name: 'Feed back', href: `${base}/learning`, current: false },
        { name: 'Report', href: `${base}/report`, current: false },
      ],
    });
  });

  it('marks the step of the page being shown', async () => {
    const coordinator = await signedIn(t.app, world.coordinator.email);
    const a = `/alliances/${world.alliance.id}`;
    const pages: [string, string][] = [
      [`${base}/stories`, 'Collect'],
      [`${base}/interviews/new`, 'Collect'],
      [`${a}/stories/${storyId}`, 'Collect'],
      [`${base}/codebook`, 'Make sense'],
      [`${base}/themes`, 'Make sense'],
      [`${a}/stories/${storyId}/tags`, 'Make sense'],
      [`${base}/rounds`, 'Select'],
      [`${a}/rounds/${roundId}`, 'Select'],
      [`${a}/rounds/${roundId}/decide`, 'Select'],
      [`${a}/rounds/${roundId}/feedback`, 'Feed back'],
      [`${base}/learning`, 'Feed back'],
      [`${base}/export`, 'Report'],
    ];
    for (const [url, step] of pages) {
      const res = await coordinator.get(url);
      expect(res.statusCode, url).toBe(200);
      expect(currentStep(res.body), url).toBe(step);
      expect(
        cycleOf(res.body)!.steps.filter((s) => s.current),
        url,
      ).toHaveLength(1);
      expect(await htmlErrors(res.body), url).toEqual([]);
    }
  });

  it('names, without a link, the steps a role cannot open', async () => {
    const interviewer = await signedIn(t.app, world.interviewer.email);
    const res = await interviewer.get(`${base}/stories`);
    const steps = cycleOf(res.body)!.steps;
    expect(steps.find((s) => s.name === 'Select')).toEqual({ name: 'Select', href: undefined, current: false });
    expect(steps.find((s) => s.name === 'Collect')).toEqual({
      name: 'Collect',
      href: `${base}/stories`,
      current: true,
    });
    const reader = await signedIn(t.app, world.reader.email);
    const learning = await reader.get(`${base}/learning`);
    expect(
      cycleOf(learning.body)!
        .steps.filter((s) => s.href)
        .map((s) => s.name),
    ).toEqual(['Feed back', 'Report']);
  });

  it('is not on pages outside an inquiry', async () => {
    const coordinator = await signedIn(t.app, world.coordinator.email);
    for (const url of [
      `/alliances/${world.alliance.id}`,
      `/alliances/${world.alliance.id}/members`,
      `/alliances/${world.alliance.id}/inquiries`,
      '/account',
    ]) {
      expect(cycleOf((await coordinator.get(url)).body), url).toBeUndefined();
    }
  });
});
