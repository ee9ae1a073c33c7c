/** Deciding: per domain, the panel records its chosen story (or two, or none) and its reasons in full sentences. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { rolesFor } from '../accounts/permissions.ts';
import type { Round } from '../db/schema.ts';
import { listDomains, questionLanguageOf } from '../inquiries/inquiries-store.ts';
import { membershipOf, signedIn } from '../web/auth.ts';
import { translator } from '../web/i18n.ts';
import { languageOf } from '../web/language.ts';
import { notFound } from '../web/errors.ts';
import { readFields, type FieldErrors, type FormValues } from '../web/forms.ts';
import { idParam } from '../web/params.ts';
import { FormBody } from '../web/schemas.ts';
import {
  checkChoice,
  checkDecision,
  DecisionForm,
  domainGroups,
  isUnsaved,
  NO_DOMAIN,
  splitDecisionPost,
  type DomainGroup,
} from './decision-forms.ts';
import { listDecisions, recordDecision, type DecisionWithSelections } from './decisions-store.ts';
import { findRound, roundDomains, roundStories } from './rounds-store.ts';
import { withPanelWords } from './selections-store.ts';
import { hasBallots, roundTallies } from './tally-store.ts';

const MANAGERS = { roles: rolesFor('runRounds') };

/** The stages in which a panel records its decisions; a closed round's decisions are read-only. */
const DECIDING = new Set<Round['stage']>(['voting', 'deciding']);

/** A recorded decision with the panel's words as this page may show them. */
type ShownDecision = DecisionWithSelections & { reasons_withheld: boolean };

/** What came with a press: every domain's typing, and the problems of the domain pressed. */
interface Typed {
  key: string;
  typed: Map<string, FormValues>;
  errors: FieldErrors;
}

export async function decisionRoutes(app: FastifyInstance): Promise<void> {
  async function roundOf(request: FastifyRequest): Promise<Round> {
    const round = await findRound(app.db, membershipOf(request).alliance_id, idParam(request, 'roundId'));
    if (!round) throw notFound();
    return round;
  }

  async function groupsOf(round: Round): Promise<DomainGroup[]> {
    const [domains, stories, tallies] = await Promise.all([
      roundDomains(app.db, round.id),
      roundStories(app.db, round),
      roundTallies(app.db, round),
    ]);
    return domainGroups(domains, stories, tallies);
  }

  /**
   * The round's decisions by domain, with the panel's words as the feedback page shows them: blanked and marked
   * withheld where they speak of a chosen story that can no longer be shown (consent taken back, or withdrawn).
   */
  async function decisionsOf(round: Round): Promise<Map<string, ShownDecision>> {
    const decisions = await listDecisions(app.db, round.id);
    const shown = await withPanelWords(
      app.db,
      round.alliance_id,
      decisions.map((d) => ({ ...d, decision_id: d.id })),
      'panels',
      'team',
    );
    return new Map(shown.map((d) => [d.domain_id === null ? NO_DOMAIN : String(d.domain_id), d]));
  }

  /** Each group with its recorded decision and the form's values: what was just typed, or what was recorded. */
  function groupView(group: DomainGroup, decision: ShownDecision | undefined, sent: Typed | undefined) {
    const typed = sent?.typed.get(group.key);
    const ticked = typed
      ? [typed['stories[]'] ?? []].flat()
      : (decision?.selections.map((s) => String(s.story_id)) ?? []);
    const shown = new Set(group.stories.map((s) => s.id));
    const chosen = (decision?.selections ?? [])
      .filter((s) => shown.has(s.story_id))
      .map((s) => ({ ...group.stories.find((g) => g.id === s.story_id)!, votesThen: s.votes }));
    return {
      ...group,
      // A chosen story that cannot be shown is counted, never named (as on the feedback page).
      decision: decision && { ...decision, chosen, hidden: decision.selections.length - chosen.length },
      values: {
        reasons: typed ? typed.reasons : decision?.reasons,
        criteria: typed ? typed.criteria : decision?.criteria,
        dissent: typed ? typed.dissent : decision?.dissent,
        chooseNone: typed ? typed.chooseNone === 'yes' : decision?.outcome === 'none',
      },
      stories: group.stories.map((s) => ({ ...s, ticked: ticked.includes(String(s.id)) })),
      errors: sent?.key === group.key ? sent.errors : {},
    };
  }

  async function decidePage(
    request: FastifyRequest,
    reply: FastifyReply,
    round: Round,
    sent?: Typed,
    formError?: string,
    /** The domains typed in but not recorded (null: the stories without a domain). */
    unsaved: (string | null)[] = [],
  ) {
    const groups = await groupsOf(round);
    const byKey = await decisionsOf(round);
    // An inquiry without domains (Appreciative Inquiry) has one decision for the round: no words about domains.
    const domainless = (await listDomains(app.db, { id: round.inquiry_id })).length === 0;
    const summary: FieldErrors = {};
    if (formError) summary._form = formError;
    // One form per domain on this page: the summary names the domain each message is about.
    const pressed = groups.find((g) => g.key === sent?.key);
    const noDomain = () => translator(languageOf(request))('decisions.noDomain') as string;
    const domain = pressed && (pressed.name ?? noDomain());
    // A domain's name is the inquiry's words, in its question language; "No domain" is the page's own.
    const questionLanguage = await questionLanguageOf(app.db, round.inquiry_id);
    const domainLang = pressed?.name ? questionLanguage : undefined;
    const errorFields: Record<string, { text: string; lang?: string }> = {};
    for (const [field, message] of Object.entries(sent?.errors ?? {})) {
      const key = field === '_form' ? '_form' : `${field}-${sent!.key}`;
      summary[key] = message;
      if (domain && key !== '_form' && !domainless) errorFields[key] = { text: domain, lang: domainLang };
    }
    return reply.page('rounds/decide', {
      round,
      open: DECIDING.has(round.stage),
      closed: round.stage === 'closed',
      // Points only where votes were entered in Hearth: a board deciding on paper has none, not zero.
      voted: round.method !== 'consensus' && (await hasBallots(app.db, round.id)),
      groups: groups.map((g) => groupView(g, byKey.get(g.key), sent)),
      domainless,
      questionLanguage,
      errors: summary,
      errorFields,
      unsaved: unsaved.map((name) => ({ text: name ?? noDomain(), lang: name ? questionLanguage : undefined })),
    });
  }

  app.get('/rounds/:roundId/decide', { config: MANAGERS }, async (request, reply) =>
    decidePage(request, reply, await roundOf(request)),
  );

  app.post<{ Body: FormBody }>(
    '/rounds/:roundId/decide',
    { schema: { body: FormBody }, config: { ...MANAGERS, keepsFormOnCsrfFailure: true } },
    async (request, reply) => {
      const round = await roundOf(request);
      const groups = await groupsOf(round);
      const { key, own, typed } = splitDecisionPost(
        request.body ?? {},
        groups.map((g) => g.key),
      );
      const form = readFields(own, DecisionForm, request.csrfValid);
      const group = groups.find((g) => g.key === key);
      const sent = (errors: FieldErrors): Typed => ({ key, typed, errors });
      if (!group) return decidePage(request, reply.code(422), round, sent({}), 'decisions.errors.unknownDomain');
      if (!DECIDING.has(round.stage)) {
        const why = round.stage === 'closed' ? 'decisions.errors.closed' : 'decisions.errors.notYet';
        return decidePage(request, reply.code(422), round, sent({}), why);
      }
      // The checkbox group is posted as stories[]; its message sits beside the group, keyed "stories".
      const errors = form.ok ? checkDecision(group, form.value) : withChoice(group, form.errors, form.values);
      if (!form.ok || Object.keys(errors).length > 0) return decidePage(request, reply.code(422), round, sent(errors));

      const value = form.value;
      const chosen = value.chooseNone
        ? []
        : [...new Set(value['stories[]'].map(Number))].map((id) => ({
            storyId: id,
            votes: group.stories.find((s) => s.id === id)!.votes,
          }));
      const user = signedIn(request);
      await recordDecision(app.db, { id: user.id, name: user.name }, round, {
        domainId: group.domainId,
        outcome: value.chooseNone ? 'none' : 'chosen',
        chosen,
        reasons: value.reasons,
        criteria: value.criteria ?? '',
        dissent: value.dissent ?? '',
      });
      request.session.set('flash', 'decisions.recorded');
      // Typing in other domains, not recorded yet, stays on the page rather than vanishing behind a redirect.
      // Compared with what the page showed: withheld words were never in the form to be typed over.
      const recorded = await decisionsOf(round);
      const unsaved = groups.filter((g) => {
        const d = recorded.get(g.key);
        const ticked = d?.selections.map((s) => String(s.story_id)) ?? [];
        return g.key !== key && isUnsaved(typed.get(g.key), d && { ...d, ticked });
      });
      if (unsaved.length > 0) {
        typed.delete(key);
        return decidePage(
          request,
          reply,
          round,
          sent({}),
          undefined,
          unsaved.map((g) => g.name),
        );
      }
      return reply.redirect(`/alliances/${round.alliance_id}/rounds/${round.id}/decide#domain-${group.key}`, 303);
    },
  );
}

/** With the reasons missing or too long, the story choice is still checked, so one try says everything. */
function withChoice(group: DomainGroup, errors: FieldErrors, values: FormValues): FieldErrors {
  const all = Object.fromEntries(Object.entries(errors).map(([k, v]) => [k === 'stories[]' ? 'stories' : k, v]));
  const choice = checkChoice(group, [values['stories[]'] ?? []].flat(), values.chooseNone === 'yes');
  if (!all.stories && choice) all.stories = choice;
  return all;
}
