/**
 * Risk register verbs (6.1.2, 6.1.3, 8.2, 8.3): create a risk, re-assess it (a new version on the
 * current method), and plan its treatment actions. Each write and its evidence share a transaction.
 */
import { and, eq } from 'drizzle-orm';
import { risks, riskVersions, treatmentActions } from '../../store/schema/index.ts';
import { findAssets } from '../assets.ts';
import type { Actor, Ctx, Place } from '../context.ts';
import { DomainError } from '../errors.ts';
import { appendEvidence } from '../evidence.ts';
import { seqOf } from '../human-ids.ts';
import { dayOf, parseInput } from '../input.ts';
import {
  type ActionInput,
  actionInput,
  type ParsedRisk,
  parseRisk,
  type RiskInput,
  riskRef,
} from './input.ts';
import { checkOnScale, riskLevel } from './level.ts';
import { ensureMethod, type VersionedMethod } from './methods.ts';
import { nextRiskRef } from './refs.ts';
import { getRisk, type RiskView } from './views.ts';

const tx = <T>(ctx: Ctx, fn: (t: Ctx) => T): T =>
  ctx.db.transaction((db) => fn({ ...ctx, db }), { behavior: 'immediate' });

/** Register a new risk as version 1 (with its own `ref` when imported). */
export function createRisk(
  ctx: Ctx,
  actor: Actor,
  input: RiskInput & { ref?: string | undefined },
  place?: Place,
): RiskView {
  const r = parseRisk(input);
  const own =
    input.ref === undefined ? undefined : parseInput(riskRef, input.ref, 'This risk id cannot be used');
  return tx(ctx, (t) => {
    const m = ensureMethod(t, actor, place);
    const assetIds = checkRisk(t, m, r);
    if (own && findRiskId(t, own) !== undefined)
      throw new DomainError('CONFLICT', `The risk id ${own} is already used.`);
    const ref = own ?? nextRiskRef(t);
    const now = ctx.clock.now().toISOString();
    const title = r.title ?? shortTitle(r.scenario);
    const row = t.db
      .insert(risks)
      .values({
        teamId: ctx.teamId,
        ref,
        seq: seqOf('R', ref),
        title,
        status: 'open',
        currentVersion: 1,
        createdBy: actor.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: risks.id })
      .get();
    insertVersion(t, actor, row.id, 1, m, r, assetIds);
    for (const a of r.actions) insertAction(t, actor, row.id, ref, a, place);
    const view = getRisk(t, ref);
    appendEvidence(t, { actor, kind: 'risk.created', subject: `risk:${ref}`, data: evidenceOf(view), place });
    return view;
  });
}

/** A new assessment of an existing risk, on the current method; the old version stays in history. */
export function reassessRisk(ctx: Ctx, actor: Actor, ref: string, input: RiskInput, place?: Place): RiskView {
  const r = parseRisk(input, `Risk ${ref} cannot be re-assessed`);
  return tx(ctx, (t) => {
    const risk = requireRisk(t, ref);
    const m = ensureMethod(t, actor, place);
    const assetIds = checkRisk(t, m, r);
    const version = risk.currentVersion + 1;
    insertVersion(t, actor, risk.id, version, m, r, assetIds);
    t.db
      .update(risks)
      .set({
        currentVersion: version,
        title: r.title ?? risk.title,
        updatedAt: ctx.clock.now().toISOString(),
      })
      .where(and(eq(risks.teamId, ctx.teamId), eq(risks.id, risk.id)))
      .run();
    for (const a of r.actions) insertAction(t, actor, risk.id, risk.ref, a, place);
    const view = getRisk(t, risk.ref);
    appendEvidence(t, {
      actor,
      kind: 'risk.reassessed',
      subject: `risk:${risk.ref}`,
      data: evidenceOf(view),
      place,
    });
    return view;
  });
}

/** Plan a treatment action (6.1.3 e); a due date in the past is refused. */
export function addTreatmentAction(ctx: Ctx, actor: Actor, ref: string, input: ActionInput, place?: Place) {
  const a = parseInput(actionInput, input, 'This treatment action cannot be saved', ACTION_LABELS);
  return tx(ctx, (t) => {
    const risk = requireRisk(t, ref);
    return insertAction(t, actor, risk.id, risk.ref, a, place);
  });
}

export function completeTreatmentAction(ctx: Ctx, actor: Actor, actionId: number, place?: Place) {
  return tx(ctx, (t) => {
    const row = t.db
      .select()
      .from(treatmentActions)
      .where(and(eq(treatmentActions.teamId, ctx.teamId), eq(treatmentActions.id, actionId)))
      .get();
    if (!row) throw new DomainError('NOT_FOUND', `There is no treatment action ${actionId}.`);
    if (row.status === 'done') return row;
    const done = t.db
      .update(treatmentActions)
      .set({ status: 'done', doneBy: actor.userId, doneAt: ctx.clock.now().toISOString() })
      .where(eq(treatmentActions.id, row.id))
      .returning()
      .get();
    appendEvidence(t, {
      actor,
      kind: 'risk.action_done',
      subject: `risk-action:${row.id}`,
      data: { id: row.id, title: row.title },
      place,
    });
    return done;
  });
}

const ACTION_LABELS = { title: 'Action', ownerId: 'Action owner', dueOn: 'Due date' };

function insertAction(
  ctx: Ctx,
  actor: Actor,
  riskId: number,
  ref: string,
  a: { title: string; ownerId: string; dueOn: string },
  place: Place | undefined,
) {
  if (a.dueOn < dayOf(ctx.clock.now()))
    throw new DomainError('VALIDATION', `The due date ${a.dueOn} of "${a.title}" is in the past.`, {
      dueOn: 'The due date is in the past.',
    });
  const row = ctx.db
    .insert(treatmentActions)
    .values({
      teamId: ctx.teamId,
      riskId,
      ...a,
      status: 'open',
      createdBy: actor.userId,
      createdAt: ctx.clock.now().toISOString(),
    })
    .returning()
    .get();
  appendEvidence(ctx, {
    actor,
    kind: 'risk.action_planned',
    subject: `risk:${ref}`,
    data: { id: row.id, ...a },
    place,
  });
  return row;
}

function checkRisk(ctx: Ctx, m: VersionedMethod, r: ParsedRisk): number[] {
  checkOnScale(m.method, r);
  if (r.residualLikelihood !== undefined && r.residualImpact !== undefined)
    checkOnScale(m.method, { likelihood: r.residualLikelihood, impact: r.residualImpact }, 'Residual ');
  return findAssets(ctx, r.assets).map((a) => a.id);
}

function insertVersion(
  ctx: Ctx,
  actor: Actor,
  riskId: number,
  version: number,
  m: VersionedMethod,
  r: ParsedRisk,
  assetIds: number[],
): void {
  ctx.db
    .insert(riskVersions)
    .values({
      teamId: ctx.teamId,
      riskId,
      version,
      methodVersion: m.version,
      title: r.title ?? shortTitle(r.scenario),
      scenario: r.scenario,
      threat: r.threat,
      vulnerability: r.vulnerability,
      assetIds,
      ownerId: r.ownerId,
      likelihood: r.likelihood,
      impact: r.impact,
      treatment: r.treatment ?? null,
      controls: [...new Set(r.controls)],
      treatmentPlan: r.treatmentPlan,
      residualLikelihood: r.residualLikelihood ?? null,
      residualImpact: r.residualImpact ?? null,
      assessedBy: actor.userId,
      assessedAt: ctx.clock.now().toISOString(),
    })
    .run();
  // The level is computed here only to fail early on a broken stored method, never stored.
  riskLevel(m.method, r);
}

export function findRiskId(ctx: Ctx, ref: string): number | undefined {
  return ctx.db
    .select({ id: risks.id })
    .from(risks)
    .where(and(eq(risks.teamId, ctx.teamId), eq(risks.ref, ref.trim())))
    .get()?.id;
}

export function requireRisk(ctx: Ctx, ref: string) {
  const row = ctx.db
    .select()
    .from(risks)
    .where(and(eq(risks.teamId, ctx.teamId), eq(risks.ref, ref.trim())))
    .get();
  if (!row) throw new DomainError('NOT_FOUND', `There is no risk ${ref}.`);
  return row;
}

const shortTitle = (s: string) => (s.length <= 80 ? s : `${s.slice(0, 79)}…`);

function evidenceOf(v: RiskView) {
  return {
    ref: v.ref,
    version: v.version,
    methodVersion: v.methodVersion,
    title: v.title,
    scenario: v.scenario,
    assets: v.assets.map((a) => a.ref),
    ownerId: v.ownerId,
    inherent: { likelihood: v.likelihood, impact: v.impact, level: v.inherent.id },
    treatment: v.treatment,
    controls: v.controls,
    residual: v.residual ? { ...v.residual, level: v.residualLevel?.id } : null,
  };
}
