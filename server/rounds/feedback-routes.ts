/**
 * Feedback (MSC step 6): what the panel chose and why, the votes for every story it read, and why lower panels had
 * chosen the stories passed up to it. Printable, readable by every role; marking it sent lets storytellers see it.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { rolesFor } from '../accounts/permissions.ts';
import { namesOf } from '../accounts/users-store.ts';
import type { Round } from '../db/schema.ts';
import { findInquiry, listDomains } from '../inquiries/inquiries-store.ts';
import { audienceOf } from '../stories/consent.ts';
import { membershipOf, signedIn } from '../web/auth.ts';
import { notFound } from '../web/errors.ts';
import { idParam } from '../web/params.ts';
import { ruleCount } from './ballots.ts';
import { domainGroups, NO_DOMAIN } from './decision-forms.ts';
import { listDecisions, markFeedbackSent } from './decisions-store.ts';
import { findRound, roundDomains, roundStories } from './rounds-store.ts';
import { earlierSelections } from './selections-store.ts';
import { hasBallots, roundTallies } from './tally-store.ts';

export async function feedbackRoutes(app: FastifyInstance): Promise<void> {
  async function roundOf(request: FastifyRequest): Promise<Round> {
    const round = await findRound(app.db, membershipOf(request).alliance_id, idParam(request, 'roundId'));
    if (!round) throw notFound();
    return round;
  }

  async function feedbackPage(request: FastifyRequest, reply: FastifyReply, round: Round, formError?: string) {
    // Everything shown comes through roundStories: consented to panels, not withdrawn, anonymous names blanked; and
    // for a reader (often a funder) only stories shared with funders, with no teller's name.
    const audience = audienceOf(membershipOf(request).role);
    const [domains, stories, tallies, decisions, counted] = await Promise.all([
      roundDomains(app.db, round.id),
      roundStories(app.db, round, audience),
      roundTallies(app.db, round, audience),
      listDecisions(app.db, round.id),
      hasBallots(app.db, round.id),
    ]);
    const groups = domainGroups(domains, stories, tallies);
    const byKey = new Map(decisions.map((d) => [d.domain_id === null ? NO_DOMAIN : String(d.domain_id), d]));
    const earlier = await earlierSelections(
      app.db,
      round,
      stories.map((s) => s.id),
      audience,
    );
    const shown = groups.map((g) => {
      const decision = byKey.get(g.key);
      const chosen = (decision?.selections ?? []).flatMap((s) => {
        const story = g.stories.find((x) => x.id === s.story_id);
        return story ? [{ ...story, votesThen: s.votes }] : [];
      });
      // A chosen story this reader may not see (kept from funders, withdrawn) is counted, never shown; and the
      // panel's reasons, which speak of it, are withheld. The decision itself still shows it was made.
      const hidden = (decision?.selections.length ?? 0) - chosen.length;
      return { ...g, decision: decision ? { ...decision, chosen, hidden, withheld: hidden > 0 } : undefined };
    });
    const passedUp = stories
      .map((s) => ({ ...s, reasons: earlier.filter((e) => e.story_id === s.id) }))
      .filter((s) => s.reasons.length > 0);
    const decidedAt = decisions
      .map((d) => d.decided_at)
      .sort()
      .pop();
    const names = await namesOf(app.db, [round.feedback_sent_by]);
    // A ranking's places come from the stories its participants ranked, which a funder may see fewer of.
    const ranked = audience === 'team' ? stories : await roundStories(app.db, round);
    return reply.page('rounds/feedback', {
      round,
      // A printed sheet handed round says which inquiry it is about.
      inquiry: await findInquiry(app.db, round.alliance_id, round.inquiry_id),
      decidedAt,
      // A board that chose on paper without typing the tallies in, or whose ballots were never entered, has no
      // counts: "0 points" beside each story would say nobody wanted it.
      voted: round.method !== 'consensus' && counted,
      rule: ruleCount({ ...round, storyIds: ranked.map((s) => s.id) }),
      consensus: round.method === 'consensus',
      groups: shown,
      // An inquiry without domains (Appreciative Inquiry): one decision, no "No domain" heading or column.
      domainless: (await listDomains(app.db, { id: round.inquiry_id })).length === 0,
      read: groups.flatMap((g) => g.stories.map((s) => ({ ...s, group: g.name }))),
      passedUp,
      sentBy: round.feedback_sent_by === null ? undefined : names.get(round.feedback_sent_by),
      funders: audience === 'funders',
      errors: formError ? { _form: formError } : {},
    });
  }

  app.get('/rounds/:roundId/feedback', { config: { roles: rolesFor('readFeedback') } }, async (request, reply) =>
    feedbackPage(request, reply, await roundOf(request)),
  );

  app.post('/rounds/:roundId/feedback/sent', { config: { roles: rolesFor('runRounds') } }, async (request, reply) => {
    const round = await roundOf(request);
    // Storytellers would read "panels read your story" on their receipts: only once the panel has decided something.
    if ((await listDecisions(app.db, round.id)).length === 0)
      return feedbackPage(request, reply.code(422), round, 'feedback.errors.noDecisions');
    const user = signedIn(request);
    const marked = await markFeedbackSent(app.db, { id: user.id, name: user.name }, round);
    request.session.set('flash', marked ? 'feedback.markedSent' : 'feedback.alreadySent');
    return reply.redirect(`/alliances/${round.alliance_id}/rounds/${round.id}/feedback`, 303);
  });
}
