/**
 * The Hearth JSON export (format "hearth-export", version 1; documented in docs/export-format.md): one inquiry,
 * whole. Ids in the file are local to it (1, 2, 3… per kind), stories are referred to by their code. What leaves
 * Hearth obeys consent: only the stories readInquiry chose, anything about other stories dropped, no storyteller
 * name for anonymous stories, and for funders no names of people, no earlier versions and no panel comments. Who
 * gathered each story goes by name and email (team files only), so an import can find them among its members.
 */
import { attributesShown, tellerShown, type Audience } from '../stories/consent.ts';
import type { AnswerKind, ExportRound, ExportStory, HearthExport } from './format.ts';
import type { InquiryData } from './export-store.ts';

export type { HearthExport } from './format.ts';

/** Local numbers 1, 2, 3… for database ids, in the order first seen. */
function numbering(ids: number[]): Map<number, number> {
  return new Map(ids.map((id, i) => [id, i + 1]));
}

const flag = (n: number | string) => Number(n) === 1;
const parse = <T>(text: string, fallback: T): T => {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
};

export function buildExport(data: InquiryData, audience: Audience, now = new Date()): HearthExport {
  const funders = audience === 'funders';
  const domainNo = numbering(data.domains.map((d) => d.id));
  const questionNo = numbering(data.questions.map((q) => q.id));
  const attributeNo = numbering(data.attributes.map((a) => a.id));
  const tagNo = numbering(data.tags.map((t) => t.id));
  const roundNo = numbering(data.rounds.rounds.map((r) => r.id));
  // In the order the file lists them (round by round), so an imported file exports again with the same numbers.
  const participantNo = numbering(
    data.rounds.rounds.flatMap((round) =>
      data.rounds.participants.filter((p) => p.round_id === round.id).map((p) => p.id),
    ),
  );
  const runNo = numbering(data.analysis.runs.map((r) => r.id));
  const themeNo = numbering(data.analysis.themes.map((t) => t.id));
  const codeOf = new Map(data.stories.map((s) => [s.id, s.code]));
  const ref = (map: Map<number, number>, id: number | null) => (id === null ? null : (map.get(id) ?? null));

  const stories: ExportStory[] = data.stories.map((s) => {
    const anonymous = flag(s.anonymous);
    return {
      code: s.code,
      status: s.status as ExportStory['status'], // storiesFor leaves out drafts and withdrawn stories
      route: s.route,
      domain: ref(domainNo, s.domain_id),
      title: s.title,
      language: s.language,
      storyteller: tellerShown(s, audience),
      interviewer: funders ? null : s.interviewer_name,
      // Funders' files name no one: the partner and the emails are left out of them altogether.
      ...(funders
        ? {}
        : { interviewer_email: s.interviewer_email, partner: s.partner_name, partner_email: s.partner_email }),
      told_on: s.told_on,
      // Where an anonymous teller told it may point to them, like their answers about themselves.
      told_where: attributesShown(s, audience) ? s.told_where : '',
      consent: {
        panels: flag(s.consent_panels),
        packs: flag(s.consent_packs),
        quotes: flag(s.consent_quotes),
        funders: flag(s.consent_funders),
        publish: flag(s.consent_publish),
        recording: flag(s.consent_recording),
        hearing: flag(s.consent_hearing),
        anonymous,
        how: s.consent_how,
        on: s.consent_on,
      },
      read_back_on: s.read_back_on,
      read_back_changes: funders ? null : s.read_back_changes,
      verified_on: s.verified_on,
      verification_note: funders ? '' : s.verification_note,
      created_at: s.created_at,
      updated_at: s.updated_at,
      answers: data.answers
        .filter((a) => a.story_id === s.id)
        .map((a) => ({
          question: ref(questionNo, a.question_id),
          kind: a.kind as AnswerKind,
          prompt: a.prompt,
          value: a.value,
          ...(a.asked === null ? {} : { asked: parse<string[]>(a.asked, []) }),
        })),
      attributes: !attributesShown(s, audience)
        ? []
        : data.storyAttributes
            .filter((x) => x.story_id === s.id)
            .map((a) => ({ attribute: ref(attributeNo, a.attribute_id), label: a.label, value: a.value })),
      versions: funders
        ? []
        : data.versions
            .filter((v) => v.story_id === s.id)
            .map((v) => ({
              number: v.number,
              ...parse(v.content, { title: '', answers: [] }),
              editor_name: v.editor_name,
              edited_at: v.edited_at,
              note: v.note,
            })),
      translations: (data.translations.get(s.id) ?? []).map((tr) => ({
        language: tr.language,
        title: tr.title,
        answers: tr.answers.map((a) => ({ answer_position: a.position, value: a.value })),
        // Funders' files name no one.
        translator: funders ? '' : tr.translator_name,
        created_at: tr.created_at,
        updated_at: tr.updated_at,
      })),
      tags: data.storyTags
        .filter((t) => t.story_id === s.id)
        .map((t) => ({
          tag: tagNo.get(t.tag_id)!,
          answer_position: t.answer_position,
          start: t.start_offset,
          end: t.end_offset,
          quote: t.quote,
          source: t.source,
          created_at: t.created_at,
        })),
    };
  });

  const r = data.rounds;
  const rounds: ExportRound[] = r.rounds.map((round) => ({
    id: roundNo.get(round.id)!,
    name: round.name,
    panel: round.panel,
    level: round.level,
    method: round.method,
    dots: round.dots,
    voting: round.voting,
    stage: round.stage,
    shuffle: flag(round.shuffle),
    tallies_revealed: flag(round.tallies_revealed),
    filters: parse(round.filters, {}),
    feedback_sent_at: round.feedback_sent_at,
    created_at: round.created_at,
    updated_at: round.updated_at,
    closed_at: round.closed_at,
    domains: r.domains.filter((d) => d.round_id === round.id).map((d) => domainNo.get(d.domain_id)!),
    sources: r.sources
      .filter((x) => x.round_id === round.id)
      .map((x) => roundNo.get(x.source_round_id)!)
      .filter(Boolean),
    stories: r.stories
      .filter((x) => x.round_id === round.id && codeOf.has(x.story_id))
      .map((x) => ({ story: codeOf.get(x.story_id)!, position: x.position, origin: x.origin })),
    participants: r.participants
      .filter((p) => p.round_id === round.id)
      .map((p, i) => ({
        id: participantNo.get(p.id)!,
        display_name: funders ? `Participant ${i + 1}` : p.display_name,
        joined_at: p.joined_at,
      })),
    ballots: r.ballots
      .filter((b) => b.round_id === round.id)
      .map((b) => ({
        participant: funders ? null : ref(participantNo, b.participant_id),
        source: b.source,
        cast_at: b.cast_at,
        marks: r.marks
          .filter((m) => m.ballot_id === b.id && codeOf.has(m.story_id))
          .map((m) => ({ story: codeOf.get(m.story_id)!, points: m.points, rank: m.rank })),
      })),
    decisions: r.decisions
      .filter((d) => d.round_id === round.id)
      .map((d) => {
        // The panel's words speak of every story it chose: blank where one of them may not go out (export-store.ts).
        const withheld = data.reasonsWithheld.has(d.id);
        return {
          domain: ref(domainNo, d.domain_id),
          outcome: d.outcome,
          reasons: withheld ? '' : d.reasons,
          criteria: withheld ? '' : d.criteria,
          dissent: withheld ? '' : d.dissent,
          reasons_withheld: withheld,
          decided_at: d.decided_at,
          selections: r.selections
            .filter((x) => x.decision_id === d.id && codeOf.has(x.story_id))
            .map((x) => ({ story: codeOf.get(x.story_id)!, votes: x.votes })),
        };
      }),
    annotations: funders
      ? []
      : r.annotations
          .filter((a) => a.round_id === round.id && codeOf.has(a.story_id))
          .map((a) => ({
            story: codeOf.get(a.story_id)!,
            participant: participantNo.get(a.participant_id)!,
            answer_position: a.answer_position,
            start: a.start_offset,
            end: a.end_offset,
            quote: a.quote,
            comment: a.comment,
            created_at: a.created_at,
          })),
  }));

  const a = data.analysis;
  return {
    format: 'hearth-export',
    version: 1,
    exported_at: now.toISOString(),
    audience,
    inquiry: {
      title: data.inquiry.title,
      method: data.inquiry.method,
      purpose: data.inquiry.purpose,
      period_start: data.inquiry.period_start,
      period_end: data.inquiry.period_end,
      period_words: data.inquiry.period_words,
      ai_topic: data.inquiry.ai_topic,
      consent_statement: data.inquiry.consent_statement,
      languages: data.inquiry.languages,
      code_prefix: data.inquiry.code_prefix,
      created_at: data.inquiry.created_at,
    },
    domains: data.domains.map((d) => ({
      id: domainNo.get(d.id)!,
      name: d.name,
      description: d.description,
      position: d.position,
      archived: flag(d.archived),
    })),
    questions: data.questions.map((q) => ({
      id: questionNo.get(q.id)!,
      position: q.position,
      kind: q.kind,
      prompt: q.prompt,
      help: q.help,
      required: flag(q.required),
      options: parse<string[]>(q.options, []),
      phase: q.phase,
      archived: flag(q.archived),
      about_story: flag(q.about_story),
    })),
    attributes: data.attributes.map((x) => ({
      id: attributeNo.get(x.id)!,
      position: x.position,
      label: x.label,
      kind: x.kind,
      options: parse<string[]>(x.options, []),
      archived: flag(x.archived),
    })),
    tags: data.tags.map((t) => ({
      id: tagNo.get(t.id)!,
      parent: ref(tagNo, t.parent_id),
      // A tag made from a theme, named for funders as the theme is shown to them (transfer-store.ts).
      name: data.analysis.tagNames.get(t.id) ?? t.name,
      description: data.analysis.tagNames.has(t.id) ? '' : t.description,
      created_at: t.created_at,
    })),
    stories,
    analysis_runs: a.runs.map((run) => ({
      id: runNo.get(run.id)!,
      k_requested: run.k_requested,
      k: run.k,
      seed: run.seed,
      filters: parse(run.filters, {}),
      criterion: parse(run.criterion, {}),
      created_at: run.created_at,
      finished_at: run.finished_at,
      stories: parse<number[]>(run.story_ids, [])
        .filter((id) => codeOf.has(id))
        .map((id) => codeOf.get(id)!),
      themes: a.themes
        .filter((t) => t.run_id === run.id)
        .map((t) => ({
          id: themeNo.get(t.id)!,
          position: t.position,
          label: t.label,
          name: t.name,
          terms: parse<string[]>(t.terms, []),
          status: t.status,
          merged_into: ref(themeNo, t.merged_into),
          tag: ref(tagNo, t.tag_id),
          stories: a.themeStories
            .filter((x) => x.theme_id === t.id && codeOf.has(x.story_id))
            .map((x) => ({ story: codeOf.get(x.story_id)!, rank: x.rank, x: x.x, y: x.y })),
        })),
    })),
    rounds,
    learning: data.learning.map((item) => ({
      kind: item.kind,
      text: item.text,
      owner: item.owner,
      status: item.status,
      period: item.period,
      created_at: item.created_at,
      updated_at: item.updated_at,
      links: data.learningLinks
        .filter(
          (l) =>
            l.item_id === item.id &&
            (l.story_id === null || codeOf.has(l.story_id)) &&
            (l.story_id !== null || l.round_id !== null),
        )
        .map((l) => ({ story: l.story_id === null ? null : codeOf.get(l.story_id)!, round: ref(roundNo, l.round_id) })),
    })),
  };
}
