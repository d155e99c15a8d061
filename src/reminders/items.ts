/**
 * What waits for a person, as the digest lists it. The App Home's inbox (`src/domain/inbox.ts`
 * `waitingFor`) is the one rule for that; until it is wired in, `openSteps` below stands in with the
 * part the runtime already knows (steps addressed to the person by DM) and open treatment actions.
 * Keys are the inbox's: `step:<instanceId>:<state>` for a workflow step.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Ctx } from '../domain/context.ts';
import { treatmentActions, workflowInstances, workflowMessages } from '../store/schema/index.ts';

export interface WaitingItem {
  /** Stable across days, so a digest and a DM about the same thing can be matched. */
  readonly key: string;
  readonly title: string;
  /** ISO instant or `YYYY-MM-DD`, when there is one. */
  readonly dueAt?: string | null | undefined;
  readonly overdue?: boolean | undefined;
}

export type WaitingFor = (
  ctx: Ctx,
  userId: string,
) => readonly WaitingItem[] | Promise<readonly WaitingItem[]>;

export const stepItemKey = (instanceId: string, state: string) => `step:${instanceId}:${state}`;

/** Steps waiting for the person's decision by DM, and their open treatment actions. */
export const openSteps: WaitingFor = (ctx, userId) => {
  const today = ctx.clock.now().toISOString().slice(0, 10);
  const steps = ctx.db
    .select({ instanceId: workflowInstances.id, step: workflowInstances.step, flow: workflowInstances.flow })
    .from(workflowMessages)
    .innerJoin(workflowInstances, eq(workflowInstances.id, workflowMessages.instanceId))
    .where(
      and(
        eq(workflowMessages.teamId, ctx.teamId),
        eq(workflowMessages.kind, 'dm'),
        eq(workflowMessages.userId, userId),
        isNull(workflowMessages.text),
        eq(workflowMessages.step, workflowInstances.step),
        eq(workflowInstances.status, 'active'),
      ),
    )
    .all();
  const actions = ctx.db
    .select()
    .from(treatmentActions)
    .where(
      and(
        eq(treatmentActions.teamId, ctx.teamId),
        eq(treatmentActions.ownerId, userId),
        eq(treatmentActions.status, 'open'),
      ),
    )
    .all();
  const seen = new Set<string>();
  return [
    ...steps
      .map((s) => ({ key: stepItemKey(s.instanceId, s.step), title: `${s.flow}: your decision (${s.step})` }))
      .filter((i) => !seen.has(i.key) && seen.add(i.key)),
    ...actions.map((a) => ({
      key: `action:${a.id}`,
      title: a.title,
      dueAt: a.dueOn,
      overdue: a.dueOn < today,
    })),
  ];
};
