/**
 * Reminders with persistence: due schedules turned into occurrences per second (each one the
 * schedule's conditional move + the occurrence under its idempotency key, in an immediate
 * transaction), and occurrences posted per second (claimed, rendered with its buttons, recorded as
 * sent), on a SQLite file. The per-tick spreading that keeps Slack's rate limits is lifted here.
 */
import { claimOwnership } from '../src/domain/roles.ts';
import { createReminderOutbox } from '../src/reminders/outbox.ts';
import { addSchedule } from '../src/reminders/schedules.ts';
import { closeDatabase, openDatabase } from '../src/store/db.ts';
import { reminderOccurrences } from '../src/store/schema/index.ts';
import { tempDbPath } from '../test/helpers/app-process.ts';
import { testClock } from '../test/helpers/scoping-run.ts';
import { line } from './stats.ts';

async function remindersPerSecond(n: number) {
  const db = openDatabase(tempDbPath());
  const clock = testClock('2026-11-24T07:00:00.000Z');
  const ctx = { db, teamId: 'T1', clock };
  const owner = { userId: 'UOWNER' };
  claimOwnership(ctx, owner);
  for (let i = 0; i < n; i++)
    addSchedule(ctx, owner, {
      cron: '0 9 * * *',
      timeZone: 'Europe/Berlin',
      target: `channel:C${String(i).padStart(5, '0')}`,
      text: `Reminder ${i}`,
    });
  const job = createReminderOutbox({ db, clock, timeZone: 'UTC', postsPerTick: n, waitingFor: () => [] });
  await job.due(); // the defaults, the owner's digest row
  clock.set('2026-11-24T08:00:00.000Z');
  const t0 = performance.now();
  const replies = await job.due();
  const t1 = performance.now();
  let ts = 1;
  for (const r of replies) if ('onDelivered' in r) r.onDelivered?.({ channel: 'C', ts: `${ts++}.0` });
  const t2 = performance.now();
  const sent = db
    .select()
    .from(reminderOccurrences)
    .all()
    .filter((o) => o.status === 'sent').length;
  closeDatabase(db);
  if (sent !== n) throw new Error(`expected ${n} sent, got ${sent}`);
  return { perSecond: n / ((t2 - t0) / 1000), createAndClaimMs: t1 - t0, recordMs: t2 - t1 };
}

export async function runRemindersBench(): Promise<void> {
  console.log('\nReminders (schedules → occurrences → posted, SQLite file)');
  await remindersPerSecond(50); // warm-up
  for (const n of [500, 2000]) {
    const r = await remindersPerSecond(n);
    line(
      `reminders fired per second (${n} due at once)`,
      `${Math.round(r.perSecond)}/s (create + claim ${Math.round(r.createAndClaimMs)} ms, record sent ${Math.round(r.recordMs)} ms)`,
    );
  }
}
