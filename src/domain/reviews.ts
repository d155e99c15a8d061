/**
 * Management reviews in the store (9.3): the approved record and minutes (locked by trigger once
 * written) and its action items (9.3.3), which the next review carries forward (9.3.2 a). Call the
 * writers inside the transaction of the step that decided them.
 */
import { and, asc, desc, eq } from 'drizzle-orm';
import { managementReviews, reviewActions } from '../store/schema/index.ts';
import type { Actor, Ctx } from './context.ts';
import { DomainError } from './errors.ts';
import type { MinutesDoc } from './review-minutes.ts';

export type ReviewRow = typeof managementReviews.$inferSelect;
export type ReviewActionRow = typeof reviewActions.$inferSelect;

export function saveApprovedReview(
  ctx: Ctx,
  r: {
    ref: string;
    instanceId: string;
    heldOn: string;
    chairId: string;
    doc: MinutesDoc;
    minutes: string;
    approvedBy: string;
    actions: readonly { ref: string; text: string; owner: string; due: string }[];
  },
): ReviewRow {
  const now = ctx.clock.now().toISOString();
  const row = ctx.db
    .insert(managementReviews)
    .values({
      teamId: ctx.teamId,
      ref: r.ref,
      instanceId: r.instanceId,
      heldOn: r.heldOn,
      chairId: r.chairId,
      doc: r.doc as unknown as Record<string, unknown>,
      minutes: r.minutes,
      approvedBy: r.approvedBy,
      approvedAt: now,
    })
    .returning()
    .get();
  for (const a of r.actions)
    ctx.db
      .insert(reviewActions)
      .values({
        teamId: ctx.teamId,
        ref: a.ref,
        reviewRef: r.ref,
        text: a.text,
        ownerId: a.owner,
        dueOn: a.due,
        status: 'open',
        createdAt: now,
      })
      .run();
  return row;
}

export function completeReviewAction(
  ctx: Ctx,
  ref: string,
  actor: Actor,
  note: string | null,
): ReviewActionRow {
  const row = ctx.db
    .update(reviewActions)
    .set({ status: 'done', doneBy: actor.userId, doneAt: ctx.clock.now().toISOString(), note })
    .where(
      and(eq(reviewActions.teamId, ctx.teamId), eq(reviewActions.ref, ref), eq(reviewActions.status, 'open')),
    )
    .returning()
    .get();
  if (!row) throw new DomainError('CONFLICT', `Action ${ref} is not open.`);
  return row;
}

/** Open action items, oldest first; of one person when `ownerId` is given (App Home, digests). */
export function openReviewActions(ctx: Ctx, ownerId?: string): ReviewActionRow[] {
  return ctx.db
    .select()
    .from(reviewActions)
    .where(
      and(
        eq(reviewActions.teamId, ctx.teamId),
        eq(reviewActions.status, 'open'),
        ownerId ? eq(reviewActions.ownerId, ownerId) : undefined,
      ),
    )
    .orderBy(asc(reviewActions.dueOn))
    .all();
}

export function findReview(ctx: Ctx, ref?: string): ReviewRow | undefined {
  return ctx.db
    .select()
    .from(managementReviews)
    .where(and(eq(managementReviews.teamId, ctx.teamId), ref ? eq(managementReviews.ref, ref) : undefined))
    .orderBy(desc(managementReviews.approvedAt))
    .limit(1)
    .get();
}
