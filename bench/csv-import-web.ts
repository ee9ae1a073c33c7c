/**
 * The CSV import as a coordinator's browser does it, for `npm run bench:import -- --web`: sign in, send the file
 * (streamed from disk into the request), check every row, import. Prints each step's time as it ends.
 */
import { createReadStream, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { buildApp } from '../server/app.ts';
import type { OpenDatabase } from '../server/db/database.ts';
import type { CsvTable } from '../server/exports/import-csv.ts';
import type { CsvImport } from '../server/exports/import-store.ts';
import type { Inquiry } from '../server/db/schema.ts';
import { signedIn } from '../test/helpers/agent.ts';
import { testConfig } from '../test/helpers/app.ts';
import { visibleText } from '../test/helpers/pages.ts';

export async function throughThePage(
  database: OpenDatabase,
  email: string,
  inquiry: Inquiry,
  file: string,
  guess: (table: CsvTable) => string[],
): Promise<CsvImport> {
  const app = await buildApp(testConfig(), database);
  await app.ready();
  try {
    const base = `/alliances/${inquiry.alliance_id}/inquiries/${inquiry.id}`;
    const coordinator = await signedIn(app, email);
    await coordinator.get(`${base}/import`);
    const boundary = '----hearthbench';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${coordinator.csrf}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="stories.csv"\r\nContent-Type: text/csv\r\n\r\n`;
    async function* body() {
      yield Buffer.from(head);
      for await (const chunk of createReadStream(file)) yield chunk as Buffer;
      yield Buffer.from(`\r\n--${boundary}--\r\n`);
    }
    const step = async <T>(name: string, run: () => Promise<T>) => {
      const started = performance.now();
      const result = await run();
      console.log(`  ${name}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
      return result;
    };
    const sent = await step(`upload (${Math.round(statSync(file).size / 1024 / 1024)} MB)`, () =>
      app.inject({
        method: 'POST',
        url: `${base}/import`,
        payload: Readable.from(body()),
        headers: { cookie: coordinator.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
      }),
    );
    if (sent.statusCode !== 303) throw new Error(`upload: ${sent.statusCode} ${visibleText(sent.body).slice(0, 500)}`);
    const action = sent.headers.location as string;
    const page = await coordinator.get(action);
    const header = [...page.body.matchAll(/<th scope="row">([^<]*)<\/th>/g)].map((m) => m[1]!);
    const mapping = Object.fromEntries(guess({ header, rows: [] }).map((v, i) => [`map-${i}`, v]));
    const checked = await step('check every row', () => coordinator.post(action, { ...mapping, intent: 'check' }));
    if (checked.statusCode !== 200)
      throw new Error(`check: ${checked.statusCode} ${visibleText(checked.body).slice(0, 800)}`);
    const imported = await step('import', () => coordinator.post(action, { ...mapping, intent: 'import' }));
    if (imported.statusCode !== 303)
      return { ok: false, problems: [{ key: visibleText(imported.body).slice(0, 300) }], total: 1 };
    const count = Number(/(\d[\d,]*) stories are ready/.exec(visibleText(checked.body))?.[1]?.replaceAll(',', ''));
    return { ok: true, count };
  } finally {
    await app.close();
  }
}
