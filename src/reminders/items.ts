/**
 * What waits for a person, as the digest lists it: the App Home's inbox (`src/domain/inbox.ts`
 * `waitingFor`) is the one rule for that. Its keys (`step:<instanceId>:<state>` for a workflow step)
 * are what the digest records, so a runtime reminder about the same step can be left out that day.
 */
import type { Ctx } from '../domain/context.ts';
import { waitingFor as inboxWaitingFor } from '../domain/inbox.ts';

export interface WaitingItem {
  /** Stable across days, so a digest and a DM about the same thing can be matched. */
  readonly key: string;
  readonly title: string;
  readonly detail?: string | undefined;
  /** YYYY-MM-DD, when the work has a due date. */
  readonly due?: string | undefined;
  readonly overdue?: boolean | undefined;
}

export type WaitingFor = (
  ctx: Ctx,
  userId: string,
) => readonly WaitingItem[] | Promise<readonly WaitingItem[]>;

/** Only what the digest shows is kept with it (not the inbox's `open` target). */
export const inboxItems: WaitingFor = (ctx, userId) =>
  inboxWaitingFor(ctx, userId).map(({ key, title, detail, due, overdue }) => ({
    key,
    title,
    detail,
    due,
    overdue,
  }));
