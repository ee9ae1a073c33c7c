/**
 * Importing a Hearth JSON export as a new inquiry of the importer's alliance: everything in it, ids remapped, story
 * codes kept, people's accounts not carried over (who did what is kept by name where Hearth keeps names; who
 * gathered a story is matched to a member), all or nothing in one transaction. Each capability writes its own part
 * (its transfer-store.ts) with the ids mapped here.
 */
import { recordAudit, type Actor } from '../audit/store.ts';
import type { Db } from '../db/database.ts';
import type { Inquiry } from '../db/schema.ts';
import { iso } from '../db/time.ts';
import { dayIn } from '../web/helpers/date.ts';
import { DEFAULT_LANGUAGE, translator } from '../web/i18n.ts';
import { importStoryTags, importTags } from '../codebook/transfer-store.ts';
import { listInquiries } from '../inquiries/inquiries-store.ts';
import { createImportedInquiry, importGuide, keepImportedCodes } from '../inquiries/transfer-store.ts';
import { importLearning } from '../learning/transfer-store.ts';
import { importRounds } from '../rounds/transfer-store.ts';
import type { StoryInput } from '../stories/store.ts';
import { keepImportedHistory } from '../stories/transfer-store.ts';
import { importAnalysis } from '../themes/transfer-store.ts';
import { importTranslation } from '../translations/transfer-store.ts';
import type { ExportStory, HearthExport } from './format.ts';
import { knownInterviewer, type KnownInterviewer } from './import-csv.ts';
import { codeNumber, interviewersOf, joined, saveStory } from './import-store.ts';

/** The longest title the inquiry form takes. */
const TITLE_MAX = 200;

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

/** Who gathered the stories: the interviewers and partners the file names, and how many of them are members here. */
export interface Gatherers {
  named: number;
  matched: number;
}

/**
 * The imported copy's title: the file's, or where the alliance has an inquiry of that title already (an inquiry
 * exported and imported again), the file's with the day it came in, in the importer's language.
 */
async function importedTitle(db: Db, allianceId: number, title: string, language: string, now: Date) {
  if (!(await listInquiries(db, allianceId)).some((i) => i.title === title)) return title;
  const marked = translator(language)('exports.importJson.importedTitle', { title, date: dayIn(language, iso(now)) });
  // Within the title's length limit (the inquiry form's), losing the end of the file's title rather than the mark.
  return marked.length <= TITLE_MAX
    ? marked
    : marked.replace(title, title.slice(0, title.length - marked.length + TITLE_MAX));
}

/**
 * Imports a Hearth export as a new inquiry: the interviewer and partner of each story are found among the
 * alliance's members who may record (or pair in) interviews, by email, else by name, and left empty where none is.
 */
export async function importExport(
  db: Db,
  actor: Actor,
  allianceId: number,
  doc: HearthExport,
  { now = new Date(), language = DEFAULT_LANGUAGE }: { now?: Date; language?: string } = {},
): Promise<{ inquiry: Inquiry; gatherers: Gatherers }> {
  const gatherers: Gatherers = { named: 0, matched: 0 };
  // Read before the import's transaction: what it writes does not change them.
  const d = { ...doc.inquiry, title: await importedTitle(db, allianceId, doc.inquiry.title, language, now) };
  const [interviewers, partners] = await Promise.all([
    interviewersOf(db, allianceId),
    interviewersOf(db, allianceId, 'pairInInterviews'),
  ]);
  const inquiry = await db.transaction().execute(async (t) => {
    const trx = joined(t);
    const member = (people: KnownInterviewer[], name?: string | null, email?: string | null) => {
      if (!name && !email) return null;
      gatherers.named += 1;
      const found = knownInterviewer(people, email) ?? knownInterviewer(people, name);
      if (found) gatherers.matched += 1;
      return found?.id ?? null;
    };
    // Codes handed out for a moment while saving never clash with the kept ones: a prefix no kept code has.
    const inquiry = await createImportedInquiry(trx, actor, allianceId, d, `IMPORT${now.getTime()}`, now);
    const { domains, questions, attributes } = await importGuide(trx, inquiry.id, doc);
    const tags = await importTags(trx, inquiry.id, doc.tags);
    const via = (m: Map<number, number>) => (n: number | null) => (n === null ? null : (m.get(n) ?? null));

    const stories = new Map<string, number>();
    for (const s of doc.stories) {
      const interviewerId = member(interviewers, s.interviewer, s.interviewer_email);
      const partner = member(partners, s.partner, s.partner_email);
      const partnerId = partner === interviewerId ? null : partner;
      const saved = await saveStory(
        trx,
        actor,
        inquiry,
        { ...storyInput(s, via(domains), via(questions), via(attributes)), partnerId },
        s.code,
        new Date(s.created_at),
        interviewerId,
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
  return { inquiry, gatherers };
}
