import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { setUserLanguage } from '../../server/accounts/users-store.ts';
import { tagStory } from '../../server/codebook/tagging-store.ts';
import { createTag } from '../../server/codebook/tags-store.ts';
import type { Alliance, Inquiry, Role, Story, User } from '../../server/db/schema.ts';
import { csvCell } from '../../server/exports/csv.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { signedIn, type Agent } from '../helpers/agent.ts';
import { htmlErrors } from '../helpers/html.ts';
import { heading, visibleText } from '../helpers/pages.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';

const XSD = readFileSync(join(import.meta.dirname, 'fixtures', 'Project.xsd'), 'utf8');

let t: TestApp;
let people: { alliance: Alliance } & Record<Role, User>;
let other: { alliance: Alliance } & Record<Role, User>;
let inquiry: Inquiry;
let stories: Record<string, Story>;
let coordinator: Agent;
let base: string;

beforeAll(async () => {
  t = await testApp();
  people = await makeAlliance(t.db, 'Export Alliance');
  other = await makeAlliance(t.db, 'Other Alliance');
  inquiry = await makeInquiry(t.db, people.alliance, people.coordinator);
  stories = {
    plain: await makeStory(t.db, inquiry, {
      title: 'The kitchen table',
      words: 'We started eating together again. It mattered.',
      storyteller: 'Teller Rosa',
      attributes: { 'Who are you?': 'Worker' },
    }),
    formula: await makeStory(t.db, inquiry, {
      title: '=HYPERLINK("http://evil.example","click")',
      words: '+1 for the new bus route',
      storyteller: '@rosa',
    }),
    anonymous: await makeStory(t.db, inquiry, {
      title: 'Nobody knows me',
      storyteller: 'Secret Sam',
      consent: { anonymous: true },
      attributes: { 'Who are you?': 'Citizen' },
    }),
    noFunders: await makeStory(t.db, inquiry, {
      title: 'Only for the team',
      storyteller: 'Teller Tim',
      consent: { funders: false },
    }),
    draft: await makeStory(t.db, inquiry, { title: 'Half written draft', status: 'draft' }),
    withdrawn: await makeStory(t.db, inquiry, { title: 'Taken back', status: 'withdrawn' }),
  };
  const tag = await createTag(t.db, people.coordinator, inquiry, {
    name: 'Family',
    description: 'Being together',
    parentId: null,
  });
  const words = 'We started eating together again. It mattered.';
  const at = words.indexOf('eating together');
  await tagStory(
    t.db,
    people.coordinator,
    inquiry,
    stories.plain!,
    { tag },
    { answerPosition: 0, start: at, end: at + 'eating together'.length, quote: 'eating together' },
  );
  await tagStory(
    t.db,
    people.coordinator,
    inquiry,
    stories.anonymous!,
    { newTag: { name: 'Housing', description: '', parentId: tag.id } },
    null,
  );
  coordinator = await signedIn(t.app, people.coordinator.email);
  base = `/alliances/${people.alliance.id}/inquiries/${inquiry.id}`;
});
afterAll(async () => {
  await t.close();
});

const download = (format: string, audience?: string) =>
  coordinator.get(`${base}/export/download?format=${format}${audience ? `&audience=${audience}` : ''}`);

describe('the export page', () => {
  it('offers the formats, says how many stories go out, and is valid HTML', async () => {
    const res = await coordinator.get(`${base}/export`);
    expect(res.statusCode).toBe(200);
    expect(heading(res.body)).toBe('Export stories');
    expect(visibleText(res.body)).toContain('4 stories go into an export for your team.');
    expect(visibleText(res.body)).toContain('3 stories go into an export for funders');
    expect(await htmlErrors(res.body)).toEqual([]);
  });

  it('sends the signed-out to sign in, refuses other roles (403) and hides it from other alliances (404)', async () => {
    expect((await t.app.inject({ url: `${base}/export` })).statusCode).toBe(303);
    for (const role of ['interviewer', 'facilitator', 'reader'] as const) {
      const agent = await signedIn(t.app, people[role].email);
      expect((await agent.get(`${base}/export`)).statusCode).toBe(403);
      expect((await agent.get(`${base}/export/download?format=json`)).statusCode).toBe(403);
    }
    const outsider = await signedIn(t.app, other.coordinator.email);
    expect((await outsider.get(`${base}/export`)).statusCode).toBe(404);
    expect((await outsider.get(`${base}/export/download?format=csv`)).statusCode).toBe(404);
  });

  it('says, in the reader’s language, that the CSV’s column headers stay in English, as the file has them', async () => {
    await setUserLanguage(t.db, people.coordinator.id, 'es');
    const spanish = await signedIn(t.app, people.coordinator.email);
    const page = visibleText((await spanish.get(`${base}/export`)).body);
    expect(page).toContain('Los encabezados de sus columnas van siempre en inglés');
    const csv = (await spanish.get(`${base}/export/download?format=csv`)).body;
    expect(csv.split('\r\n')[0]).toContain('"Story code","Title"');
    await setUserLanguage(t.db, people.coordinator.id, 'en');
  });

  it('asks for a format when none is chosen (422)', async () => {
    const res = await coordinator.get(`${base}/export/download?format=pdf`);
    expect(res.statusCode).toBe(422);
    expect(visibleText(res.body)).toContain('Choose a format: CSV, JSON or REFI-QDA.');
  });
});

describe('CSV', () => {
  it('neutralises cells a spreadsheet would run', () => {
    expect(csvCell('=SUM(A1)')).toBe(`"'=SUM(A1)"`);
    for (const start of ['+', '-', '@', '\t', '\r']) expect(csvCell(`${start}x`)).toBe(`"'${start}x"`);
    expect(csvCell('say "hello"')).toBe('"say ""hello"""');
  });

  it('is UTF-8 with a BOM, one row per story, formulas neutralised, no name for anonymous stories', async () => {
    const res = await download('csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toMatch(/attachment; filename=".+\.csv"/);
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = res.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toContain('"Story code","Title","Domain"');
    expect(res.body).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(res.body).toContain(`"'+1 for the new bus route"`);
    expect(res.body).toContain(`"'@rosa"`);
    expect(res.body).not.toMatch(/(^|,)"[=+@]/m);
    expect(res.body).not.toContain('Secret Sam');
    expect(res.body).toContain('"Teller Rosa"');
    expect(res.body).toContain('Family');
  });

  it('for funders holds only stories shared with funders, without any storyteller names', async () => {
    const res = await download('csv', 'funders');
    expect(res.headers['content-disposition']).toContain('for-funders');
    expect(res.body).not.toContain('Only for the team');
    expect(res.body).not.toContain('Teller Rosa');
    expect(res.body).not.toContain('Citizen'); // an anonymous story's storyteller details stay in Hearth
    expect(res.body).toContain('The kitchen table');
  });
});

describe('consent in every export', () => {
  it('never holds a draft, a withdrawn story, or (for funders) a story not shared with funders', async () => {
    for (const format of ['csv', 'json', 'qdpx']) {
      for (const audience of [undefined, 'funders']) {
        const res = await download(format, audience);
        const text =
          format === 'qdpx'
            ? Object.values(unzipSync(res.rawPayload))
                .map((f) => strFromU8(f))
                .join('\n')
            : res.body;
        expect(text).toContain(stories.plain!.code);
        expect(text, `${format} ${audience}`).not.toContain('Half written draft');
        expect(text).not.toContain(stories.draft!.code);
        expect(text).not.toContain(stories.withdrawn!.code);
        if (audience === 'funders') {
          expect(text).not.toContain('Only for the team');
          expect(text).not.toContain('Teller Rosa');
        }
      }
    }
  });

  it('records each export in the audit log', async () => {
    const events = await t.db
      .selectFrom('audit_events')
      .select(['action', 'detail'])
      .where('action', '=', 'inquiry.exported')
      .execute();
    expect(events.length).toBeGreaterThan(0);
    expect(events.some((e) => JSON.parse(e.detail).audience === 'funders')).toBe(true);
  });

  it('says clearly that a withdrawn story cannot be exported, and why a draft is not', async () => {
    const withdrawn = await coordinator.get(`/alliances/${people.alliance.id}/stories/${stories.withdrawn!.id}/export`);
    expect(withdrawn.statusCode).toBe(410);
    expect(visibleText(withdrawn.body)).toContain(`Story ${stories.withdrawn!.code} was withdrawn by its teller`);
    expect(await htmlErrors(withdrawn.body)).toEqual([]);
    const draft = await coordinator.get(`/alliances/${people.alliance.id}/stories/${stories.draft!.id}/export`);
    expect(draft.statusCode).toBe(409);
    expect(visibleText(draft.body)).toContain('still a draft');
    const one = await coordinator.get(`/alliances/${people.alliance.id}/stories/${stories.plain!.id}/export`);
    expect(one.statusCode).toBe(200);
    const doc = JSON.parse(one.body) as { stories: { code: string }[] };
    expect(doc.stories.map((s) => s.code)).toEqual([stories.plain!.code]);
    const outsider = await signedIn(t.app, other.coordinator.email);
    expect(
      (await outsider.get(`/alliances/${people.alliance.id}/stories/${stories.plain!.id}/export`)).statusCode,
    ).toBe(404);
  });
});

describe('JSON', () => {
  it('is a documented hearth-export of version 1 with the guide, stories, tags and passages', async () => {
    const doc = JSON.parse((await download('json')).body);
    expect(doc).toMatchObject({
      format: 'hearth-export',
      version: 1,
      audience: 'team',
      inquiry: { title: 'What changed this year' },
    });
    const plain = doc.stories.find((s: { code: string }) => s.code === stories.plain!.code);
    expect(plain.storyteller).toBe('Teller Rosa');
    expect(plain.tags[0]).toMatchObject({ quote: 'eating together', answer_position: 0 });
    expect(doc.stories.find((s: { code: string }) => s.code === stories.anonymous!.code).storyteller).toBe('');
    expect(doc.tags.map((x: { name: string }) => x.name)).toEqual(['Family', 'Housing']);
  });
});

describe('REFI-QDA', () => {
  it('is a zip whose project.qde is valid against the QDA-XML 1.0 Project schema, with a text file per story', async () => {
    const res = await download('qdpx');
    expect(res.headers['content-type']).toBe('application/zip');
    const files = unzipSync(res.rawPayload);
    const xml = strFromU8(files['project.qde']!);
    const result = await validateXML({ xml: [{ fileName: 'project.qde', contents: xml }], schema: [XSD] });
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    expect(xml).toContain('xmlns="urn:QDA-XML:project:1.0"');
    const sources = Object.keys(files).filter((f) => f.startsWith('sources/'));
    expect(sources).toHaveLength(4);

    // The coded passage starts and ends where its words are in the source's plain text.
    const selection = /<PlainTextSelection [^>]*name="eating together" startPosition="(\d+)" endPosition="(\d+)"/.exec(
      xml,
    )!;
    const source = /<TextSource guid="([^"]+)" name="[^"]*The kitchen table"/.exec(xml)![1]!;
    const text = [...strFromU8(files[`sources/${source}.txt`]!)];
    expect(text.slice(Number(selection[1]), Number(selection[2])).join('')).toBe('eating together');
    expect(xml).toMatch(
      /<Code guid="[^"]+" name="Family" isCodable="true">\s*<Description>Being together<\/Description>\s*<Code guid="[^"]+" name="Housing"/,
    );
    expect(xml).toContain('<Case ');
    expect(xml).toContain('<TextValue>Worker</TextValue>');
  });

  it('stays valid for funders, with no storyteller names in its cases', async () => {
    const files = unzipSync((await download('qdpx', 'funders')).rawPayload);
    const xml = strFromU8(files['project.qde']!);
    const result = await validateXML({ xml: [{ fileName: 'project.qde', contents: xml }], schema: [XSD] });
    expect(result.valid).toBe(true);
    expect(xml).not.toContain('Teller Rosa');
    expect(xml).toContain('Storyteller of');
  });
});
