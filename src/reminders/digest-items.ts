/** Whether a person's digest listed an item today (until the end of their local day). */
import { and, eq, gt, inArray, isNull, like } from 'drizzle-orm';
import type { DbOrTx } from '../store/db.ts';
import { digestItems, workflowMessages } from '../store/schema/index.ts';

export function listedInDigest(
  db: DbOrTx,
  teamId: string,
  userId: string,
  itemKey: string,
  now: string,
): boolean {
  return (
    db
      .select({ key: digestItems.itemKey })
      .from(digestItems)
      .where(
        and(
          eq(digestItems.teamId, teamId),
          eq(digestItems.userId, userId),
          eq(digestItems.itemKey, itemKey),
          gt(digestItems.until, now),
        ),
      )
      .get() !== undefined
  );
}

/** The inbox item key of a workflow step (the inbox's `stepSource` uses the same shape). */
export const stepItemKey = (instanceId: string, state: string) => `step:${instanceId}:${state}`;

/**
 * A runtime reminder DM about a step this digest lists, not posted yet (held for working hours), is
 * replaced by the digest: marked with the digest occurrence instead of a Slack ts, so the workflow
 * outbox never posts it. Escalations (to the thread) are not touched.
 */
export function replaceHeldReminders(
  db: DbOrTx,
  teamId: string,
  userId: string,
  occurrenceId: string,
  items: readonly { key: string }[],
): void {
  const instances = items.flatMap((i) => /^step:([^:]+):/.exec(i.key)?.[1] ?? []);
  if (instances.length === 0) return;
  db.update(workflowMessages)
    .set({ ts: `digest:${occurrenceId}`, lastError: 'replaced by the daily digest' })
    .where(
      and(
        eq(workflowMessages.teamId, teamId),
        eq(workflowMessages.userId, userId),
        eq(workflowMessages.kind, 'notice'),
        isNull(workflowMessages.ts),
        like(workflowMessages.key, 'notice:%'),
        inArray(workflowMessages.instanceId, instances),
      ),
    )
    .run();
}
