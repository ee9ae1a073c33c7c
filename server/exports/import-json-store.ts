/**
 * Importing a Hearth JSON export as a new inquiry of the importer's alliance: everything in it, ids remapped, story
 * codes kept, people's accounts not carried over (who did what is kept by name where Hearth keeps names), all or
 * nothing in one transaction. Each capability writes its own part (its transfer-store.ts) with the ids mapped here.
 */
import { recordAudit, type Actor } from '../audit/store.ts';
import type { Db } from '../db/database.ts';
import type { Inquiry } from '../db/schema.ts';
import { importStoryTags, importTags } from '../codebook/transfer-store.ts';
import { createImportedInquiry, importGuide, keepImportedCodes } from '../inquiries/transfer-store.ts';
import { importLearning } from '../learning/transfer-store.ts';
import { importRounds } from '../rounds/transfer-store.ts';
import type { StoryInput } from '../stories/store.ts';
import { keepImportedHistory } from '../stories/transfer-store.ts';
import { importAnalysis } from '../themes/transfer-store.ts';
import { importTranslation } from '../translations/transfer-store.ts';
import type { ExportStory, HearthExport } from './format.ts';
import { codeNumber, joined, saveStory } from './import-store.ts';

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
      // A file from before the recording uses were asked leaves them as a new story has them (not agreed).
      ...(c.recording === undefined ? {} : { recording: c.recording }),
      ...(c.hearing === undefined ? {} : { hearing: c.hearing }),
      anonymous: c.anonymous,
      how: c.how,
      on: c.on,
    },
    answers: s.answers.map((a) => ({
      questionId: questionId(a.question),
      kind: a.kind,
      prompt: a.prompt,
      value: a.value,
      ...(a.asked ? { asked: a.asked } : {}),
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
    const inquiry = await createImportedInquiry(trx, actor, allianceId, d, `IMPORT${now.getTime()}`, now);
    const { domains, questions, attributes } = await importGuide(trx, inquiry.id, doc);
    const tags = await importTags(trx, inquiry.id, doc.tags);
    const via = (m: Map<number, number>) => (n: number | null) => (n === null ? null : (m.get(n) ?? null));

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
      await keepImportedHistory(trx, saved.id, s);
      await importStoryTags(trx, saved.id, s.tags, tags);
      for (const tr of s.translations ?? [])
        await importTranslation(trx, saved.id, {
          language: tr.language,
          title: tr.title,
          answers: tr.answers.map((a) => ({ position: a.answer_position, value: a.value })),
          translator: tr.translator,
          created_at: tr.created_at,
          updated_at: tr.updated_at,
        });
    }
    const story = (code: string) => stories.get(code)!;

    await importAnalysis(trx, allianceId, inquiry.id, doc.analysis_runs, { domains, tags, story });
    const rounds = await importRounds(trx, allianceId, inquiry.id, doc.rounds, { domains, story });
    await importLearning(trx, inquiry.id, doc.learning, { rounds, story });

    const highest = Math.max(0, ...doc.stories.map((s) => codeNumber(d.code_prefix, s.code)));
    const finished = await keepImportedCodes(trx, inquiry.id, d.code_prefix, highest);
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
