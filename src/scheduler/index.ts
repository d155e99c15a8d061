/**
 * Due events, fired exactly once. A tick claims each due row with a conditional UPDATE in an immediate
 * transaction (on PostgreSQL: `SELECT … FOR UPDATE SKIP LOCKED`), sends its event to the instance as
 * the system actor, and marks the row done in the same transaction as the instance's new snapshot,
 * only if the claim is still its own: two ticks, or two processes on one database file, cannot both
 * fire it. A claim left by a crashed process is taken over after a short lease (safe for the same
 * reason). The tick then flushes the outbox of workflow messages, each failure retried with backoff
 * without holding up the others, and posts the weekly evidence checkpoint (checkpoints.ts).
 * `setInterval` lives in the start-up code; tests call `tick()`.
 */
import { randomBytes } from 'node:crypto';
import { and, asc, eq, isNull, lte, or } from 'drizzle-orm';
import type { Directory, FlowMessages } from '../bot/flow-messages.ts';
import type { Reply } from '../bot/types.ts';
import type { Clock } from '../domain/context.ts';
import { isDomainError } from '../domain/errors.ts';
import type { Logger } from '../logger.ts';
import type { ReminderOutbox } from '../reminders/outbox.ts';
import type { Db } from '../store/db.ts';
import { pendingEvents } from '../store/schema/index.ts';
import { BusyError, VersionConflictError } from '../workflows/instances.ts';
import type { Runtime } from '../workflows/runtime.ts';
import { SYSTEM_ACTOR } from '../workflows/types.ts';
import { weeklyCheckpoints } from './checkpoints.ts';

/** A claim older than this belongs to a process that died (or hung): another tick may take it. */
export const CLAIM_LEASE_MS = 10_000;
/** An event fired later than this after its due moment is marked late (downtime, a stopped scheduler). */
export const LATE_AFTER_MS = 60_000;

export interface SchedulerDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly runtime: Runtime;
  readonly logger: Logger;
  /** The outbox and where its replies go (Slack or the console); without them only events fire. */
  readonly messages?: FlowMessages;
  readonly deliver?: (replies: readonly Reply[]) => Promise<unknown>;
  readonly directory?: Directory;
  /** Reminder schedules (src/reminders/): their due occurrences go out with the outbox. */
  readonly reminders?: Pick<ReminderOutbox, 'due'>;
}

export interface TickResult {
  readonly fired: number;
  readonly late: number;
  readonly dropped: number;
  readonly delivered: number;
}

type Pending = typeof pendingEvents.$inferSelect;

export function createScheduler({
  db,
  clock,
  runtime,
  logger,
  messages,
  deliver,
  directory,
  reminders,
}: SchedulerDeps) {
  const me = randomBytes(8).toString('hex');
  let running: Promise<TickResult> | undefined;

  function claim(row: Pending, now: Date): boolean {
    const stale = new Date(now.getTime() - CLAIM_LEASE_MS).toISOString();
    const r = db.transaction(
      (tx) =>
        tx
          .update(pendingEvents)
          .set({ claimedAt: now.toISOString(), claimedBy: me, attempts: row.attempts + 1 })
          .where(
            and(
              eq(pendingEvents.id, row.id),
              isNull(pendingEvents.doneAt),
              or(isNull(pendingEvents.claimedAt), lte(pendingEvents.claimedAt, stale)),
            ),
          )
          .run(),
      { behavior: 'immediate' },
    );
    return r.changes === 1;
  }

  function finish(row: Pending, outcome: string, now: Date): void {
    db.update(pendingEvents)
      .set({ doneAt: now.toISOString(), outcome })
      .where(and(eq(pendingEvents.id, row.id), eq(pendingEvents.claimedBy, me), isNull(pendingEvents.doneAt)))
      .run();
  }

  async function fire(row: Pending, now: Date): Promise<'fired' | 'late' | 'dropped' | 'failed'> {
    const late = now.getTime() - new Date(row.dueAt).getTime() > LATE_AFTER_MS;
    const outcome = late ? 'late' : 'fired';
    for (let attempt = 1; ; attempt++) {
      try {
        return await fireOnce(row, now, outcome);
      } catch (err) {
        // Another process wrote the instance first (optimistic concurrency): the event may still
        // apply to the newer state, so try again on a fresh read rather than drop it.
        if (err instanceof VersionConflictError && attempt < 3) continue;
        // A busy step (a model draft) settles soon; the event waits for the next tick.
        if (err instanceof BusyError) {
          release(row);
          return 'failed';
        }
        // The instance moved on or ended: the event no longer applies, and saying so is final.
        const final = isDomainError(err) && (err.code === 'CONFLICT' || err.code === 'NOT_FOUND');
        if (final && !(err instanceof VersionConflictError)) {
          finish(row, 'dropped', now);
          return 'dropped';
        }
        logger.error(
          { err, teamId: row.teamId, instanceId: row.instanceId, key: row.key },
          'due event failed',
        );
        release(row);
        return 'failed';
      }
    }
  }

  /** Give a claim back so the next tick tries the row again (the lease would, but later). */
  function release(row: Pending): void {
    db.update(pendingEvents)
      .set({ claimedAt: null, claimedBy: null })
      .where(and(eq(pendingEvents.id, row.id), eq(pendingEvents.claimedBy, me), isNull(pendingEvents.doneAt)))
      .run();
  }

  async function fireOnce(row: Pending, now: Date, outcome: 'fired' | 'late'): Promise<'fired' | 'late'> {
    const late = outcome === 'late';
    await runtime.dispatch(
      {
        teamId: row.teamId,
        instanceId: row.instanceId,
        event: { ...row.event, dueAt: row.dueAt, ...(late ? { late: true } : {}) },
        actor: SYSTEM_ACTOR,
      },
      {
        // Done in the transition's own transaction, and only while the claim is still ours.
        also: (tx) => {
          const r = tx
            .update(pendingEvents)
            .set({ doneAt: now.toISOString(), outcome })
            .where(
              and(
                eq(pendingEvents.id, row.id),
                eq(pendingEvents.claimedBy, me),
                isNull(pendingEvents.doneAt),
              ),
            )
            .run();
          if (r.changes !== 1) throw new Error('claim lost to another scheduler');
        },
      },
    ).persisted;
    return outcome;
  }

  async function run(catchUp: boolean): Promise<TickResult> {
    const now = clock.now();
    const due = db
      .select()
      .from(pendingEvents)
      .where(and(isNull(pendingEvents.doneAt), lte(pendingEvents.dueAt, now.toISOString())))
      .orderBy(asc(pendingEvents.dueAt))
      .all();
    const counts = { fired: 0, late: 0, dropped: 0, delivered: 0 };
    for (const row of due) {
      if (!claim(row, now)) continue;
      const r = await fire(row, now);
      if (r === 'late') counts.late++;
      if (r === 'fired' || r === 'late') counts.fired++;
      if (r === 'dropped') counts.dropped++;
    }
    if (deliver && (messages || reminders)) {
      // Reminders first: a digest created now replaces today's held reminder DMs about its items,
      // which the workflow outbox would otherwise post in this same pass.
      // A failing reminder job must not hold up the workflow messages (nor they it).
      const reminded =
        (await reminders?.due({ directory, catchUp }).catch((err: unknown) => {
          logger.error({ err }, 'reminders failed');
          return [];
        })) ?? [];
      const replies = [
        ...(messages
          ? [...(await messages.due({ directory, catchUp })), ...weeklyCheckpoints(db, clock, catchUp)]
          : []),
        ...reminded,
      ];
      // Each reply reports its own success or failure (retried with backoff); none blocks the rest.
      await deliver(replies).catch((err: unknown) => logger.error({ err }, 'outbox delivery failed'));
      counts.delivered = replies.length;
    }
    return counts;
  }

  return {
    /**
     * One pass: fire what is due, then flush the outbox. Overlapping calls share the running pass.
     * `catchUp` (once, at start-up): messages a previous process left leased or backed off go too.
     */
    tick(opts: { catchUp?: boolean } = {}): Promise<TickResult> {
      if (running) return running;
      running = run(opts.catchUp ?? false).finally(() => {
        running = undefined;
      });
      return running;
    },
  };
}

export type Scheduler = ReturnType<typeof createScheduler>;
