/**
 * Importing a Hearth JSON export as a new inquiry of the importer's alliance: everything in it, ids remapped, story
 * codes kept, people's accounts not carried over (who did what is kept by name where Hearth keeps names), all or
 * nothing in one transaction. Its rounds are written by ./import-json-rounds.ts.
 */
import { recordAudit, type Actor } from '../audit/store.ts';
import type { Db } from '../db/database.ts';
import type { Inquiry } from '../db/schema.ts';
import { iso } from '../db/time.ts';
import type { StoryInput } from '../stories/store.ts';
import type { ExportStory, HearthExport } from './format.ts';
import { importRounds } from './import-json-rounds.ts';
import { codeNumber, joined, saveStory } from './import-store.ts';

const bit = (b: boolean) => (b ? 1 : 0);

function storyInput(
  s: ExportStory,
  domainId: (n: number | null) => number | null,
  questionId: (n: number | null) => number | null,
  attributeId: (n: number | null) => number | null,
): StoryInput {
  const c = s.consent;
  return {
    domainId: domainId(s.domain),
    title: s.title,
    language: s.language,
    storyteller: s.storyteller,
    partnerId: null,
    toldOn: s.told_on,
    toldWhere: s.told_where,
    consent: {
      panels: c.panels,
      packs: c.packs,
      quotes: c.quotes,
      funders: c.funders,
      publish: c.publish,
      anonymous: c.anonymous,
      how: c.how,
      on: c.on,
    },
    answers: s.answers.map((a) => ({
      questionId: questionId(a.question),
      kind: a.kind,
      prompt: a.prompt,
      value: a.value,
    })),
    attributes: s.attributes.map((a) => ({ attributeId: attributeId(a.attribute), label: a.label, value: a.value })),
  };
}

export async function importInquiry(
  db: Db,
  actor: Actor,
  allianceId: number,
  doc: HearthExport,
  now = new Date(),
): Promise<Inquiry> {
  return db.transaction().execute(async (t) => {
    const trx = joined(t);
    const d = doc.inquiry;
    // Codes handed out for a moment while saving never clash with the kept ones: a prefix no kept code has.
    const inquiry = await trx
      .insertInto('inquiries')
      .values({
        alliance_id: allianceId,
        title: d.title,
        method: d.method,
        purpose: d.purpose,
        period_start: d.period_start,
        period_end: d.period_end,
        period_words: d.period_words,
        ai_topic: d.ai_topic,
        consent_statement: d.consent_statement,
        languages: d.languages,
        code_prefix: `IMPORT${now.getTime()}`,
        public_token: null,
        created_by: actor.id,
        created_at: d.created_at,
        updated_at: iso(now),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const map = () => new Map<number, number>();
    const [domains, questions, attributes, tags, themes] = [map(), map(), map(), map(), map()];
    const via = (m: Map<number, number>) => (n: number | null) => (n === null ? null : (m.get(n) ?? null));
    for (const x of doc.domains) {
      const row = await trx
        .insertInto('domains')
        .values({
          inquiry_id: inquiry.id,
          name: x.name,
          description: x.description,
          position: x.position,
          archived: bit(x.archived),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      domains.set(x.id, row.id);
    }
    for (const x of doc.questions) {
      const row = await trx
        .insertInto('questions')
        .values({
          inquiry_id: inquiry.id,
          position: x.position,
          kind: x.kind,
          prompt: x.prompt,
          help: x.help,
          required: bit(x.required),
          options: JSON.stringify(x.options),
          phase: x.phase,
          archived: bit(x.archived),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      questions.set(x.id, row.id);
    }
    for (const x of doc.attributes) {
      const row = await trx
        .insertInto('attributes')
        .values({
          inquiry_id: inquiry.id,
          position: x.position,
          label: x.label,
          kind: x.kind,
          options: JSON.stringify(x.options),
          archived: bit(x.archived),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      attributes.set(x.id, row.id);
    }
    for (const x of doc.tags) {
      const row = await trx
        .insertInto('tags')
        .values({
          inquiry_id: inquiry.id,
          parent_id: null,
          name: x.name,
          description: x.description,
          created_by: null,
          created_at: x.created_at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      tags.set(x.id, row.id);
    }
    for (const x of doc.tags)
      if (x.parent !== null)
        await trx
          .updateTable('tags')
          .set({ parent_id: tags.get(x.parent)! })
          .where('id', '=', tags.get(x.id)!)
          .execute();

    const stories = new Map<string, number>();
    for (const s of doc.stories) {
      const saved = await saveStory(
        trx,
        actor,
        inquiry,
        storyInput(s, via(domains), via(questions), via(attributes)),
        s.code,
        new Date(s.created_at),
      );
      stories.set(s.code, saved.id);
      await trx
        .updateTable('stories')
        .set({
          status: s.status,
          route: s.route,
          consent_recorded_by: null,
          read_back_on: s.read_back_on,
          read_back_changes: s.read_back_changes,
          verified_on: s.verified_on,
          verification_note: s.verification_note,
          updated_at: s.updated_at,
        })
        .where('id', '=', saved.id)
        .execute();
      for (const v of s.versions) {
        await trx
          .insertInto('story_versions')
          .values({
            story_id: saved.id,
            number: v.number,
            content: JSON.stringify({ title: v.title, answers: v.answers }),
            edited_by: null,
            editor_name: v.editor_name,
            edited_at: v.edited_at,
            note: v.note,
          })
          .execute();
      }
      for (const x of s.tags) {
        await trx
          .insertInto('story_tags')
          .values({
            story_id: saved.id,
            tag_id: tags.get(x.tag)!,
            answer_position: x.answer_position,
            start_offset: x.start,
            end_offset: x.end,
            quote: x.quote,
            source: x.source,
            created_by: null,
            created_at: x.created_at,
          })
          .execute();
      }
    }
    const story = (code: string) => stories.get(code)!;

    for (const run of doc.analysis_runs) {
      const filters = {
        ...run.filters,
        ...(typeof run.filters.domainId === 'number' ? { domainId: domains.get(run.filters.domainId) ?? null } : {}),
      };
      const row = await trx
        .insertInto('analysis_runs')
        .values({
          alliance_id: allianceId,
          inquiry_id: inquiry.id,
          status: 'done',
          progress: 1,
          step: '',
          k_requested: run.k_requested,
          k: run.k,
          seed: run.seed,
          filters: JSON.stringify(filters),
          story_ids: JSON.stringify(run.stories.map(story)),
          criterion: JSON.stringify(run.criterion),
          error: '',
          claimed_by: null,
          created_by: null,
          created_at: run.created_at,
          started_at: run.created_at,
          finished_at: run.finished_at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const th of run.themes) {
        const theme = await trx
          .insertInto('themes')
          .values({
            run_id: row.id,
            inquiry_id: inquiry.id,
            position: th.position,
            label: th.label,
            name: th.name,
            terms: JSON.stringify(th.terms),
            status: th.status,
            merged_into: null,
            tag_id: via(tags)(th.tag),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        themes.set(th.id, theme.id);
        for (const x of th.stories)
          await trx
            .insertInto('theme_stories')
            .values({ theme_id: theme.id, story_id: story(x.story), rank: x.rank, x: x.x, y: x.y })
            .execute();
      }
      for (const th of run.themes) {
        if (th.merged_into !== null)
          await trx
            .updateTable('themes')
            .set({ merged_into: themes.get(th.merged_into)! })
            .where('id', '=', themes.get(th.id)!)
            .execute();
      }
    }

    const rounds = await importRounds(trx, allianceId, inquiry.id, doc.rounds, { domains, story });

    for (const item of doc.learning) {
      const row = await trx
        .insertInto('learning_items')
        .values({
          inquiry_id: inquiry.id,
          kind: item.kind,
          text: item.text,
          owner: item.owner,
          status: item.status,
          period: item.period,
          created_by: null,
          created_at: item.created_at,
          updated_at: item.updated_at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const l of item.links)
        await trx
          .insertInto('learning_links')
          .values({
            item_id: row.id,
            story_id: l.story === null ? null : story(l.story),
            round_id: via(rounds)(l.round),
          })
          .execute();
    }

    const highest = Math.max(0, ...doc.stories.map((s) => codeNumber(d.code_prefix, s.code)));
    const finished = await trx
      .updateTable('inquiries')
      .set({ code_prefix: d.code_prefix, story_counter: highest })
      .where('id', '=', inquiry.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(
      trx,
      {
        allianceId,
        actor,
        action: 'inquiry.imported',
        subjectType: 'inquiry',
        subjectId: inquiry.id,
        detail: { title: d.title, stories: doc.stories.length, rounds: doc.rounds.length },
      },
      now,
    );
    return finished;
  });
}
