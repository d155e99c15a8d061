/**
 * What machines ask of the runtime through reserved emitted events, written in the transition's own
 * transaction: `runtime.schedule` / `runtime.unschedule` (a due event for this instance, a database
 * row the scheduler fires) and, when an instance ends, its pending events dropped and its parent told
 * (`child.done`, due at once).
 */
import { randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { addCalendarDays } from '../domain/calendar.ts';
import { daysSetting, settingsOf } from '../domain/settings.ts';
import type { Tx } from '../store/db.ts';
import { pendingEvents } from '../store/schema/index.ts';
import type { Core } from './core.ts';
import type { AlsoInTx } from './persist.ts';

export interface ScheduleRequest {
  readonly type: 'runtime.schedule';
  readonly key: string;
  readonly event: { type: string } & Record<string, unknown>;
  /** An ISO instant, or calendar days (a number, or a workspace setting naming one) from now. */
  readonly at?: string;
  readonly after?: { readonly days?: number; readonly setting?: string };
}

export function schedule(
  tx: Tx,
  row: {
    teamId: string;
    instanceId: string;
    key: string;
    event: ScheduleRequest['event'];
    dueAt: string;
    now: string;
  },
): void {
  const values = {
    id: randomBytes(16).toString('hex'),
    teamId: row.teamId,
    instanceId: row.instanceId,
    key: row.key,
    event: row.event,
    dueAt: row.dueAt,
    createdAt: row.now,
  };
  // Scheduling a key again (a second approval round) moves it and makes it due again.
  tx.insert(pendingEvents)
    .values(values)
    .onConflictDoUpdate({
      target: [pendingEvents.instanceId, pendingEvents.key],
      set: {
        event: row.event,
        dueAt: row.dueAt,
        claimedAt: null,
        claimedBy: null,
        doneAt: null,
        outcome: null,
        attempts: 0,
      },
    })
    .run();
}

function drop(tx: Tx, instanceId: string, now: string, key?: string): void {
  tx.update(pendingEvents)
    .set({ doneAt: now, outcome: 'dropped' })
    .where(
      and(
        eq(pendingEvents.instanceId, instanceId),
        isNull(pendingEvents.doneAt),
        key ? eq(pendingEvents.key, key) : undefined,
      ),
    )
    .run();
}

export function effectsHook(core: Core): AlsoInTx {
  return (tx, { updated, emitted }) => {
    const now = core.clock.now();
    const ctx = { db: tx, teamId: updated.teamId, clock: core.clock };
    for (const e of emitted) {
      if (e.type === 'runtime.unschedule') drop(tx, updated.id, now.toISOString(), String(e.key));
      if (e.type !== 'runtime.schedule') continue;
      const req = e as unknown as ScheduleRequest;
      const days = req.after?.setting ? daysSetting(ctx, req.after.setting) : (req.after?.days ?? 0);
      const dueAt =
        req.at ??
        addCalendarDays(now, days, settingsOf(ctx, { timeZone: core.timeZone }).timeZone).toISOString();
      schedule(tx, {
        teamId: updated.teamId,
        instanceId: updated.id,
        key: req.key,
        event: req.event,
        dueAt,
        now: now.toISOString(),
      });
    }
    if (updated.status === 'active') return;
    drop(tx, updated.id, now.toISOString());
    if (updated.status === 'done' && updated.parentId) {
      const output = (updated.snapshot as { output?: unknown }).output ?? null;
      schedule(tx, {
        teamId: updated.teamId,
        instanceId: updated.parentId,
        key: `child.done:${updated.id}`,
        event: { type: 'child.done', childId: updated.id, subject: updated.subject, output },
        dueAt: now.toISOString(),
        now: now.toISOString(),
      });
    }
  };
}
