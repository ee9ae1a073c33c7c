/** "About the storyteller": add, change, move and remove what is asked about who tells each story. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadGuide } from '../../server/inquiries/inquiries-store.ts';
import { fieldError, fieldValue, flash, heading, visibleText } from '../helpers/pages.ts';
import { auditSince, guideSnapshot, makeWorld, type World } from './setup.ts';

let w: World;
beforeEach(async () => (w = await makeWorld()));
afterEach(() => w.t.close());

const labels = async () => (await loadGuide(w.t.db, w.msc)).attributes.map((a) => a.label);

describe('adding a question about the storyteller', () => {
  it('adds a single choice with its options, and a short text', async () => {
    const form = await w.as.coordinator.get(`${w.mscPath}/attributes/new`);
    expect(heading(form.body)).toBe('Add a question about the storyteller');
    const before = await guideSnapshot(w.t.db);
    const res = await w.as.coordinator.post(`${w.mscPath}/attributes/new`, {
      label: 'Which service?',
      kind: 'single',
      options: 'Housing\nHealth\n',
    });
    expect(res.statusCode).toBe(303);
    const added = (await loadGuide(w.t.db, w.msc)).attributes.at(-1)!;
    expect(res.headers.location).toBe(`${w.mscPath}#attribute-${added.id}`);
    expect(added).toMatchObject({ label: 'Which service?', kind: 'single', options: '["Housing","Health"]' });
    const page = await w.as.coordinator.get(w.mscPath);
    expect(flash(page.body)).toBe('Question about the storyteller added.');
    expect(visibleText(page.body)).toContain('Which service? Single choice: Housing; Health');
    expect(await auditSince(w.t.db, before)).toEqual(['attribute.added']);

    expect(
      (
        await w.as.coordinator.post(`${w.mscPath}/attributes/new`, {
          label: 'Postcode area',
          kind: 'short',
          options: 'ignored\nhere',
        })
      ).statusCode,
    ).toBe(303);
    expect((await loadGuide(w.t.db, w.msc)).attributes.at(-1)).toMatchObject({
      label: 'Postcode area',
      kind: 'short',
      options: '[]',
    });
  });

  it('asks for a label, a kind and two choices, keeping what was typed', async () => {
    const before = await guideSnapshot(w.t.db);
    let res = await w.as.coordinator.post(`${w.mscPath}/attributes/new`, { label: '', kind: 'paragraph' });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'label')).toBe('Enter what to ask (up to 120 characters).');
    expect(fieldError(res.body, 'kind')).toBe('Choose single choice or short text.');
    res = await w.as.coordinator.post(`${w.mscPath}/attributes/new`, {
      label: 'Age band',
      kind: 'single',
      options: 'Under 18',
    });
    expect(res.statusCode).toBe(422);
    expect(fieldValue(res.body, 'label')).toBe('Age band');
    expect(fieldError(res.body, 'options')).toBe('List at least two choices, one per line.');
    expect(res.body).toContain('>\nUnder 18</textarea>');
    expect(await guideSnapshot(w.t.db)).toEqual(before);
  });
});

describe('changing, moving and removing', () => {
  it('changes a question about the storyteller', async () => {
    const attribute = (await loadGuide(w.t.db, w.msc)).attributes[2]!; // Place, short text
    const form = await w.as.coordinator.get(`${w.mscPath}/attributes/${attribute.id}`);
    expect(heading(form.body)).toBe('Change a question about the storyteller');
    expect(fieldValue(form.body, 'label')).toBe('Place');
    const before = await guideSnapshot(w.t.db);
    const res = await w.as.coordinator.post(`${w.mscPath}/attributes/${attribute.id}`, {
      label: 'Town',
      kind: 'single',
      options: 'Northtown\nSouthtown',
    });
    expect(res.statusCode).toBe(303);
    expect((await loadGuide(w.t.db, w.msc)).attributes[2]).toMatchObject({
      label: 'Town',
      kind: 'single',
      options: '["Northtown","Southtown"]',
    });
    expect(flash((await w.as.coordinator.get(w.mscPath)).body)).toBe('Question about the storyteller saved.');
    expect(await auditSince(w.t.db, before)).toEqual(['attribute.changed']);
  });

  it('refuses bad input on a change, changing nothing', async () => {
    const attribute = (await loadGuide(w.t.db, w.msc)).attributes[0]!;
    const before = await guideSnapshot(w.t.db);
    const res = await w.as.coordinator.post(`${w.mscPath}/attributes/${attribute.id}`, {
      label: 'x'.repeat(121),
      kind: 'short',
    });
    expect(res.statusCode).toBe(422);
    expect(fieldValue(res.body, 'label')).toBe('x'.repeat(121));
    expect(await guideSnapshot(w.t.db)).toEqual(before);
  });

  it('moves one up, and removes one after asking', async () => {
    const [who, age, place] = (await loadGuide(w.t.db, w.msc)).attributes;
    await w.as.coordinator.post(`${w.mscPath}/attributes/${place!.id}/move`, { direction: 'up' });
    expect(await labels()).toEqual([who!.label, place!.label, age!.label]);
    const ask = await w.as.coordinator.get(`${w.mscPath}/attributes/${age!.id}/remove`);
    expect(heading(ask.body)).toBe('Remove this question about the storyteller?');
    const before = await guideSnapshot(w.t.db);
    const res = await w.as.coordinator.post(`${w.mscPath}/attributes/${age!.id}/remove`);
    expect(res.headers.location).toBe(`${w.mscPath}#storyteller`);
    expect(await labels()).toEqual([who!.label, place!.label]);
    expect(flash((await w.as.coordinator.get(w.mscPath)).body)).toBe(
      'Question about the storyteller removed. Stories already told keep their answers to it.',
    );
    expect(await auditSince(w.t.db, before)).toEqual(['attribute.removed']);
  });

  it("gives 404 for another alliance's attribute", async () => {
    const theirs = (await loadGuide(w.t.db, w.other.inquiry)).attributes[0]!;
    const before = await guideSnapshot(w.t.db);
    expect((await w.as.coordinator.get(`${w.mscPath}/attributes/${theirs.id}`)).statusCode).toBe(404);
    expect(
      (await w.as.coordinator.post(`${w.mscPath}/attributes/${theirs.id}`, { label: 'Mine', kind: 'short' }))
        .statusCode,
    ).toBe(404);
    expect((await w.as.coordinator.get(`${w.mscPath}/attributes/${theirs.id}/remove`)).statusCode).toBe(404);
    expect(
      (await w.as.coordinator.post(`${w.mscPath}/attributes/${theirs.id}/move`, { direction: 'down' })).statusCode,
    ).toBe(404);
    expect(await guideSnapshot(w.t.db)).toEqual(before);
  });
});
