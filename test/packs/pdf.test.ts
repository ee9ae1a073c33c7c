/**
 * The PDF, made by the system Chromium: packs for 10 tables from one round. Its text (pdftotext) has every story
 * code, the ballot and reasons sheets and no story without print consent; its page count (pdfinfo) is exact. An
 * Arabic pack is set in Noto Sans Arabic (pdffonts) and its words read back in the order they were written.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn, type Agent } from '../helpers/agent.ts';
import { visibleText } from '../helpers/pages.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { chromiumPath, noBrowser } from '../helpers/browser.ts';
import { makeStory } from '../helpers/stories.ts';
import { addObservation } from '../../server/observations/store.ts';
import { addRoundStories } from '../rounds/round-fixtures.ts';
import { packWorld, type PackWorld } from './pack-fixture.ts';
import { makeQueuedPdfs, printedPdf } from '../printing/print.ts';

const dir = mkdtempSync(join(tmpdir(), 'hearth-pack-'));
const pdfText = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
const pdfFonts = (file: string) => execFileSync('pdffonts', [file], { encoding: 'utf8' });
const pdfInfo = (file: string) => execFileSync('pdfinfo', [file], { encoding: 'utf8' });

describe.skipIf(noBrowser)('pack PDF', () => {
  let t: TestApp;
  let w: PackWorld;
  let facilitator: Agent;
  let round: string;

  beforeAll(async () => {
    t = await testApp({ chromiumPath });
    w = await packWorld(t, 12);
    facilitator = await signedIn(t.app, w.people.facilitator.email);
    round = `/alliances/${w.alliance.id}/rounds/${w.round.id}`;
  });
  afterAll(() => t.close());

  async function download(query: string): Promise<{ file: string; disposition: string }> {
    const res = await printedPdf(t.app, facilitator, `${round}/pack.pdf?${query}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const file = join(dir, `pack-${query.replace(/[^a-z0-9]+/gi, '-')}.pdf`);
    writeFileSync(file, res.rawPayload);
    return { file, disposition: String(res.headers['content-disposition']) };
  }

  it('prints packs for 10 tables: every code, the ballot and reasons sheets, nothing unconsented, the right page count', async () => {
    const { file, disposition } = await download('copies=10');
    expect(disposition).toBe('attachment; filename="pack-open-event-round-a4.pdf"');
    const text = pdfText(file);
    for (const s of w.printable) expect(text).toContain(s.code);
    expect(text.match(/Ballot sheet/g)).toHaveLength(10);
    expect(text.match(/Reasons: Changes in people's lives/g)).toHaveLength(10);
    expect(text.match(/Reasons: Changes in how services work together/g)).toHaveLength(10);
    expect(text).toContain('copy 10 of 10'.toUpperCase());
    for (const s of [w.noPrint, w.withdrawn, w.draft]) expect(text).not.toContain(s.code);
    expect(text).not.toContain('Unprintable words');
    expect(text).not.toContain('Hidden Teller');
    // Each copy: a cover, 12 story pages, the ballot sheet and a reasons sheet for each of the 2 domains.
    const pages = 10 * (1 + 12 + 1 + 2);
    expect(pdfInfo(file)).toMatch(new RegExp(`Pages:\\s+${pages}\\n`));
    expect(text).toContain(`${pages} / ${pages}`);
    expect(pdfInfo(file)).toMatch(/Page size:.*\(A4\)/);
    execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '2', file, join(dir, 'page')]);
  });

  it('prints on US Letter, two short stories to a page, only the stories chosen', async () => {
    const chosen = w.printable
      .slice(0, 4)
      .map((s) => `story[]=${s.id}`)
      .join('&');
    const { file, disposition } = await download(`chosen=1&${chosen}&paper=letter&layout=two`);
    expect(disposition).toContain('-letter.pdf');
    expect(pdfInfo(file)).toMatch(/Page size:\s+612 x 792 pts \(letter\)/);
    // A cover, 2 pages of two stories each, the ballot, and 2 reasons sheets.
    expect(pdfInfo(file)).toMatch(/Pages:\s+6\n/);
    const text = pdfText(file);
    for (const s of w.printable.slice(0, 4)) expect(text).toContain(s.code);
    expect(text).not.toContain(w.printable[4]!.code);
  });

  it('makes the PDF from one press on the settings page: its settings go straight to the job', async () => {
    const settings = await facilitator.get(`${round}/pack/settings`);
    // The button posts the settings form (with the token only it sends), so no second page asks to make the PDF.
    expect(settings.body).toMatch(
      new RegExp(`<button type="submit" formaction="${round}/pack.pdf" formmethod="post" name="_csrf" value="[^"]+"`),
    );
    const [first, second] = w.printable;
    // Two pattern cards that share a title: the coordinator leaves the second out.
    const [kept, left] = await Promise.all(
      ['Short stories come from the first domain.', 'Long stories come from the second domain.'].map((text) =>
        addObservation(t.db, w.people.facilitator, w.inquiry, {
          pattern: 'domain/length',
          filters: '',
          title: 'Domain × Story length',
          text,
          interpretations: [],
        }),
      ),
    );
    // What the settings form sends when "Download PDF" is pressed.
    const fields = {
      chosen: '1',
      'story[]': [String(first!.id), String(second!.id)],
      maxMinutes: '',
      paper: 'letter',
      layout: 'one',
      translation: '',
      copies: '2',
      cards: '1',
      'card[]': [String(kept!.id)],
    };
    const res = await facilitator.post(`${round}/pack.pdf`, fields);
    expect(res.statusCode).toBe(303);
    const job = String(res.headers.location);
    expect(job).toMatch(/^\/alliances\/\d+\/printing\/\d+$/);
    expect(visibleText((await facilitator.get(job)).body)).toContain('Making your PDF…');
    await makeQueuedPdfs(t.app);
    const ready = await facilitator.get(job);
    expect(ready.body).toContain(`href="${job}/download"`);
    const file = join(dir, 'one-press.pdf');
    writeFileSync(file, (await facilitator.get(`${job}/download`)).rawPayload);
    expect(pdfInfo(file)).toMatch(/Page size:\s+612 x 792 pts \(letter\)/);
    const text = pdfText(file);
    expect(text).toContain(first!.code);
    expect(text).toContain(second!.code);
    expect(text).not.toContain(w.printable[2]!.code);
    expect(text).toContain('COPY 2 OF 2');
    expect(text.replace(/\s+/g, ' ')).toContain(kept!.text);
    expect(text.replace(/\s+/g, ' ')).not.toContain(left!.text);

    // Settings that leave nothing to print go back to the pack's address, which says so; no job is queued.
    const jobs = (await t.db.selectFrom('pdf_jobs').select('id').execute()).length;
    const nothing = await facilitator.post(`${round}/pack.pdf`, { ...fields, 'story[]': [String(w.noPrint.id)] });
    expect(nothing.statusCode).toBe(303);
    expect(String(nothing.headers.location)).toMatch(new RegExp(`^${round}/pack\\?`));
    const back = await facilitator.get(String(nothing.headers.location));
    expect(back.statusCode).toBe(422);
    expect(visibleText(back.body)).toContain('No story fits these settings');
    expect(await t.db.selectFrom('pdf_jobs').select('id').execute()).toHaveLength(jobs);
  });

  it('prints an Arabic pack in a font with the Arabic letters, its words read back in the order written', async () => {
    const words = 'زرعنا الطماطم معا في حديقة الحي، وصار الجيران يتكلمون مع بعضهم كل مساء.';
    const story = await makeStory(t.db, w.inquiry, {
      title: 'حديقة الحي',
      words,
      why: 'لأنني لم أعد وحيدة.',
      language: 'ar',
    });
    await addRoundStories(t.db, w.round.id, [story.id]);
    await t.db.updateTable('users').set({ language: 'ar' }).where('id', '=', w.people.facilitator.id).execute();
    try {
      const { file } = await download(`chosen=1&story[]=${story.id}&story[]=${w.printable[0]!.id}`);
      expect(pdfFonts(file)).toMatch(/NotoSansArabic/);
      // pdftotext may give Arabic letters in their joined presentation forms: NFKC folds them back to letters.
      const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).normalize('NFKC');
      const flat = text.replace(/\s+/g, ' ');
      expect(flat).toContain('زرعنا الطماطم معا في حديقة الحي');
      expect(flat).toContain('يتكلمون مع بعضهم كل مساء');
      expect(flat).toContain('حديقة الحي');
      // Not checked: Chromium's PDF gives a lam-alef ligature's two letters in visual order (الا reads back as اال).
      // The code keeps its order inside the Arabic text, and the English story stays as it was told.
      expect(flat).toContain(story.code);
      expect(flat).toContain(w.printable[0]!.code);
      expect(flat).toContain('Before the hub opened I spent my days alone.');
    } finally {
      await t.db.updateTable('users').set({ language: 'en' }).where('id', '=', w.people.facilitator.id).execute();
    }
  });
});
