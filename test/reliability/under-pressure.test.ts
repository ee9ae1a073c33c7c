/**
 * Under pressure: while the event loop is kept busy past the limit, Hearth answers 503 with Retry-After and a plain
 * message (the proxy's /health check still answered); once the load passes, it serves pages again by itself.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { RETRY_AFTER_SECONDS } from '../../server/web/pressure.ts';
import { testConfig } from '../helpers/app.ts';
import { freshDatabase, type TestDatabase } from '../helpers/db.ts';

let app: FastifyInstance | undefined;
let database: TestDatabase | undefined;
afterEach(async () => {
  await app?.close();
  await database?.drop();
  app = database = undefined;
});

async function hearth(maxEventLoopDelayMs: number): Promise<FastifyInstance> {
  database = await freshDatabase();
  app = await buildApp(testConfig({ maxEventLoopDelayMs }), database);
  await app.ready();
  return app;
}

/** Keeps the event loop busy (blocks of `ms`, with a moment between for timers) until stopped. */
function overload(ms: number): { stop(): Promise<void> } {
  let running = true;
  const done = (async () => {
    while (running) {
      const until = Date.now() + ms;
      while (Date.now() < until) {
        /* busy, as a server with too much to do */
      }
      await sleep(1);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await done;
    },
  };
}

const page = (a: FastifyInstance) => a.inject({ method: 'GET', url: '/sign-in' });

describe('under pressure', { timeout: 60_000 }, () => {
  it('answers 503 with Retry-After while overloaded, keeps /health answered, and recovers when the load passes', async () => {
    const a = await hearth(50);
    expect((await page(a)).statusCode).toBe(200);

    const load = overload(150);
    const statuses: number[] = [];
    let busy;
    try {
      // Requests one after another until the lag has been measured (a sample a second) and they are turned away.
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline && statuses.filter((s) => s === 503).length < 3) {
        const res = await page(a);
        statuses.push(res.statusCode);
        if (res.statusCode === 503) busy = res;
        await sleep(50); // requests arrive over time (app.inject alone would never let the clock or the load run)
      }
      expect(busy, `statuses while overloaded: ${statuses.join(',')}`).toBeDefined();
      // A bounded burst at once: each is turned away quickly, none is left hanging.
      const burst = await Promise.all(Array.from({ length: 20 }, () => page(a)));
      expect(burst.filter((r) => r.statusCode === 503).length).toBeGreaterThan(0);
      expect(burst.every((r) => [200, 503].includes(r.statusCode))).toBe(true);
      const health = await a.inject({ method: 'GET', url: '/health' });
      expect(health.statusCode).toBe(200);
    } finally {
      await load.stop();
    }

    expect(busy!.headers['retry-after']).toBe(String(RETRY_AFTER_SECONDS));
    expect(busy!.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(busy!.body).toBe(
      'Hearth is very busy right now and could not take this request. Nothing was lost: wait a few seconds and try again.',
    );
    expect(busy!.body).not.toMatch(/Service Unavailable|under.?pressure|fastify/i);

    // Recovers: within a few samples of the load stopping, pages are served again.
    const recovered = Date.now() + 20_000;
    let status = 0;
    while (Date.now() < recovered && status !== 200) {
      await sleep(250);
      status = (await page(a)).statusCode;
    }
    expect(status).toBe(200);
  });

  it('leaves a lagging Hearth alone when the check is off (0)', async () => {
    const a = await hearth(0);
    const load = overload(150);
    try {
      await sleep(2500);
      const statuses = (await Promise.all(Array.from({ length: 5 }, () => page(a)))).map((r) => r.statusCode);
      expect(statuses).toEqual([200, 200, 200, 200, 200]);
    } finally {
      await load.stop();
    }
  });

  it('is configured from the environment: a 1 s lag by default, the heap check off', () => {
    expect(loadConfig({})).toMatchObject({ maxEventLoopDelayMs: 1000, maxHeapMb: 0 });
    expect(loadConfig({ HEARTH_MAX_EVENT_LOOP_DELAY_MS: '250', HEARTH_MAX_HEAP_MB: '1024' })).toMatchObject({
      maxEventLoopDelayMs: 250,
      maxHeapMb: 1024,
    });
    expect(() => loadConfig({ HEARTH_MAX_EVENT_LOOP_DELAY_MS: 'soon' })).toThrow(
      'HEARTH_MAX_EVENT_LOOP_DELAY_MS must be a whole number',
    );
  });
});
