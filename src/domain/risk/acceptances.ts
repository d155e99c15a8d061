/**
 * Deciding on a residual risk (6.1.3 f, 8.3): the risk owner accepts or declines with a
 * justification and an expiry inside the criteria's limit; management follows when the criteria
 * say so. Decisions are append-only rows that freeze the residual rating; evidence in the same
 * transaction. Also the method-change guard: a new method may not strand open acceptances.
 */
import { z } from 'zod';
import { riskAcceptances } from '../../store/schema/index.ts';
import type { Actor, Ctx, Place } from '../context.ts';
import { DomainError } from '../errors.ts';
import { appendEvidence } from '../evidence.ts';
import { isoDate, parseInput } from '../input.ts';
import { holdersOf, rolesOf } from '../roles.ts';
import { type AcceptanceStatus, expiryProblem, inForce, survivesMethod } from './acceptance.ts';
import type { RiskMethod } from './method.ts';
import { type MethodInput, setRiskMethod, type VersionedMethod } from './methods.ts';
import { getRisk, listRiskViews, type RiskView } from './views.ts';

export const decisionInput = z.object({
  decision: z.enum(['accepted', 'declined'], { message: 'must be accepted or declined' }),
  justification: z.string().trim().min(10, 'needs a sentence or two (at least 10 characters)').max(2000),
  /** Required to accept; the last day the acceptance is in force. */
  expiresOn: isoDate.nullish(),
});
export type DecisionInput = z.input<typeof decisionInput>;

const LABELS = { decision: 'Decision', justification: 'Justification', expiresOn: 'Expiry' };

/** Who decides in management's place: top management, or the ISMS owner while nobody holds it. */
export function decidesForManagement(ctx: Ctx, userId: string): boolean {
  const management = holdersOf(ctx, 'management');
  return management.length > 0
    ? management.some((p) => p.userId === userId)
    : rolesOf(ctx, userId).includes('owner'); // nobody holds management: the ISMS owner stands in
}

/** Who may take the decision a risk is waiting for: its owner, or management after the owner. */
export function mayDecide(ctx: Ctx, view: RiskView, userId: string): boolean {
  if (view.acceptance.next === 'management') return decidesForManagement(ctx, userId);
  return view.acceptance.next === 'owner' && view.ownerId === userId;
}

export function decideAcceptance(
  ctx: Ctx,
  actor: Actor,
  ref: string,
  input: DecisionInput,
  place?: Place,
): { view: RiskView; status: AcceptanceStatus } {
  const d = parseInput(decisionInput, input, `Risk ${ref} cannot be decided`, LABELS);
  // Checked first outside the transaction so that a refusal's evidence is not rolled back with it.
  checkDecider(ctx, actor, getRisk(ctx, ref), d.decision, place);
  return ctx.db.transaction(
    (db) => {
      const t = { ...ctx, db };
      const view = getRisk(t, ref);
      const role = checkDecider(t, actor, view, d.decision, place);
      const { level } = view.acceptance;
      if (!level || !view.residual) throw new Error('unreachable: checked by checkDecider');
      const expiresOn = d.decision === 'accepted' ? (d.expiresOn ?? null) : null;
      if (d.decision === 'accepted') {
        if (!expiresOn)
          throw new DomainError('VALIDATION', 'An acceptance needs an expiry date.', {
            expiresOn: 'Give an expiry.',
          });
        const message = expiryProblem(level, expiresOn, ctx.clock.now());
        if (message) throw new DomainError('VALIDATION', message, { expiresOn: message });
      }
      const row = db
        .insert(riskAcceptances)
        .values({
          teamId: ctx.teamId,
          riskId: view.id,
          riskVersion: view.version,
          decision: d.decision,
          role,
          decidedBy: actor.userId,
          justification: d.justification,
          methodVersion: view.methodVersion,
          residualLikelihood: view.residual.likelihood,
          residualImpact: view.residual.impact,
          residualLevel: level.id,
          criteriaBy: level.acceptance.by,
          criteriaMaxDays: level.acceptance.maxDays,
          expiresOn,
          decidedAt: ctx.clock.now().toISOString(),
        })
        .returning()
        .get();
      appendEvidence(t, {
        actor,
        kind: d.decision === 'accepted' ? 'risk.accepted' : 'risk.declined',
        subject: `risk:${view.ref}`,
        data: { ...row, ref: view.ref, levelName: level.name },
        place,
      });
      const after = getRisk(t, view.ref);
      return { view: after, status: after.acceptance };
    },
    { behavior: 'immediate' },
  );
}

/**
 * A decision taken by mistake, withdrawn (never edited): a `superseded` row names the decision in
 * force it withdraws, with who and why, so the risk waits for that decision again. `expected` is what
 * the caller believes the decision was; anything else (it was withdrawn already, a later one came) is
 * a CONFLICT and nothing is stored. Who may correct is the workflow runtime's rule, checked before.
 */
export function supersedeAcceptance(
  ctx: Ctx,
  actor: Actor,
  ref: string,
  input: { reason: string; expected: { decision: 'accepted' | 'declined'; decidedBy: string } },
  place?: Place,
): RiskView {
  const reason = input.reason.trim();
  if (!reason) throw new DomainError('VALIDATION', 'Say why the decision is superseded.');
  return ctx.db.transaction(
    (db) => {
      const t = { ...ctx, db };
      const view = getRisk(t, ref);
      const last = inForce(view.acceptances).at(-1);
      if (!last || last.decision !== input.expected.decision || last.decidedBy !== input.expected.decidedBy)
        throw new DomainError(
          'CONFLICT',
          `The decision on ${view.ref} that was to be superseded is no longer the one in force; nothing was changed.`,
        );
      const { id: _id, ...frozen } = last;
      const row = db
        .insert(riskAcceptances)
        .values({
          ...frozen,
          decision: 'superseded',
          decidedBy: actor.userId,
          justification: reason,
          expiresOn: null,
          decidedAt: ctx.clock.now().toISOString(),
          supersedes: last.id,
        })
        .returning()
        .get();
      appendEvidence(t, {
        actor,
        kind: 'risk.decision_superseded',
        subject: `risk:${view.ref}`,
        data: { ...row, ref: view.ref, superseded: { decision: last.decision, decidedBy: last.decidedBy } },
        place,
      });
      return getRisk(t, view.ref);
    },
    { behavior: 'immediate' },
  );
}

/** Refuse a decision the risk is not waiting for, or from someone who may not take it. */
function checkDecider(
  ctx: Ctx,
  actor: Actor,
  view: RiskView,
  decision: string,
  place: Place | undefined,
): 'owner' | 'management' {
  const { state, next, level } = view.acceptance;
  if (state === 'not_rated')
    throw new DomainError('VALIDATION', `Rate the residual risk of ${view.ref} before deciding on it.`);
  if (state === 'must_treat' || !level || !view.residual)
    throw new DomainError(
      'CONFLICT',
      `${view.ref} is ${level?.name ?? 'at a level'} after treatment, which nobody may accept: treat it further.`,
    );
  // A renewal before expiry is the owner's, like a first acceptance.
  const role = next ?? 'owner';
  if (mayDecide(ctx, { ...view, acceptance: { ...view.acceptance, next: role } }, actor.userId)) return role;
  appendEvidence(ctx, {
    actor,
    kind: 'risk.decision_refused',
    subject: `risk:${view.ref}`,
    data: { ref: view.ref, wanted: role, decision },
    place,
  });
  throw new DomainError(
    'FORBIDDEN',
    role === 'owner'
      ? `Only the risk owner (<@${view.ownerId}>) can decide on ${view.ref}.`
      : `${view.ref} now waits for top management's decision.`,
  );
}

/** Risks whose acceptance in force was judged by criteria `next` no longer has. */
export function strandedAcceptances(ctx: Ctx, next: RiskMethod): string[] {
  return listRiskViews(ctx)
    .filter((v) => v.status === 'open')
    .filter((v) => {
      const open = ['accepted', 'pending_management', 'expired'].includes(v.acceptance.state);
      const last = inForce(v.acceptances).at(-1);
      return open && last !== undefined && !survivesMethod(last, next);
    })
    .map((v) => v.ref);
}

/** Set a new method version unless it would strand open acceptances (name them). */
export function changeRiskMethod(ctx: Ctx, actor: Actor, input: MethodInput, place?: Place): VersionedMethod {
  return setRiskMethod(ctx, actor, input, place, (t, next) => {
    const refs = strandedAcceptances(t, next);
    if (refs.length > 0)
      throw new DomainError(
        'CONFLICT',
        `This method would leave open acceptances judged by criteria it no longer has: ${refs.join(', ')}. Re-assess those risks first, or keep their levels and criteria.`,
        { risks: refs.join(',') },
      );
  });
}

/** Accepted risks whose acceptance ends on or before `by` (YYYY-MM-DD): re-review reminders. */
export function acceptancesExpiring(ctx: Ctx, by: string) {
  return listRiskViews(ctx)
    .filter((v) => v.status === 'open' && v.acceptance.state === 'accepted')
    .flatMap((v) => {
      const expiresOn = v.acceptance.current?.expiresOn;
      return expiresOn && expiresOn <= by ? [{ ref: v.ref, ownerId: v.ownerId, expiresOn }] : [];
    });
}
