/**
 * Makes the demo's photo of a paper form (server/demo/files/paper-form.jpg): the MSC inquiry's printable form, as
 * Debian's Chromium shows it, with one story's answers written on its lines in a handwriting-like font, saved as a
 * small JPEG (Chromium writes no Exif). Run once, by hand: node --import tsx/esm bench/demo-paper-photo.ts [out.jpg]
 */
import '../server/capabilities.ts';
import { writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { buildApp } from '../server/app.ts';
import { findChromium, loadConfig } from '../server/config.ts';
import { openSqlite } from '../server/db/database.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import { DEMO_PASSWORD, DEMO_PEOPLE, loadDemo } from '../server/demo/load.ts';
import { listInquiries } from '../server/inquiries/inquiries-store.ts';

const out = process.argv[2] ?? 'server/demo/files/paper-form.jpg';
const database = openSqlite(':memory:');
await migrateToLatest(database.db, database.dialect);
const demo = await loadDemo(database.db);
const msc = (await listInquiries(database.db, demo.alliance.id)).filter((i) => i.method === 'msc').at(-1)!;
const app = await buildApp({ ...loadConfig({}), runJobs: false, dataDir: '/tmp' }, database);
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
const browser = await chromium.launch({ executablePath: findChromium(), args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await (await browser.newContext({ viewport: { width: 760, height: 1000 } })).newPage();
  await page.goto(`${base}/sign-in`);
  await page.fill('input[name=email]', DEMO_PEOPLE[0]!.email);
  await page.fill('input[name=password]', DEMO_PASSWORD);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/sign-in')), page.click('button[type=submit]')]);
  await page.goto(`${base}/alliances/${demo.alliance.id}/inquiries/${msc.id}/paper`);
  // "The sanction got sorted" (RS-07), the demo story typed in from paper, written on the form's lines.
  await page.evaluate(() => {
    const hand = 'font: 19px/1.5 "Comic Sans MS", "URW Chancery L", cursive; color: #1d3a8a;';
    const lines = [...document.querySelectorAll<HTMLElement>('.write-line')];
    const words = ['', 'Tom Okafor', '', '9 March', 'Riverside library', 'RS-07'];
    lines.slice(0, words.length).forEach((line, i) => {
      if (words[i]) line.insertAdjacentHTML('afterbegin', `<span style='${hand}'>${words[i]}</span>`);
    });
    const space = document.querySelector<HTMLElement>('.write-space--story, .write-space');
    if (space)
      space.innerHTML = `<p style='${hand}'>My money got stopped in February. A sanction, because they said I missed an appointment, but I never got the letter, it went to my old address. Four weeks with nothing. I was borrowing off my neighbour for the electric.</p>`;
    document.querySelector('.screen-only')?.remove();
    document.querySelector('.site-header')?.remove();
  });
  const form = page.locator('.paper-form');
  const box = (await form.boundingBox())!;
  const jpeg = await page.screenshot({
    type: 'jpeg',
    quality: 55,
    clip: { x: box.x, y: box.y, width: box.width, height: Math.min(box.height, 1100) },
    fullPage: true,
  });
  writeFileSync(out, jpeg);
  console.log(`${out}: ${jpeg.length} bytes, ${Math.round(box.width)} px wide`);
} finally {
  await browser.close();
  await app.close();
  await database.db.destroy();
}
