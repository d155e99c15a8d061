/**
 * Reminder schedules under a controllable clock, over a real SQLite file with the real migrations and
 * the real scheduler: on time, exactly once with two ticks (and two connections) racing, one late
 * catch-up after downtime, DST in Europe/Berlin and America/New_York, pause/resume, snooze, a failing
 * Slack call retried without holding up the others, quiet hours, digests spread out.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/bot/types.ts';
import { listEvidence } from '../../src/domain/evidence.ts';
import { changeSetting } from '../../src/domain/settings.ts';
import { decideReminder } from '../../src/reminders/decide.ts';
import { createReminderOutbox } from '../../src/reminders/outbox.ts';
import {
  addSchedule,
  deleteSchedule,
  reschedule,
  setOwnDigestPaused,
  setPaused,
} from '../../src/reminders/schedules.ts';
import { createScheduler } from '../../src/scheduler/index.ts';
import { closeDatabase, type Db, openDatabase } from '../../src/store/db.ts';
import { digestItems, people, reminderOccurrences, reminderSchedules } from '../../src/store/schema/index.ts';
import { tempDbPath } from '../helpers/app-process.ts';
import { MIA, OWNER, scopingWorld, testClock } from '../helpers/scoping-run.ts';

let path: string;
let db: Db;
beforeEach(() => {
  path = tempDbPath();
  db = openDatabase(path);
});
afterEach(() => closeDatabase(db));

/** Slack as a sink: replies are recorded and reported delivered, or failed for `failing` channels. */
function sink(failing = new Set<string>()) {
  const posts: Exclude<Reply, { type: 'ephemeral' | 'modal' | 'later' }>[] = [];
  let ts = 1;
  const deliver = async (replies: readonly Reply[]) => {
    for (const r of replies) {
      if (r.type === 'ephemeral' || r.type === 'modal' || r.type === 'later') continue;
      const to = r.type === 'dm' ? r.userId : r.type === 'update' ? r.channel : (r.channel ?? '');
      if (failing.has(to)) {
        r.onFailed?.('internal_error');
        continue;
      }
      posts.push(r);
      r.onDelivered?.({ channel: r.type === 'dm' ? `D${to}` : to, ts: `${ts++}.0` });
    }
  };
  return { posts, deliver };
}
const textOf = (r: Reply) => ('message' in r ? r.message.text : '');
const blocksOf = (r: Reply) => JSON.stringify('message' in r ? r.message.blocks : []);

function world(start: string, opts: { management?: boolean } = {}) {
  const clock = testClock(start);
  const w = scopingWorld(db, clock, opts);
  const ctx = { db, teamId: 'T1', clock };
  changeSetting(ctx, OWNER, 'ismsChannel', 'CISMS');
  const out = sink();
  const make = (on: Db, failing?: Set<string>) => {
    const o = failing ? sink(failing) : out;
    return {
      out: o,
      scheduler: createScheduler({
        db: on,
        clock,
        runtime: w.runtime,
        logger: w.logger,
        messages: w.messages,
        deliver: o.deliver,
        reminders: createReminderOutbox({ db: on, clock, timeZone: 'UTC' }),
      }),
    };
  };
  const { scheduler } = make(db);
  return { clock, ctx, w, out, scheduler, make };
}
/** A reminder of our own to channel C9, so the defaults (to the ISMS channel) stay out of the count. */
const custom = (
  ctx: Parameters<typeof addSchedule>[0],
  cron: string,
  timeZone: string,
  target = 'channel:C9',
) => addSchedule(ctx, OWNER, { cron, timeZone, target, text: 'Check the backup report' });
const to = (posts: Reply[], channel: string) =>
  posts.filter((p) => (p.type === 'message' ? p.channel : p.type === 'dm' ? p.userId : '') === channel);
const occurrences = () => db.select().from(reminderOccurrences).all();

describe('reminder schedules', () => {
  it('fires on time, once, with Done / Snooze / Open buttons', async () => {
    const { clock, ctx, out, scheduler } = world('2026-11-24T07:00:00.000Z');
    custom(ctx, '0 9 * * *', 'Europe/Berlin'); // 08:00Z in winter
    clock.set('2026-11-24T07:59:59.000Z');
    await scheduler.tick();
    expect(to(out.posts, 'C9')).toHaveLength(0);
    clock.set('2026-11-24T08:00:00.000Z');
    await scheduler.tick();
    await scheduler.tick();
    const posted = to(out.posts, 'C9');
    expect(posted).toHaveLength(1);
    expect(textOf(posted[0] as Reply)).toMatch(/Reminder \(REM-001\)/);
    for (const a of ['reminder.done', 'reminder.snooze.day', 'reminder.snooze.week', 'reminder.open'])
      expect(blocksOf(posted[0] as Reply)).toContain(a);
    expect(blocksOf(posted[0] as Reply)).not.toMatch(/Late/);
  });

  it('creates and sends a due reminder once with two schedulers racing on two connections', async () => {
    const { clock, ctx, out, scheduler, make } = world('2026-11-24T07:00:00.000Z');
    custom(ctx, '0 9 * * *', 'Europe/Berlin');
    const other = openDatabase(path);
    const b = make(other);
    clock.set('2026-11-24T08:00:00.000Z');
    await Promise.all([scheduler.tick(), b.scheduler.tick(), scheduler.tick(), b.scheduler.tick()]);
    await Promise.all([scheduler.tick(), b.scheduler.tick()]);
    expect(to(out.posts, 'C9')).toHaveLength(1);
    expect(occurrences().filter((o) => o.channel === 'C9')).toHaveLength(1);
    closeDatabase(other);
  });

  it('after downtime sends each missed reminder once, marked late, not once per missed day', async () => {
    const { clock, ctx, out, scheduler } = world('2026-11-24T07:00:00.000Z');
    custom(ctx, '0 9 * * *', 'Europe/Berlin');
    clock.set('2026-11-29T15:00:00.000Z'); // down for five days
    await scheduler.tick({ catchUp: true });
    await scheduler.tick();
    const posted = to(out.posts, 'C9');
    expect(posted).toHaveLength(1);
    expect(blocksOf(posted[0] as Reply)).toMatch(/Late: this was due 24 Nov/);
    // Back on schedule the next morning, on time.
    clock.set('2026-11-30T08:00:00.000Z');
    await scheduler.tick();
    expect(to(out.posts, 'C9')).toHaveLength(2);
    expect(blocksOf(to(out.posts, 'C9')[1] as Reply)).not.toMatch(/Late/);
  });

  /**
   * The reminder job alone (the scheduler's part is tested above), every hour from `from` to `until`
   * (a due moment between two runs fires at the next): the due moments of what reached C9.
   */
  async function dueMomentsAcross(zone: string, cron: string, from: string, until: string) {
    const { clock, ctx, out } = world(from);
    custom(ctx, cron, zone);
    const job = createReminderOutbox({ db, clock, timeZone: 'UTC' });
    for (let t = new Date(from).getTime(); t <= new Date(until).getTime(); t += 60 * 60_000) {
      clock.set(new Date(t).toISOString());
      await out.deliver(await job.due());
    }
    expect(to(out.posts, 'C9')).toHaveLength(occurrences().filter((o) => o.channel === 'C9').length);
    return occurrences()
      .filter((o) => o.channel === 'C9')
      .map((o) => o.dueAt);
  }

  it('DST in Europe/Berlin, spring: the skipped 02:30 fires once, at 03:00', async () => {
    expect(
      await dueMomentsAcross(
        'Europe/Berlin',
        '30 2 * * *',
        '2026-03-28T00:00:00.000Z',
        '2026-03-30T02:00:00.000Z',
      ),
    ).toEqual(['2026-03-28T01:30:00.000Z', '2026-03-29T01:00:00.000Z', '2026-03-30T00:30:00.000Z']);
  });

  it('DST in Europe/Berlin, autumn: the repeated 02:30 fires once', async () => {
    expect(
      await dueMomentsAcross(
        'Europe/Berlin',
        '30 2 * * *',
        '2026-10-24T00:00:00.000Z',
        '2026-10-26T02:00:00.000Z',
      ),
    ).toEqual(['2026-10-24T00:30:00.000Z', '2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z']);
  });

  it('DST in America/New_York, spring: the skipped 02:30 fires once', async () => {
    expect(
      await dueMomentsAcross(
        'America/New_York',
        '30 2 * * *',
        '2026-03-07T12:00:00.000Z',
        '2026-03-09T08:00:00.000Z',
      ),
    ).toEqual(['2026-03-08T07:00:00.000Z', '2026-03-09T06:30:00.000Z']);
  });

  it('DST in America/New_York, autumn: the repeated 01:30 fires once', async () => {
    expect(
      await dueMomentsAcross(
        'America/New_York',
        '30 1 * * *',
        '2026-10-31T12:00:00.000Z',
        '2026-11-02T08:00:00.000Z',
      ),
    ).toEqual(['2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z']);
  });

  it('pause sends nothing; resume picks up at the next time from now, without catching up', async () => {
    const { clock, ctx, out, scheduler } = world('2026-11-24T07:00:00.000Z');
    const s = custom(ctx, '0 9 * * *', 'Europe/Berlin');
    setPaused(ctx, OWNER, s.name, true);
    clock.set('2026-11-26T12:00:00.000Z');
    await scheduler.tick();
    expect(to(out.posts, 'C9')).toHaveLength(0);
    setPaused(ctx, OWNER, s.name, false);
    await scheduler.tick();
    expect(to(out.posts, 'C9')).toHaveLength(0);
    clock.set('2026-11-27T08:00:00.000Z');
    await scheduler.tick();
    expect(to(out.posts, 'C9')).toHaveLength(1);
    expect(() => setPaused(ctx, OWNER, s.name, false)).toThrow(/already running/);
    expect(() => setPaused(ctx, { userId: 'UBOB' }, s.name, true)).toThrow(/Only the ISMS owner/);
    expect(listEvidence(ctx).map((e) => e.kind)).toEqual(
      expect.arrayContaining(['reminder.added', 'reminder.paused', 'reminder.resumed', 'reminder.refused']),
    );
  });

  it('snooze creates one later occurrence; done closes this one and the schedule still fires next time', async () => {
    const { clock, ctx, out, scheduler } = world('2026-11-24T07:00:00.000Z');
    custom(ctx, '0 9 * * *', 'Europe/Berlin');
    clock.set('2026-11-24T08:00:00.000Z');
    await scheduler.tick();
    const first = occurrences().find((o) => o.channel === 'C9');
    clock.set('2026-11-24T08:30:00.000Z');
    decideReminder(ctx, OWNER, first?.id ?? '', 'snooze.day', { timeZone: 'Europe/Berlin' });
    expect(() => decideReminder(ctx, OWNER, first?.id ?? '', 'snooze.day', { timeZone: 'UTC' })).toThrow(
      /already marked snoozed/,
    );
    // Done on the next morning's own reminder: it closes that one only.
    clock.set('2026-11-25T08:00:00.000Z');
    await scheduler.tick();
    const second = occurrences().find((o) => o.channel === 'C9' && o.dueAt === '2026-11-25T08:00:00.000Z');
    decideReminder(ctx, OWNER, second?.id ?? '', 'done', { timeZone: 'UTC' });
    expect(to(out.posts, 'C9')).toHaveLength(2);
    clock.set('2026-11-25T08:29:59.000Z');
    await scheduler.tick();
    expect(to(out.posts, 'C9')).toHaveLength(2);
    clock.set('2026-11-25T08:30:00.000Z'); // the snooze, a day after the click
    await scheduler.tick();
    await scheduler.tick();
    expect(to(out.posts, 'C9')).toHaveLength(3);
    clock.set('2026-11-26T08:00:00.000Z');
    await scheduler.tick();
    expect(to(out.posts, 'C9')).toHaveLength(4);
    const statuses = occurrences()
      .filter((o) => o.channel === 'C9')
      .map((o) => o.status);
    expect(statuses.sort()).toEqual(['done', 'sent', 'sent', 'snoozed']);
    expect(
      listEvidence(ctx)
        .filter((e) => e.kind.startsWith('reminder.') && e.kind !== 'reminder.added')
        .map((e) => e.kind),
    ).toEqual(['reminder.snoozed', 'reminder.done']);
  });

  it('a failing channel is retried with backoff and holds up no other reminder', async () => {
    const { clock, ctx, make } = world('2026-11-24T07:00:00.000Z');
    custom(ctx, '0 9 * * *', 'Europe/Berlin', 'channel:CBAD');
    custom(ctx, '0 9 * * *', 'Europe/Berlin', 'channel:C9');
    const failing = new Set(['CBAD']);
    const { out, scheduler } = make(db, failing);
    clock.set('2026-11-24T08:00:00.000Z');
    await scheduler.tick();
    expect(to(out.posts, 'C9')).toHaveLength(1);
    const bad = () => occurrences().find((o) => o.channel === 'CBAD');
    expect(bad()).toMatchObject({ status: 'pending', attempts: 1, lastError: 'internal_error' });
    await scheduler.tick(); // within the 1 s backoff: not tried
    expect(bad()?.attempts).toBe(1);
    clock.set('2026-11-24T08:00:01.000Z');
    await scheduler.tick();
    expect(bad()?.attempts).toBe(2);
    failing.clear();
    clock.set('2026-11-24T08:00:03.000Z'); // 2 s after the second failure
    await scheduler.tick();
    expect(bad()).toMatchObject({ status: 'sent', attempts: 3 });
    expect(to(out.posts, 'CBAD')).toHaveLength(1);
  });

  it('holds a DM for quiet hours in the person’s zone, and refuses a bad cron or zone storing nothing', async () => {
    const { clock, ctx, out, scheduler } = world('2026-11-24T00:00:00.000Z');
    db.insert(people)
      .values({ teamId: 'T1', userId: 'UBOB', tz: 'America/New_York', createdAt: '', updatedAt: '' })
      .run();
    custom(ctx, '0 7 * * *', 'America/New_York', 'user:UBOB'); // 07:00 New York = 12:00Z
    clock.set('2026-11-24T12:00:00.000Z');
    await scheduler.tick();
    expect(to(out.posts, 'UBOB').filter((p) => /REM-001/.test(textOf(p)))).toHaveLength(0);
    clock.set('2026-11-24T14:00:00.000Z'); // 09:00 there
    await scheduler.tick();
    expect(to(out.posts, 'UBOB').filter((p) => /REM-001/.test(textOf(p)))).toHaveLength(1);
    // A DM's buttons are its recipient's: the owner's click on it is refused, and recorded.
    const dm = occurrences().find((o) => o.userId === 'UBOB' && o.status === 'sent');
    expect(() => decideReminder(ctx, OWNER, dm?.id ?? '', 'done', { timeZone: 'UTC' })).toThrow(
      /This reminder is for <@UBOB>.*recorded/,
    );
    expect(listEvidence(ctx).at(-1)).toMatchObject({ kind: 'reminder.refused', actorId: OWNER.userId });
    expect(decideReminder(ctx, { userId: 'UBOB' }, dm?.id ?? '', 'done', { timeZone: 'UTC' }).note).toMatch(
      /Done — <@UBOB>/,
    );

    const before = db.select().from(reminderSchedules).all().length;
    expect(() => custom(ctx, '0 25 * * *', 'Europe/Berlin')).toThrow(
      /e\.g\. `0 9 \* \* 1`.*Nothing was saved/,
    );
    expect(() => custom(ctx, '0 9 * *', 'Europe/Berlin')).toThrow(/not a cron expression/);
    expect(() => custom(ctx, '0 9 * * 1', 'Mars/Olympus')).toThrow(/`Europe\/Berlin`.*Nothing was saved/);
    expect(() => custom(ctx, '0 9 * * 1', '+01:00')).toThrow(/not a time zone/);
    expect(() => reschedule(ctx, OWNER, 'risk-review', '99 * * * *', null)).toThrow(/not a cron/);
    expect(db.select().from(reminderSchedules).all()).toHaveLength(before);
  });

  it('creates the defaults once; a deleted default stays deleted', async () => {
    const { clock, ctx, scheduler } = world('2026-11-24T07:00:00.000Z');
    await scheduler.tick();
    const names = () =>
      db
        .select()
        .from(reminderSchedules)
        .all()
        .filter((s) => !s.parentId && !s.deletedAt)
        .map((s) => `${s.name} ${s.cron} ${s.timeZone ?? '(each person)'}`);
    expect(names()).toEqual([
      'management-review 0 9 15 1 * UTC',
      'risk-review 0 9 1 1,4,7,10 * UTC',
      'soa-review 0 9 1 2 * UTC',
      'digest 0 9 * * * (each person)',
      'weekly-summary 0 9 * * 1 UTC',
    ]);
    deleteSchedule(ctx, OWNER, 'soa-review');
    clock.advance(1000);
    await scheduler.tick();
    expect(names()).toHaveLength(4);
    expect(names().some((n) => n.startsWith('soa-review'))).toBe(false);
  });
});

describe('daily digest', () => {
  it('lists what waits for each person at 09:00 their time; an item in it is not also reminded by DM that day', async () => {
    const { clock, w, out, scheduler } = world('2026-11-24T10:00:00.000Z', { management: true });
    db.update(people).set({ tz: 'Europe/Berlin' }).run();
    const i = await w.toApproval(); // the scope approval waits for mia by DM; reminded after 2 days at 10:00Z
    await scheduler.tick();
    const digests = (user: string) => to(out.posts, user).filter((p) => /Your ISMS digest/.test(textOf(p)));
    const reminders = () => to(out.posts, 'UMIA').filter((p) => /Reminder: /.test(textOf(p)));
    clock.set('2026-11-25T07:59:00.000Z');
    await scheduler.tick();
    expect(digests('UMIA')).toHaveLength(0);
    clock.set('2026-11-25T08:00:00.000Z'); // 09:00 in Berlin
    await scheduler.tick();
    expect(digests('UMIA')).toHaveLength(1);
    expect(blocksOf(digests('UMIA')[0] as Reply)).toMatch(/Approve the scope statement|scope/i);
    expect(digests('UOWNER')).toHaveLength(0); // nothing waits for the owner: no digest at all
    clock.set('2026-11-26T08:00:00.000Z');
    await scheduler.tick();
    expect(digests('UMIA')).toHaveLength(2);
    clock.set('2026-11-26T10:00:00.000Z');
    expect(await scheduler.tick()).toMatchObject({ fired: 1 }); // the runtime's reminder is due…
    await scheduler.tick();
    expect(reminders()).toHaveLength(0); // …but today's digest already listed the step
    const listed = db.select().from(digestItems).all();
    expect(listed.filter((l) => l.userId === 'UMIA').map((l) => l.itemKey)).toContain(
      `step:${i.id}:approval`,
    );
  });

  it('a reminder DM held for working hours is replaced by that morning’s digest listing the step', async () => {
    const { clock, w, out, scheduler } = world('2026-11-24T10:00:00.000Z', { management: true });
    db.update(people).set({ tz: 'America/New_York' }).run(); // 10:00Z is 05:00 there
    await w.toApproval();
    await scheduler.tick();
    const digests = () => to(out.posts, 'UMIA').filter((p) => /Your ISMS digest/.test(textOf(p)));
    const reminders = () => to(out.posts, 'UMIA').filter((p) => /Reminder: /.test(textOf(p)));
    clock.set('2026-11-26T10:00:00.000Z'); // the runtime's reminder: due, held until 09:00 New York
    expect(await scheduler.tick()).toMatchObject({ fired: 1 });
    clock.set('2026-11-26T14:00:00.000Z'); // 09:00 in New York: the digest, and the held reminder
    await scheduler.tick();
    await scheduler.tick();
    expect(digests().length).toBeGreaterThan(0);
    expect(blocksOf(digests().at(-1) as Reply)).toMatch(/scope/i);
    expect(reminders()).toHaveLength(0);
  });

  it('a person pauses their own digest: none comes, and the runtime reminds them by DM as usual', async () => {
    const { clock, ctx, w, out, scheduler } = world('2026-11-24T10:00:00.000Z', { management: true });
    db.update(people).set({ tz: 'Europe/Berlin' }).run();
    await w.toApproval();
    await scheduler.tick();
    const digests = () => to(out.posts, 'UMIA').filter((p) => /Your ISMS digest/.test(textOf(p)));
    const reminders = () => to(out.posts, 'UMIA').filter((p) => /Reminder: /.test(textOf(p)));
    setOwnDigestPaused(ctx, MIA, true, 'Europe/Berlin');
    expect(() => setOwnDigestPaused(ctx, MIA, true, 'Europe/Berlin')).toThrow(/already paused/);
    clock.set('2026-11-26T08:00:00.000Z');
    await scheduler.tick();
    expect(digests()).toHaveLength(0);
    clock.set('2026-11-26T10:00:00.000Z');
    await scheduler.tick();
    await scheduler.tick();
    expect(reminders()).toHaveLength(1);
    setOwnDigestPaused(ctx, MIA, false, 'Europe/Berlin');
    clock.set('2026-11-27T08:00:00.000Z');
    await scheduler.tick();
    expect(digests()).toHaveLength(1); // on again from the next 09:00, nothing caught up
    expect(
      listEvidence(ctx)
        .filter((e) => e.subject === 'digest:UMIA')
        .map((e) => e.kind),
    ).toEqual(['reminder.paused', 'reminder.resumed']);
  });

  it('spreads digests: at most a few posts a tick, the rest on the next ones', async () => {
    const clock = testClock('2026-11-24T07:00:00.000Z');
    const w = scopingWorld(db, clock);
    for (const u of ['UA1', 'UA2', 'UA3', 'UA4', 'UA5'])
      db.insert(people)
        .values({ teamId: 'T1', userId: u, tz: 'Europe/Berlin', createdAt: '', updatedAt: '' })
        .run();
    const out = sink();
    const scheduler = createScheduler({
      db,
      clock,
      runtime: w.runtime,
      logger: w.logger,
      deliver: out.deliver,
      reminders: createReminderOutbox({
        db,
        clock,
        timeZone: 'UTC',
        waitingFor: (_ctx, userId) => [
          { key: `action:${userId}`, title: 'Rotate the backup keys', due: '2026-11-20', overdue: true },
        ],
      }),
    });
    await scheduler.tick();
    clock.set('2026-11-24T08:00:00.000Z');
    const sent: number[] = [];
    for (let i = 0; i < 3; i++) {
      await scheduler.tick();
      sent.push(out.posts.filter((p) => p.type === 'dm').length);
      clock.advance(1000);
    }
    // Five people, and the owner (whose row has no zone: the workspace's, UTC, so later).
    expect(sent).toEqual([3, 5, 5]);
    expect(blocksOf(out.posts[0] as Reply)).toMatch(/overdue\* Rotate the backup keys — due 2026-11-20/);
  });
});

describe('weekly summary', () => {
  it('posts to the ISMS channel on Monday 09:00: what waits for whom, and the past week’s reminders', async () => {
    const { clock, w, out, scheduler } = world('2026-11-27T10:00:00.000Z', { management: true }); // a Friday
    await w.toApproval();
    await scheduler.tick();
    const summaries = () => to(out.posts, 'CISMS').filter((p) => /weekly summary/.test(textOf(p)));
    clock.set('2026-11-30T08:59:59.000Z');
    await scheduler.tick();
    expect(summaries()).toHaveLength(0);
    clock.set('2026-11-30T09:00:00.000Z'); // Monday, workspace zone UTC
    await scheduler.tick();
    await scheduler.tick();
    expect(summaries()).toHaveLength(1);
    const text = blocksOf(summaries()[0] as Reply);
    expect(text).toMatch(/\*1\* open item\(s\), \*0\* overdue/);
    expect(text).toMatch(/<@UMIA>: 1 open/);
    expect(text).toMatch(/Reminders in the past week: \d+ \(done 0, snoozed 0/);
    expect(text).not.toMatch(/UOWNER/); // nothing waits for the owner
  });
});
