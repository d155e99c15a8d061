/**
 * Posting occurrences, as the outbox of workflow messages does: each pending occurrence is claimed for
 * one attempt (a lease), posted, and recorded when Slack answers; a failure is tried again after 1, 2,
 * 4 … seconds (at most 5 minutes) without holding up the others. A DM waits for the recipient's
 * working hours in their Slack time zone. Sends are spread within Slack's limits (chat.postMessage
 * allows about one message a second per channel): at most one post per channel and a few in all per
 * tick, the rest on the next tick.
 */
import { and, asc, eq, isNull, lte, or, sql } from 'drizzle-orm';
import type { Directory } from '../bot/flow-messages.ts';
import type { Reply } from '../bot/types.ts';
import { nextWorkingMoment } from '../domain/calendar.ts';
import type { Clock } from '../domain/context.ts';
import { settingsOf } from '../domain/settings.ts';
import type { Db } from '../store/db.ts';
import { reminderOccurrences } from '../store/schema/index.ts';
import { inboxItems, type WaitingFor } from './items.ts';
import { materialise, type ReminderBody } from './occurrences.ts';
import { reminderMessage } from './view.ts';
import { zoneLookup } from './zones.ts';

const LEASE_MS = 60_000;
const MAX_BACKOFF_MS = 5 * 60_000;
/** Posts per tick (the scheduler ticks every second): well inside Slack's workspace-wide tier. */
export const MAX_POSTS_PER_TICK = 3;

export type Occurrence = typeof reminderOccurrences.$inferSelect;

export interface ReminderOutboxDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly timeZone: string;
  /** What waits for a person (default: the App Home inbox, `src/domain/inbox.ts`). */
  readonly waitingFor?: WaitingFor;
  /** Posts per tick (default MAX_POSTS_PER_TICK); the bench raises it to measure the rest. */
  readonly postsPerTick?: number;
}

export function createReminderOutbox({
  db,
  clock,
  timeZone,
  waitingFor = inboxItems,
  postsPerTick = MAX_POSTS_PER_TICK,
}: ReminderOutboxDeps) {
  function claim(o: Occurrence, now: Date, catchUp: boolean): boolean {
    const iso = now.toISOString();
    const r = db
      .update(reminderOccurrences)
      .set({
        nextAttemptAt: new Date(now.getTime() + LEASE_MS).toISOString(),
        attempts: sql`${reminderOccurrences.attempts} + 1`,
      })
      .where(
        and(
          eq(reminderOccurrences.id, o.id),
          eq(reminderOccurrences.status, 'pending'),
          catchUp
            ? undefined
            : or(isNull(reminderOccurrences.nextAttemptAt), lte(reminderOccurrences.nextAttemptAt, iso)),
        ),
      )
      .run();
    return r.changes === 1;
  }

  function delivered(o: Occurrence, posted: { channel: string; ts: string }): void {
    db.update(reminderOccurrences)
      .set({ status: 'sent', ts: posted.ts, channel: posted.channel, nextAttemptAt: null, lastError: null })
      .where(and(eq(reminderOccurrences.id, o.id), eq(reminderOccurrences.status, 'pending')))
      .run();
  }

  function failed(o: Occurrence, error: string): void {
    const attempts = o.attempts + 1;
    const backoff = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.max(0, attempts - 1));
    db.update(reminderOccurrences)
      .set({
        nextAttemptAt: new Date(clock.now().getTime() + backoff).toISOString(),
        lastError: error.slice(0, 200),
      })
      .where(eq(reminderOccurrences.id, o.id))
      .run();
  }

  function pending(now: string, catchUp: boolean): Occurrence[] {
    return db
      .select()
      .from(reminderOccurrences)
      .where(
        and(
          eq(reminderOccurrences.status, 'pending'),
          catchUp
            ? undefined
            : or(isNull(reminderOccurrences.nextAttemptAt), lte(reminderOccurrences.nextAttemptAt, now)),
          or(isNull(reminderOccurrences.notBefore), lte(reminderOccurrences.notBefore, now)),
        ),
      )
      .orderBy(asc(reminderOccurrences.dueAt), asc(reminderOccurrences.createdAt))
      .all();
  }

  /** Create what fell due, then claim and render what may be posted now. */
  async function due(opts: { directory?: Directory | undefined; catchUp?: boolean } = {}): Promise<Reply[]> {
    const catchUp = opts.catchUp ?? false;
    const zones = zoneLookup(db, clock, opts.directory);
    await materialise({ db, clock, waitingFor, zones, timeZone });
    const now = clock.now();
    const out: Reply[] = [];
    const channels = new Set<string>();
    for (const o of pending(now.toISOString(), catchUp)) {
      if (out.length >= postsPerTick) break;
      const ctx = { db, teamId: o.teamId, clock };
      const tz = o.userId
        ? ((await zones(o.teamId, o.userId)) ?? settingsOf(ctx, { timeZone }).timeZone)
        : undefined;
      if (o.userId && tz) {
        // Quiet hours: a DM outside 09:00–18:00 in the person's zone waits for the next 09:00, also
        // one whose own time (a snooze's) comes in the night there.
        const at = nextWorkingMoment(now, tz);
        if (at.getTime() > now.getTime()) {
          db.update(reminderOccurrences)
            .set({ notBefore: at.toISOString() })
            .where(eq(reminderOccurrences.id, o.id))
            .run();
          continue;
        }
      }
      if (channels.has(o.channel)) continue; // one post per channel per tick (~1/s)
      if (!claim(o, now, catchUp)) continue;
      channels.add(o.channel);
      const message = reminderMessage(o, o.body as ReminderBody, tz);
      const tracked = {
        onDelivered: (p: { channel: string; ts: string }) => delivered(o, p),
        onFailed: (error: string) => failed(o, error),
        // A retry may follow a post that reached Slack unrecorded: look in the history first.
        mark: { id: o.id, recheck: o.attempts > 0 },
      };
      out.push(
        o.userId
          ? { type: 'dm', userId: o.userId, message, ...tracked }
          : { type: 'message', channel: o.channel, message, ...tracked },
      );
    }
    return out;
  }

  return { due };
}

export type ReminderOutbox = ReturnType<typeof createReminderOutbox>;
