/** Every page names a small icon, and /favicon.ico (asked for by browsers anyway) leads to it rather than a 404. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
beforeAll(async () => (t = await testApp()));
afterAll(() => t.close());

describe('the site icon', () => {
  it('is linked from the pages and answered at /favicon.ico', async () => {
    const page = await t.app.inject({ url: '/sign-in' });
    const href = /<link rel="icon" href="([^"]+)"/.exec(page.body)?.[1];
    expect(href).toBe('/static/favicon.svg');
    const icon = await t.app.inject({ url: href! });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['content-type']).toContain('image/svg+xml');
    expect(icon.body.length).toBeLessThan(1024);
    const ico = await t.app.inject({ url: '/favicon.ico' });
    expect(ico.statusCode).toBe(301);
    expect(ico.headers.location).toBe('/static/favicon.svg');
  });
});
