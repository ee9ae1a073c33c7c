/** Domains of change: add, rename and describe, move, remove (stories keep theirs). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadGuide } from '../../server/inquiries/inquiries-store.ts';
import { createStory } from '../../server/stories/store.ts';
import { fieldError, fieldValue, flash, heading, visibleText } from '../helpers/pages.ts';
import { auditSince, guideSnapshot, makeWorld, type World } from './setup.ts';

let w: World;
beforeEach(async () => (w = await makeWorld()));
afterEach(() => w.t.close());

const domainNames = async (w: World) => (await loadGuide(w.t.db, w.msc)).domains.map((d) => d.name);

describe('adding a domain', () => {
  it('adds it at the end, with its description, and audits it', async () => {
    const form = await w.as.coordinator.get(`${w.mscPath}/domains/new`);
    expect(form.statusCode).toBe(200);
    expect(heading(form.body)).toBe('Add a domain of change');
    const before = await guideSnapshot(w.t.db);
    const res = await w.as.coordinator.post(`${w.mscPath}/domains/new`, {
      name: 'Changes in housing',
      description: 'Where people live.',
    });
    expect(res.statusCode).toBe(303);
    const guide = await loadGuide(w.t.db, w.msc);
    const added = guide.domains.at(-1)!;
    expect(added).toMatchObject({ name: 'Changes in housing', description: 'Where people live.' });
    expect(res.headers.location).toBe(`${w.mscPath}#domain-${added.id}`);
    const page = await w.as.coordinator.get(w.mscPath);
    expect(flash(page.body)).toBe('Domain of change added.');
    expect(visibleText(page.body)).toContain(
      'Any other change Any other change that matters, good or bad. Change Any other change',
    );
    expect(visibleText(page.body)).toContain('Changes in housing Where people live.');
    expect(await auditSince(w.t.db, before)).toEqual(['domain.added']);
  });

  it('asks for a name, and refuses one the inquiry already has, keeping what was typed', async () => {
    const before = await guideSnapshot(w.t.db);
    let res = await w.as.coordinator.post(`${w.mscPath}/domains/new`, { name: ' ', description: 'Kept words' });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'name')).toBe('Enter the domain’s name (up to 120 characters).');
    expect(res.body).toContain('>\nKept words</textarea>');
    res = await w.as.coordinator.post(`${w.mscPath}/domains/new`, { name: 'any OTHER change' });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'name')).toBe('This inquiry already has a domain with that name.');
    expect(fieldValue(res.body, 'name')).toBe('any OTHER change');
    expect(await guideSnapshot(w.t.db)).toEqual(before);
  });
});

describe('changing a domain', () => {
  it('renames it and changes its description; a story told in it stays in it', async () => {
    const domain = (await loadGuide(w.t.db, w.msc)).domains[0]!;
    const { story } = await createStory(
      w.t.db,
      w.people.interviewer,
      w.msc,
      {
        domainId: domain.id,
        title: 'Moved house',
        language: 'en',
        storyteller: 'T',
        partnerId: null,
        toldOn: null,
        toldWhere: '',
        consent: {
          panels: true,
          packs: true,
          quotes: true,
          funders: true,
          publish: true,
          anonymous: false,
          how: null,
          on: null,
        },
        answers: [],
        attributes: [],
      },
      { status: 'recorded', route: 'interview', interviewerId: null },
    );
    const form = await w.as.coordinator.get(`${w.mscPath}/domains/${domain.id}`);
    expect(heading(form.body)).toBe('Change a domain of change');
    expect(fieldValue(form.body, 'name')).toBe("Changes in people's lives");
    const before = await guideSnapshot(w.t.db);
    const res = await w.as.coordinator.post(`${w.mscPath}/domains/${domain.id}`, {
      name: 'Changes in our lives',
      description: 'Ours.',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${w.mscPath}#domain-${domain.id}`);
    expect(await domainNames(w)).toEqual([
      'Changes in our lives',
      'Changes in how services work together',
      'Any other change',
    ]);
    expect(
      (await w.t.db.selectFrom('stories').select('domain_id').where('id', '=', story.id).executeTakeFirstOrThrow())
        .domain_id,
    ).toBe(domain.id);
    expect(flash((await w.as.coordinator.get(w.mscPath)).body)).toBe(
      'Domain of change saved. Stories already told in it stay in it.',
    );
    expect(await auditSince(w.t.db, before)).toEqual(['domain.changed']);
  });

  it('may keep its own name, but not take another domain’s', async () => {
    const [first, second] = (await loadGuide(w.t.db, w.msc)).domains;
    expect(
      (
        await w.as.coordinator.post(`${w.mscPath}/domains/${first!.id}`, {
          name: first!.name,
          description: 'New words',
        })
      ).statusCode,
    ).toBe(303);
    const before = await guideSnapshot(w.t.db);
    const res = await w.as.coordinator.post(`${w.mscPath}/domains/${first!.id}`, { name: second!.name });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'name')).toBe('This inquiry already has a domain with that name.');
    expect(await guideSnapshot(w.t.db)).toEqual(before);
  });

  it("gives 404 for another inquiry's or alliance's domain, or a removed one", async () => {
    const theirs = (await loadGuide(w.t.db, w.other.inquiry)).domains[0]!;
    expect((await w.as.coordinator.get(`${w.mscPath}/domains/${theirs.id}`)).statusCode).toBe(404);
    expect((await w.as.coordinator.post(`${w.mscPath}/domains/${theirs.id}`, { name: 'Mine now' })).statusCode).toBe(
      404,
    );
    expect(
      (
        await w.as.coordinator.post(`${w.aiPath}/domains/${(await loadGuide(w.t.db, w.msc)).domains[0]!.id}`, {
          name: 'Wrong inquiry',
        })
      ).statusCode,
    ).toBe(404);
    const mine = (await loadGuide(w.t.db, w.msc)).domains[0]!;
    await w.as.coordinator.post(`${w.mscPath}/domains/${mine.id}/remove`);
    expect((await w.as.coordinator.get(`${w.mscPath}/domains/${mine.id}`)).statusCode).toBe(404);
    expect(
      await w.t.db.selectFrom('domains').select('name').where('id', '=', theirs.id).executeTakeFirstOrThrow(),
    ).toEqual({ name: theirs.name });
  });
});

describe('moving a domain', () => {
  it('moves up and down, and not past either end', async () => {
    const [first, second, third] = (await loadGuide(w.t.db, w.msc)).domains;
    const before = await guideSnapshot(w.t.db);
    const res = await w.as.coordinator.post(`${w.mscPath}/domains/${third!.id}/move`, { direction: 'up' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${w.mscPath}#domain-${third!.id}`);
    expect(await domainNames(w)).toEqual([first!.name, third!.name, second!.name]);
    await w.as.coordinator.post(`${w.mscPath}/domains/${first!.id}/move`, { direction: 'down' });
    expect(await domainNames(w)).toEqual([third!.name, first!.name, second!.name]);
    await w.as.coordinator.post(`${w.mscPath}/domains/${third!.id}/move`, { direction: 'up' }); // already first
    expect(await domainNames(w)).toEqual([third!.name, first!.name, second!.name]);
    expect(await auditSince(w.t.db, before)).toEqual(['domain.moved', 'domain.moved']);
    // The page shows the new order, and the first has no "Move up".
    const page = await w.as.coordinator.get(w.mscPath);
    const text = visibleText(page.body);
    expect(text.indexOf('Any other change')).toBeLessThan(text.indexOf("Changes in people's lives"));
    expect(text).not.toContain('Move up Any other change');
  });

  it('refuses a direction that is not up or down (400), changing nothing', async () => {
    const domain = (await loadGuide(w.t.db, w.msc)).domains[1]!;
    const before = await guideSnapshot(w.t.db);
    expect(
      (await w.as.coordinator.post(`${w.mscPath}/domains/${domain.id}/move`, { direction: 'sideways' })).statusCode,
    ).toBe(400);
    expect((await w.as.coordinator.post(`${w.mscPath}/domains/${domain.id}/move`)).statusCode).toBe(400);
    expect(await guideSnapshot(w.t.db)).toEqual(before);
  });
});

describe('removing a domain', () => {
  it('asks first, then takes it out of the guide; stories told in it keep it', async () => {
    const domain = (await loadGuide(w.t.db, w.msc)).domains[2]!;
    const ask = await w.as.coordinator.get(`${w.mscPath}/domains/${domain.id}/remove`);
    expect(ask.statusCode).toBe(200);
    expect(heading(ask.body)).toBe('Remove this domain of change?');
    expect(visibleText(ask.body)).toContain(
      'Any other change New stories can no longer be told in it. Stories already told in it keep it.',
    );
    const before = await guideSnapshot(w.t.db);
    const res = await w.as.coordinator.post(`${w.mscPath}/domains/${domain.id}/remove`);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${w.mscPath}#domains`);
    expect(await domainNames(w)).toEqual(["Changes in people's lives", 'Changes in how services work together']);
    expect(
      await w.t.db.selectFrom('domains').select('archived').where('id', '=', domain.id).executeTakeFirstOrThrow(),
    ).toEqual({ archived: 1 });
    const page = await w.as.coordinator.get(w.mscPath);
    expect(flash(page.body)).toBe('Domain of change removed. Stories already told in it keep it.');
    expect(await auditSince(w.t.db, before)).toEqual(['domain.removed']);
    // Removed twice is not found.
    expect((await w.as.coordinator.post(`${w.mscPath}/domains/${domain.id}/remove`)).statusCode).toBe(404);
  });

  it('refuses without its CSRF token (403)', async () => {
    const domain = (await loadGuide(w.t.db, w.msc)).domains[0]!;
    const before = await guideSnapshot(w.t.db);
    expect((await w.as.coordinator.post(`${w.mscPath}/domains/${domain.id}/remove`, { _csrf: '' })).statusCode).toBe(
      403,
    );
    expect(await guideSnapshot(w.t.db)).toEqual(before);
  });
});
