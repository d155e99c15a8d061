/**
 * Management review (9.3) as the runtime runs it: a new review's id (`MR-2026-01`, the workspace's
 * counter, in the start transaction) and its inputs filled from live data; the minutes drafter; the
 * approved minutes and action items written when the machine emits `review.approved`; the latest
 * minutes for `/isms review show`. Its two child flows (input tasks, action items) are bound here too.
 */
import { createHash } from 'node:crypto';
import { fromPromise } from 'xstate';
import { FLOWS } from '../../../flows/index.ts';
import type { ReviewContext } from '../../../flows/review.ts';
import { dayAt, type ReviewActionEmitted, type ReviewActionInput } from '../../../flows/review-action.ts';
import type { Ctx } from '../../domain/context.ts';
import { humanId } from '../../domain/counters.ts';
import type { EventActor } from '../../domain/flow-meta.ts';
import { personLabel, reviewInputs } from '../../domain/review-inputs.ts';
import { minutesDoc, type ReviewRecord, templateMinutes } from '../../domain/review-minutes.ts';
import {
  completeReviewAction,
  findReview,
  openReviewActions,
  saveApprovedReview,
} from '../../domain/reviews.ts';
import { currentScope } from '../../domain/scope.ts';
import { queueAttachment } from '../attachments.ts';
import { placeOf } from '../instances.ts';
import type { RuntimeFlow } from '../types.ts';
import { provideAll } from './provide.ts';

/** Draft the minutes text from the review's record (model or template); `ctx` resolves names. */
export type DraftMinutes = (input: { record: ReviewRecord; ctx: Ctx }) => Promise<string>;

export const templateDraftMinutes: DraftMinutes = async ({ record, ctx }) =>
  templateMinutes(minutesDoc(record, (id) => displayName(ctx, id)));

/** A display name for the minutes (no mention syntax). */
export const displayName = (ctx: Ctx, userId: string) => personLabel(ctx, userId).replace(/^@/, '');

const entry = (key: string) => {
  const e = FLOWS[key];
  if (!e) throw new Error(`${key} flow missing from flows/index.ts`);
  return e;
};

export function reviewBindings(deps: {
  draftMinutes?: DraftMinutes | undefined;
  /** The store the drafter reads names from (the runtime's own database). */
  ctxOf?: ((teamId: string) => Ctx) | undefined;
}): RuntimeFlow[] {
  const draft = deps.draftMinutes ?? templateDraftMinutes;
  const review: RuntimeFlow = {
    ...provideAll(entry('review'), {
      actors: {
        draftMinutes: fromPromise(async ({ input }) => {
          const { context } = input as { context: ReviewContext & { teamId: string } };
          const ctx = deps.ctxOf?.(context.teamId);
          if (!ctx) return templateMinutes(minutesDoc(context, (id) => id));
          return draft({ record: context, ctx });
        }),
      },
    }),
    singleton: false,
    input: (ctx) => ({
      teamId: ctx.teamId,
      reviewId: humanId(ctx, 'MR', { perYear: true }),
      organisation: (currentScope(ctx)?.answers.organisation as string | undefined) ?? null,
      inputs: reviewInputs(ctx),
    }),
    onEmitted: (ctx, emitted, instance) => {
      if (emitted.type !== 'review.approved') return [];
      const e = emitted as unknown as { context: ReviewContext; minutes: string; actor: EventActor };
      const c = e.context;
      const name = (id: string) => displayName(ctx, id);
      const approvedAt = ctx.clock.now().toISOString();
      const doc = minutesDoc(c, name, { summary: e.minutes, approvedBy: name(e.actor.userId), approvedAt });
      saveApprovedReview(ctx, {
        ref: c.reviewId,
        instanceId: instance.id,
        heldOn: c.date ?? approvedAt.slice(0, 10),
        chairId: c.chair ?? e.actor.userId,
        doc,
        minutes: e.minutes,
        approvedBy: e.actor.userId,
        actions: c.actions,
      });
      // The approved minutes go to the review's thread as a PDF, and as a canvas where allowed.
      for (const as of ['file', 'canvas'] as const)
        queueAttachment(ctx.db, instance, { as, doc: 'review.minutes', ref: c.reviewId }, approvedAt);
      return [
        {
          actor: { userId: e.actor.userId, name: e.actor.name },
          kind: 'review.approved',
          subject: instance.id,
          step: 'approved',
          data: {
            review: c.reviewId,
            heldOn: c.date,
            decisions: c.decisions.length,
            actions: c.actions.map((a) => a.ref),
            minutesSha256: createHash('sha256').update(e.minutes).digest('hex'),
          },
          place: placeOf(instance),
        },
      ];
    },
    document: (ctx) => {
      const r = findReview(ctx);
      return (
        r &&
        `*Management review ${r.ref}* (held ${r.heldOn}, minutes approved by <@${r.approvedBy}> on ${r.approvedAt.slice(0, 10)})\n${r.minutes}`
      );
    },
    home: (ctx) => {
      const r = findReview(ctx);
      const open = openReviewActions(ctx).length;
      return r
        ? `*Management review:* last ${r.ref}, held ${r.heldOn}; ${open} action${open === 1 ? '' : 's'} open`
        : '*Management review:* none held yet (`/isms review`)';
    },
  };
  const input: RuntimeFlow = {
    ...provideAll(entry('review-input'), {}),
    singleton: false,
    input: (_ctx, start) => start.input,
  };
  const action: RuntimeFlow = {
    ...provideAll(entry('review-action'), {}),
    singleton: false,
    input: (ctx, start) => {
      const a = start.input as ReviewActionInput;
      const remindAt = dayAt(a.due, -3);
      return { ...a, remindAt: remindAt > ctx.clock.now().toISOString() ? remindAt : null };
    },
    onEmitted: (ctx, emitted, instance) => {
      if (emitted.type !== 'review.action.completed') return [];
      const e = emitted as unknown as ReviewActionEmitted;
      completeReviewAction(ctx, e.ref, e.actor, e.note);
      return [
        {
          actor: { userId: e.actor.userId, name: e.actor.name },
          kind: 'review.action.done',
          subject: instance.id,
          step: 'done',
          data: { action: e.ref, note: e.note },
          place: placeOf(instance),
        },
      ];
    },
  };
  return [review, input, action];
}
