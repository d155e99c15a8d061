/** Whether a person's digest listed an item today (until the end of their local day). */
import { and, eq, gt } from 'drizzle-orm';
import type { DbOrTx } from '../store/db.ts';
import { digestItems } from '../store/schema/index.ts';

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
