import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { HearthExport } from '../../server/exports/format.ts';
import { readExport } from '../../server/exports/import-json.ts';
import { SCHEMA_FILE, schemaFileText } from '../../server/exports/schema-file.ts';

/** A small export, valid and whole: one domain, question, tag, story, round and learning item. */
function small(): HearthExport {
  const at = '2026-03-01T10:00:00.000Z';
  return {
    format: 'hearth-export',
    version: 1,
    exported_at: at,
    audience: 'team',
    inquiry: {
      title: 'What changed',
      method: 'msc',
      purpose: '',
      period_start: '2026-01-01',
      period_end: null,
      period_words: '',
      ai_topic: '',
      consent_statement: '',
      languages: 'en',
      code_prefix: 'MSC',
      created_at: at,
    },
    domains: [{ id: 1, name: 'Family', description: '', position: 0, archived: false }],
    questions: [
      {
        id: 1,
        position: 0,
        kind: 'story',
        prompt: 'What changed?',
        help: '',
        required: true,
        options: [],
        phase: null,
        archived: false,
      },
    ],
    attributes: [],
    tags: [{ id: 1, parent: null, name: 'Belonging', description: '', created_at: at }],
    stories: [
      {
        code: 'MSC-0001',
        status: 'recorded',
        route: 'paper',
        domain: 1,
        title: 'Back at school',
        language: 'en',
        storyteller: 'Mo',
        interviewer: null,
        told_on: '2026-02-01',
        told_where: '',
        consent: {
          panels: true,
          packs: true,
          quotes: true,
          funders: false,
          publish: false,
          anonymous: false,
          how: 'spoken',
          on: '2026-02-01',
        },
        read_back_on: null,
        read_back_changes: null,
        verified_on: null,
        verification_note: '',
        created_at: at,
        updated_at: at,
        answers: [{ question: 1, kind: 'story', prompt: 'What changed?', value: 'I went back to school.' }],
        attributes: [],
        versions: [],
        tags: [{ tag: 1, answer_position: 0, start: 0, end: 4, quote: 'I we', source: 'person', created_at: at }],
      },
    ],
    analysis_runs: [],
    rounds: [
      {
        id: 1,
        name: 'Table 1',
        panel: '',
        level: 1,
        method: 'dots',
        dots: 3,
        voting: 'live',
        stage: 'closed',
        shuffle: false,
        tallies_revealed: true,
        filters: {},
        feedback_sent_at: null,
        created_at: at,
        updated_at: at,
        closed_at: at,
        domains: [1],
        sources: [],
        stories: [{ story: 'MSC-0001', position: 0, origin: 'filter' }],
        participants: [{ id: 1, display_name: 'Amira', joined_at: at }],
        ballots: [
          { participant: 1, source: 'live', cast_at: at, marks: [{ story: 'MSC-0001', points: 3, rank: null }] },
        ],
        decisions: [
          {
            domain: 1,
            outcome: 'chosen',
            reasons: 'Because',
            criteria: '',
            dissent: '',
            decided_at: at,
            selections: [{ story: 'MSC-0001', votes: 3 }],
          },
        ],
        annotations: [],
      },
    ],
    learning: [
      {
        kind: 'learned',
        text: 'Schools matter',
        owner: '',
        status: 'open',
        period: '2026',
        created_at: at,
        updated_at: at,
        links: [{ story: 'MSC-0001', round: 1 }],
      },
    ],
  };
}

/** The problems the import shows for a file, as translation keys and what fills them in. */
function problems(doc: unknown) {
  const read = readExport(JSON.stringify(doc));
  return read.ok ? [] : (read.problems ?? [read.problem]).map((p) => [p.key, p.params]);
}

describe('the Hearth export format', () => {
  it('is published as the JSON Schema made from format.ts', () => {
    const published = readFileSync(SCHEMA_FILE, 'utf8');
    expect(published, 'docs/hearth-export.schema.json is out of date: run npm run docs:schema').toBe(schemaFileText());
    const schema = JSON.parse(published);
    expect(schema).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: 'https://hearth.example/schemas/hearth-export-1.json',
      title: 'Hearth export, version 1',
      type: 'object',
      additionalProperties: false,
    });
    expect(schema.description).toContain('Ids are local to the file');
  });

  it('imports a whole, valid file', () => {
    const read = readExport(JSON.stringify(small()));
    expect(read.ok && read.value.stories[0]!.code).toBe('MSC-0001');
  });

  it('says where a file is not shaped as a Hearth export: a wrong value, a missing or an unknown field', () => {
    const doc = small() as unknown as {
      stories: Record<string, unknown>[];
      inquiry: Record<string, unknown>;
      rounds: { ballots: Record<string, unknown>[] }[];
    };
    doc.stories[0]!.domain = 'Family';
    delete doc.inquiry.title;
    doc.rounds[0]!.ballots[0]!.colour = 'red';
    expect(problems(doc)).toEqual([
      ['exports.problems.badReference', { where: 'inquiry.title' }],
      ['exports.problems.badReference', { where: 'stories[0].domain' }],
      ['exports.problems.badReference', { where: 'rounds[0].ballots[0].colour' }],
    ]);
  });

  it('refuses a story of a status never exported, naming it', () => {
    const doc = small() as unknown as { stories: Record<string, unknown>[] };
    doc.stories[0]!.status = 'draft';
    expect(problems(doc)).toEqual([['exports.problems.notImportable', { code: 'MSC-0001', status: 'draft' }]]);
  });

  it('says where something refers to what is not in the file, and names a story code given twice', () => {
    const doc = small();
    doc.stories[0]!.domain = 7;
    doc.stories.push({ ...doc.stories[0]! });
    doc.rounds[0]!.ballots[0]!.marks[0]!.story = 'MSC-0099';
    doc.learning[0]!.links[0]!.round = 2;
    expect(problems(doc)).toEqual([
      ['exports.problems.badReference', { where: 'stories[0].domain' }],
      ['exports.problems.duplicateCode', { code: 'MSC-0001' }],
      ['exports.problems.badReference', { where: 'stories[1].domain' }],
      ['exports.problems.badReference', { where: 'rounds[0].ballots[0].marks[0]' }],
      ['exports.problems.badReference', { where: 'learning[0].links[0].round' }],
    ]);
  });

  it('reads the format and version first, and finds a NUL character before anything else', () => {
    expect(problems({ ...small(), format: 'other' })).toEqual([['exports.problems.notHearth', undefined]]);
    expect(problems({ ...small(), version: 2 })).toEqual([['exports.problems.version', { version: '2' }]]);
    const doc = small();
    doc.stories[0]!.title = 'Before\u0000after';
    doc.stories[0]!.domain = 7;
    expect(problems(doc)).toEqual([['exports.problems.nulCharacter', { where: 'stories[0].title' }]]);
  });
});
