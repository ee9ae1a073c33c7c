/** Setting up a round: the inquiry's rounds, making and changing one, picking its stories, and its hub with the stage. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { listTags } from '../codebook/tags-store.ts';
import { findInquiry, listDomains, loadGuide } from '../inquiries/inquiries-store.ts';
import { inquiryOf, inquiryPath } from '../inquiries/route-helpers.ts';
import { ROUND_STAGES, SELECTION_METHODS, VOTING_MODES, type Inquiry, type Round } from '../db/schema.ts';
import { membershipOf, signedIn } from '../web/auth.ts';
import { notFound } from '../web/errors.ts';
import { readForm, type FieldErrors, type FormValues } from '../web/forms.ts';
import { idParam } from '../web/params.ts';
import { linkTo } from '../web/public-link.ts';
import { Fields, FormBody } from '../web/schemas.ts';
import { listMembers } from '../accounts/members-store.ts';
import { rolesFor } from '../accounts/permissions.ts';
import { showJoinCode } from './codes.ts';
import { addToPanel, panelParticipants } from './participants-store.ts';
import { readingMinutes } from '../stories/text.ts';
import { themeChoices } from '../themes/themes-store.ts';
import { findRound, roundDomains, roundStories } from './rounds-store.ts';
import {
  FILTER_FIELDS,
  PanelForm,
  PICK_STATUSES,
  RoundForm,
  StoriesForm,
  checkRound,
  plainNames,
  readFilters,
  roundValues,
  type RoundContext,
} from './setup-forms.ts';
import { addStories, bringInPassedUp, listCandidates, removeStory } from './picking-store.ts';
import {
  createRound,
  listRoundSummaries,
  roundSourceIds,
  roundUsers,
  setStage,
  undecidedDomains,
  updateRound,
} from './setup-store.ts';
import {
  canChangeMethod,
  canPickStories,
  nextStage,
  pastReading,
  previousStage,
  stageProblem,
  stagesFor,
} from './stages.ts';

/** Managing a round is for coordinators and facilitators. */
const MANAGE = { roles: rolesFor('runRounds') };
const MANAGE_FORM = { ...MANAGE, keepsFormOnCsrfFailure: true };

export const roundPath = (round: Pick<Round, 'alliance_id' | 'id'>) =>
  `/alliances/${round.alliance_id}/rounds/${round.id}`;

type Form = { errors?: FieldErrors; values?: FormValues };

export async function setupRoutes(app: FastifyInstance): Promise<void> {
  async function roundOf(request: FastifyRequest): Promise<{ round: Round; inquiry: Inquiry }> {
    const allianceId = membershipOf(request).alliance_id;
    const round = await findRound(app.db, allianceId, idParam(request, 'roundId'));
    const inquiry = round && (await findInquiry(app.db, allianceId, round.inquiry_id));
    if (!round || !inquiry) throw notFound();
    return { round, inquiry };
  }

  app.get('/inquiries/:inquiryId/rounds', { config: MANAGE }, async (request, reply) => {
    const inquiry = await inquiryOf(app, request);
    const levels = new Map<number, Awaited<ReturnType<typeof listRoundSummaries>>>();
    for (const r of await listRoundSummaries(app.db, inquiry)) levels.set(r.level, [...(levels.get(r.level) ?? []), r]);
    return reply.page('rounds/list', {
      inquiry,
      base: inquiryPath(inquiry),
      levels: [...levels].map(([level, rounds]) => ({ level, rounds })),
      navInquiries: true,
    });
  });

  async function context(
    inquiry: Inquiry,
    round?: Round,
  ): Promise<RoundContext & { guideDomains: { id: number; name: string }[]; others: Round[] }> {
    const [guide, rounds] = await Promise.all([loadGuide(app.db, inquiry), listRoundSummaries(app.db, inquiry)]);
    const self = round && {
      id: round.id,
      method: round.method,
      dots: round.dots,
      methodLocked: !canChangeMethod(round),
      usedBy: await roundUsers(app.db, round.id),
    };
    return {
      domains: guide.domains,
      guideDomains: guide.domains,
      rounds,
      others: rounds.filter((r) => r.id !== round?.id),
      self,
    };
  }

  async function formPage(
    reply: FastifyReply,
    template: 'rounds/new' | 'rounds/edit',
    inquiry: Inquiry,
    round: Round | undefined,
    form: Form,
  ) {
    const ctx = await context(inquiry, round);
    const values = form.values ?? {};
    const list = (name: string) => ([] as string[]).concat(values[name] ?? []);
    const radio = (name: string, options: readonly string[], fallback: string) =>
      options.map((o) => ({
        id: `field-${name}-${o}`,
        value: o,
        labelKey: `rounds.${name}s.${o}`,
        checked: (values[name] ?? fallback) === o,
      }));
    return reply.page(template, {
      inquiry,
      round,
      base: inquiryPath(inquiry),
      action: round ? `${roundPath(round)}/edit` : `${inquiryPath(inquiry)}/rounds/new`,
      values,
      errors: plainNames(form.errors ?? {}),
      domains: ctx.guideDomains.map((d) => ({
        id: `field-domains-${d.id}`,
        value: String(d.id),
        label: d.name,
        checked: list('domains[]').includes(String(d.id)),
      })),
      methods: radio('method', SELECTION_METHODS, 'dots'),
      votings: radio('voting', VOTING_MODES, 'live'),
      sources: ctx.others.map((r) => ({
        id: `field-sources-${r.id}`,
        value: String(r.id),
        label: r.name,
        level: r.level, // shown as "Table 1 — level 1": a bare "(1)" did not say it was the level
        checked: list('sources[]').includes(String(r.id)),
      })),
      methodLocked: ctx.self?.methodLocked ?? false,
      navInquiries: true,
    });
  }

  app.get('/inquiries/:inquiryId/rounds/new', { config: MANAGE }, async (request, reply) => {
    return formPage(reply, 'rounds/new', await inquiryOf(app, request), undefined, {
      values: { dots: '3', shuffle: 'yes' },
    });
  });

  app.post('/inquiries/:inquiryId/rounds/new', { config: MANAGE_FORM }, async (request, reply) => {
    const inquiry = await inquiryOf(app, request);
    const form = readForm(request, RoundForm);
    if (!form.ok) return formPage(reply.code(422), 'rounds/new', inquiry, undefined, form);
    const checked = checkRound(form.value, await context(inquiry));
    if (!checked.ok)
      return formPage(reply.code(422), 'rounds/new', inquiry, undefined, {
        errors: checked.errors,
        values: form.values,
      });
    const round = await createRound(app.db, signedIn(request), inquiry, checked.fields);
    request.session.set('flash', 'rounds.flash.created');
    return reply.redirect(roundPath(round), 303);
  });

  app.get('/rounds/:roundId/edit', { config: MANAGE }, async (request, reply) => {
    const { round, inquiry } = await roundOf(request);
    const values = roundValues(
      round,
      (await roundDomains(app.db, round.id)).map((d) => d.id),
      await roundSourceIds(app.db, round.id),
    );
    return formPage(reply, 'rounds/edit', inquiry, round, { values });
  });

  app.post('/rounds/:roundId/edit', { config: MANAGE_FORM }, async (request, reply) => {
    const { round, inquiry } = await roundOf(request);
    const form = readForm(request, RoundForm);
    if (!form.ok) return formPage(reply.code(422), 'rounds/edit', inquiry, round, form);
    if (round.stage === 'closed')
      return formPage(reply.code(422), 'rounds/edit', inquiry, round, {
        errors: { _form: 'rounds.errors.closed' },
        values: form.values,
      });
    const checked = checkRound(form.value, await context(inquiry, round));
    if (!checked.ok)
      return formPage(reply.code(422), 'rounds/edit', inquiry, round, { errors: checked.errors, values: form.values });
    await updateRound(app.db, signedIn(request), round, checked.fields);
    request.session.set('flash', 'rounds.flash.updated');
    return reply.redirect(roundPath(round), 303);
  });

  async function hubPage(
    request: FastifyRequest,
    reply: FastifyReply,
    round: Round,
    inquiry: Inquiry,
    stageError?: { message: string; domains?: string },
    panelError?: string,
  ) {
    const [domains, stories, participants, members] = await Promise.all([
      roundDomains(app.db, round.id),
      roundStories(app.db, round),
      panelParticipants(app.db, round),
      listMembers(app.db, round.alliance_id),
    ]);
    const onPanel = new Set(participants.map((p) => p.user_id));
    const voted = round.method !== 'consensus';
    return reply.page('rounds/round', {
      pageTitle: round.name,
      round,
      inquiry,
      base: roundPath(round),
      inquiryBase: inquiryPath(inquiry),
      domains,
      // An inquiry without domains (Appreciative Inquiry): no domain fact or column.
      domainless: (await listDomains(app.db, inquiry)).length === 0,
      stages: stagesFor(round.method).map((s) => ({ name: s, current: s === round.stage })),
      next: nextStage(round),
      previous: previousStage(round),
      stageError,
      // What closing would refuse for, said before the button (the domains' names; "" for the stories without one).
      stillToDecide: nextStage(round) === 'closed' ? await undecidedDomains(app.db, round) : [],
      code: round.stage === 'closed' ? null : showJoinCode(round.join_code),
      joinUrl: linkTo(app, '/join'),
      stories: stories.map((s) => ({ ...s, minutes: readingMinutes(s.word_count) })),
      minutes: stories.reduce((sum, s) => sum + readingMinutes(s.word_count), 0),
      participants,
      // Members not yet on the panel, for the facilitator to add (readers can take part no other way).
      addable:
        round.stage === 'closed'
          ? []
          : members
              .filter((m) => !onPanel.has(m.user_id))
              .map((m) => ({ value: String(m.membership_id), label: m.name, role: m.role })),
      panelErrors: panelError ? { member: panelError } : {},
      canPick: canPickStories(round),
      links: { tallies: voted, paper: voted, decide: pastReading(round) },
      navInquiries: true,
    });
  }

  app.get('/rounds/:roundId', { config: MANAGE }, async (request, reply) => {
    const { round, inquiry } = await roundOf(request);
    return hubPage(request, reply, round, inquiry);
  });

  app.post<{ Body: FormBody }>(
    '/rounds/:roundId/stage',
    { schema: { body: FormBody }, config: MANAGE },
    async (request, reply) => {
      const { round, inquiry } = await roundOf(request);
      const to = ROUND_STAGES.find((stage) => stage === request.body?.to);
      const undecided = to === 'closed' ? await undecidedDomains(app.db, round) : [];
      const problem = stageProblem(round, to ?? '', {
        stories: (await roundStories(app.db, round)).length,
        undecided: undecided.map((d) => d.name),
      });
      if (problem || !to) {
        const domains = problem && 'domains' in problem ? problem.domains.map((d) => d || '—').join(', ') : undefined;
        // Stories told with no domain (all of an Appreciative Inquiry's): one decision to record, no "—" to name.
        const oneDecision = problem && 'domains' in problem && problem.domains.every((d) => !d);
        return hubPage(request, reply.code(422), round, inquiry, {
          message: oneDecision ? 'rounds.stage.undecidedOne' : (problem?.message ?? 'rounds.stage.notAllowed'),
          domains,
        });
      }
      await setStage(app.db, signedIn(request), round, to);
      request.session.set('flash', 'rounds.flash.stageChanged');
      return reply.redirect(roundPath(round), 303);
    },
  );

  app.post('/rounds/:roundId/participants', { config: MANAGE_FORM }, async (request, reply) => {
    const { round, inquiry } = await roundOf(request);
    const form = readForm(request, PanelForm);
    const membershipId = form.ok ? Number(form.value.member) : NaN;
    const member = (await listMembers(app.db, round.alliance_id)).find((m) => m.membership_id === membershipId);
    if (!member) return hubPage(request, reply.code(422), round, inquiry, undefined, 'rounds.round.errors.member');
    if (round.stage === 'closed')
      return hubPage(request, reply.code(422), round, inquiry, undefined, 'rounds.errors.closed');
    await addToPanel(app.db, signedIn(request), round, { id: member.user_id, name: member.name });
    request.session.set('flash', 'rounds.flash.addedToPanel');
    return reply.redirect(`${roundPath(round)}#participants`, 303);
  });

  async function storiesPage(
    reply: FastifyReply,
    round: Round,
    inquiry: Inquiry,
    source: Record<string, unknown>,
    extra: Form = {},
  ) {
    const [choices, stories, sources] = await Promise.all([
      filterChoices(inquiry, round),
      roundStories(app.db, round),
      roundSourceIds(app.db, round.id),
    ]);
    const read = readFilters(source, choices);
    const errors = { ...read.errors, ...plainNames(extra.errors ?? {}) };
    const filtersOk = Object.keys(read.errors).length === 0;
    const candidates =
      filtersOk && canPickStories(round)
        ? await listCandidates(app.db, round, read.filters)
        : { stories: [], total: 0 };
    const ticked = ([] as string[]).concat(extra.values?.['story[]'] ?? []);
    return reply.code(Object.keys(errors).length ? 422 : (reply.statusCode ?? 200)).page('rounds/stories', {
      round,
      inquiry,
      base: roundPath(round),
      values: read.values,
      filterValues: FILTER_FIELDS.map((name) => ({ name, value: read.values[name] ?? '' })),
      errors,
      choices: {
        ...choices,
        statuses: PICK_STATUSES,
        attributes: choices.attributes.map((a) => ({ id: a.id, name: a.label })),
      },
      stories: stories.map((s) => ({ ...s, minutes: readingMinutes(s.word_count) })),
      minutes: stories.reduce((sum, s) => sum + readingMinutes(s.word_count), 0),
      candidates: candidates.stories.map((c) => ({
        ...c,
        minutes: readingMinutes(c.word_count),
        checked: ticked.includes(String(c.id)),
      })),
      total: candidates.total,
      more: candidates.total > candidates.stories.length,
      canPick: canPickStories(round),
      hasSources: sources.length > 0,
      navInquiries: true,
    });
  }

  app.get<{ Querystring: Fields }>(
    '/rounds/:roundId/stories',
    { schema: { querystring: Fields }, config: MANAGE },
    async (request, reply) => {
      const { round, inquiry } = await roundOf(request);
      return storiesPage(reply, round, inquiry, request.query);
    },
  );

  app.post('/rounds/:roundId/stories', { config: MANAGE_FORM }, async (request, reply) => {
    const { round, inquiry } = await roundOf(request);
    const form = readForm(request, StoriesForm);
    if (!form.ok) return storiesPage(reply.code(422), round, inquiry, form.values, form);
    if (!canPickStories(round))
      return storiesPage(reply.code(422), round, inquiry, form.values, { errors: { _form: 'rounds.stories.locked' } });
    const actor = signedIn(request);
    const { intent, 'story[]': story } = form.value;
    if (intent === 'remove') {
      if (!(await removeStory(app.db, actor, round, Number(story[0] ?? 0)))) throw notFound();
      request.session.set('flash', 'rounds.flash.removed');
    } else if (intent === 'passUp') {
      const added = await bringInPassedUp(app.db, actor, round);
      request.session.set('flash', added > 0 ? 'rounds.flash.passedUp' : 'rounds.flash.nonePassedUp');
    } else {
      const { filters, errors } = readFilters(form.values, await filterChoices(inquiry, round));
      if (Object.keys(errors).length)
        return storiesPage(reply.code(422), round, inquiry, form.values, { errors, values: form.values });
      if (intent === 'add' && story.length === 0)
        return storiesPage(reply.code(422), round, inquiry, form.values, {
          errors: { story: 'rounds.stories.errors.noneTicked' },
        });
      const added = await addStories(
        app.db,
        actor,
        round,
        filters,
        intent === 'addAll' ? { all: true } : { ids: story.map(Number) },
      );
      request.session.set('flash', added > 0 ? 'rounds.flash.added' : 'rounds.flash.noneAdded');
    }
    const query = new URLSearchParams(
      FILTER_FIELDS.flatMap((f) => {
        const value = form.values[f];
        return typeof value === 'string' && value !== '' ? [[f, value]] : [];
      }),
    );
    return reply.redirect(`${roundPath(round)}/stories${query.size ? `?${query}` : ''}`, 303);
  });

  async function filterChoices(inquiry: Inquiry, round: Round) {
    const [guide, domains, themes, tags] = await Promise.all([
      loadGuide(app.db, inquiry),
      roundDomains(app.db, round.id),
      themeChoices(app.db, inquiry),
      listTags(app.db, inquiry),
    ]);
    return { domains: domains.length ? domains : guide.domains, themes, tags, attributes: guide.attributes };
  }
}
