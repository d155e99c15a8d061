/**
 * People who leave: Slack says an account is deactivated (`user_change` with `deleted`), and the
 * steps waiting for them go to the ISMS owner, who acts or hands each one to someone else. Both
 * facts are evidence; nothing about the person is deleted.
 */
import { and, eq } from 'drizzle-orm';
import { people, stepAssignees } from '../store/schema/index.ts';
import type { Actor, Ctx, Place } from './context.ts';
import { DomainError } from './errors.ts';
import { appendEvidence } from './evidence.ts';
import { isUserId } from './person.ts';

export function hasLeft(ctx: Ctx, userId: string): boolean {
  const row = ctx.db
    .select({ at: people.deactivatedAt })
    .from(people)
    .where(and(eq(people.teamId, ctx.teamId), eq(people.userId, userId)))
    .get();
  return Boolean(row?.at);
}

/** The person a step was handed to, while the instance stays on it. */
export function handedTo(ctx: Ctx, instanceId: string, step: string): string | undefined {
  return ctx.db
    .select({ userId: stepAssignees.userId })
    .from(stepAssignees)
    .where(
      and(
        eq(stepAssignees.teamId, ctx.teamId),
        eq(stepAssignees.instanceId, instanceId),
        eq(stepAssignees.step, step),
      ),
    )
    .get()?.userId;
}

/**
 * Record that Slack deactivated (or reactivated) an account. Returns true when that changed
 * anything: Slack sends `user_change` for every profile edit, and a repeat records nothing.
 */
export function recordAccountState(ctx: Ctx, userId: string, deactivated: boolean): boolean {
  if (!isUserId(userId)) return false;
  const now = ctx.clock.now().toISOString();
  return ctx.db.transaction((tx) => {
    const t = { ...ctx, db: tx };
    if (hasLeft(t, userId) === deactivated) return false;
    // Only people the ISMS knows matter; a stranger's deactivation is not the ISMS's business.
    const known = tx
      .select({ userId: people.userId })
      .from(people)
      .where(and(eq(people.teamId, ctx.teamId), eq(people.userId, userId)))
      .get();
    if (!known && !deactivated) return false;
    tx.insert(people)
      .values({
        teamId: ctx.teamId,
        userId,
        roles: [],
        deactivatedAt: deactivated ? now : null,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoUpdate({
        target: [people.teamId, people.userId],
        set: { deactivatedAt: deactivated ? now : null, updatedAt: now },
      })
      .run();
    appendEvidence(t, {
      actor: { userId: 'system', name: 'isms-bot' },
      kind: deactivated ? 'person.left' : 'person.returned',
      subject: userId,
      data: { userId, source: 'Slack user_change' },
    });
    return true;
  });
}

export interface HandOver {
  readonly instanceId: string;
  readonly step: string;
  readonly from: readonly string[];
  readonly to: string;
  readonly reason: string;
  readonly actor: Actor;
  readonly place?: Place | undefined;
  readonly via?: string | undefined;
}

/** The ISMS owner hands the current step to someone else (checked by the caller: owner only). */
export function recordHandOver(ctx: Ctx, h: HandOver): void {
  if (!isUserId(h.to))
    throw new DomainError('VALIDATION', 'Mention the person to hand the step to, e.g. `@dana`.');
  if (hasLeft(ctx, h.to))
    throw new DomainError('VALIDATION', `<@${h.to}> has left the workspace: pick someone else.`);
  const now = ctx.clock.now().toISOString();
  ctx.db
    .insert(stepAssignees)
    .values({
      teamId: ctx.teamId,
      instanceId: h.instanceId,
      step: h.step,
      userId: h.to,
      assignedBy: h.actor.userId,
      createdAt: now,
    })
    .onConflictDoUpdate({
      target: [stepAssignees.instanceId, stepAssignees.step],
      set: { userId: h.to, assignedBy: h.actor.userId, createdAt: now },
    })
    .run();
  appendEvidence(ctx, {
    actor: h.actor,
    kind: 'step.handed-over',
    subject: h.instanceId,
    step: h.step,
    data: { from: h.from, to: h.to, reason: h.reason, ...(h.via ? { via: h.via } : {}) },
    place: h.place,
  });
}

/** Hand-overs end when the step moves on (deleted in the transition's transaction). */
export function clearHandOvers(ctx: Ctx, instanceId: string): void {
  ctx.db
    .delete(stepAssignees)
    .where(and(eq(stepAssignees.teamId, ctx.teamId), eq(stepAssignees.instanceId, instanceId)))
    .run();
}
