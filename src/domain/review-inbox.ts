/**
 * What a management review leaves waiting for a person, for the inbox (App Home, digests): their
 * input tasks before the meeting (due on the meeting day) and their open action items (9.3.3). Each
 * opens the step of the workflow that asks for it; the inbox shows it instead of the bare step.
 */
import { and, eq } from 'drizzle-orm';
import { reviewActions, workflowInstances } from '../store/schema/index.ts';
import type { InboxItem, InboxSource } from './inbox.ts';
import { handedTo } from './leavers.ts';

function active(q: Parameters<InboxSource>[0], flow: string) {
  return q.ctx.db
    .select()
    .from(workflowInstances)
    .where(
      and(
        eq(workflowInstances.teamId, q.ctx.teamId),
        eq(workflowInstances.flow, flow),
        eq(workflowInstances.status, 'active'),
      ),
    )
    .all();
}

/** Input tasks addressed to the person (one per review), due on the day of the meeting. */
export const reviewInputSource: InboxSource = (q) =>
  active(q, 'review-input').flatMap((i): InboxItem[] => {
    const c = (
      i.snapshot as {
        context?: {
          person?: string;
          reviewId?: string;
          due?: string | null;
          mine?: string[];
          given?: unknown[];
        };
      }
    ).context;
    // A step the ISMS owner handed to someone else is theirs now (src/domain/leavers.ts).
    if (!c || (handedTo(q.ctx, i.id, i.step) ?? c.person) !== q.userId) return [];
    const left = (c.mine?.length ?? 0) - (c.given?.length ?? 0);
    const due = c.due ?? undefined;
    return [
      {
        kind: 'review.input',
        key: `review.input:${i.id}`,
        title: `Management review ${c.reviewId ?? ''}: confirm or write your inputs (${left} left)`,
        detail: due ? `before the meeting on ${due}; sent to you by DM` : 'sent to you by DM',
        due,
        overdue: due !== undefined && due < q.today,
        open: { kind: 'step', instanceId: i.id, step: i.step },
      },
    ];
  });

/** Open action items the person owns (each is a step addressed to them, so listed whenever due). */
export const reviewActionSource: InboxSource = (q) => {
  const instances = new Map(active(q, 'review-action').map((i) => [i.subject, i]));
  return q.ctx.db
    .select()
    .from(reviewActions)
    .where(and(eq(reviewActions.teamId, q.ctx.teamId), eq(reviewActions.status, 'open')))
    .all()
    .flatMap((a): InboxItem[] => {
      const i = instances.get(a.ref);
      if (!i || (handedTo(q.ctx, i.id, i.step) ?? a.ownerId) !== q.userId) return [];
      return [
        {
          kind: 'review.action',
          key: `review.action:${a.ref}`,
          title: `${a.text} (action ${a.ref} of management review ${a.reviewRef})`,
          detail: a.dueOn < q.today ? `overdue since ${a.dueOn}` : `due ${a.dueOn}`,
          due: a.dueOn,
          overdue: a.dueOn < q.today,
          open: { kind: 'step', instanceId: i.id, step: i.step },
        },
      ];
    });
};
