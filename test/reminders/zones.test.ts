/**
 * Time zones read when a reminder goes out, under a controllable clock on a real SQLite file with the
 * real scheduler: a person's digest follows their Slack profile (`users.info` on the fake Slack Web
 * API, over HTTP) when they move, arriving at 09:00 where they are now, once a day; and a snoozed DM
 * that comes due in the recipient's quiet hours waits for the next 09:00 in their zone.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/bot/types.ts';
import { decideReminder } from '../../src/reminders/decide.ts';
import { createReminderOutbox } from '../../src/reminders/outbox.ts';
import { addSchedule } from '../../src/reminders/schedules.ts';
import { createScheduler } from '../../src/scheduler/index.ts';
import { slackDirectory } from '../../src/slack/directory.ts';
import { closeDatabase, type Db, openDatabase } from '../../src/store/db.ts';
import { people, reminderOccurrences, reminderSchedules } from '../../src/store/schema/index.ts';
import { tempDbPath } from '../helpers/app-process.ts';
import { FakeSlack } from '../helpers/fake-slack.ts';
import { OWNER, scopingWorld, testClock } from '../helpers/scoping-run.ts';

const fake = new FakeSlack();
let db: Db;
beforeAll(() => fake.start());
afterAll(() => fake.stop());
beforeEach(() => {
  db = openDatabase(tempDbPath());
});
afterEach(() => closeDatabase(db));

function world(start: string) {
  const clock = testClock(start);
  const w = scopingWorld(db, clock, { management: true });
  const posts: Reply[] = [];
  let ts = 1;
  const deliver = async (replies: readonly Reply[]) => {
    for (const r of replies) {
      if (r.type !== 'dm' && r.type !== 'message') continue;
      posts.push(r);
      r.onDelivered?.({ channel: r.type === 'dm' ? `D${r.userId}` : (r.channel ?? ''), ts: `${ts++}.0` });
    }
  };
  const scheduler = createScheduler({
    db,
    clock,
    runtime: w.runtime,
    logger: w.logger,
    messages: w.messages,
    deliver,
    directory: slackDirectory({ slack: { botToken: 'xoxb-test', apiUrl: fake.apiUrl() } } as never),
    reminders: createReminderOutbox({ db, clock, timeZone: 'UTC' }),
  });
  const dmsTo = (userId: string, pattern: RegExp) =>
    posts.filter((p) => p.type === 'dm' && p.userId === userId && pattern.test(p.message.text));
  return { clock, ctx: { db, teamId: 'T1', clock }, w, scheduler, dmsTo };
}

const member = (tz: string) => ({ team_id: 'T1', deleted: false, is_bot: false, tz });

describe('time zones read when a reminder goes out', () => {
  it('sends the digest at 09:00 where the person is now, after they move, once a day', async () => {
    fake.users.set('UMIA', member('Europe/Berlin'));
    const { clock, w, scheduler, dmsTo } = world('2026-11-24T10:00:00.000Z');
    db.update(people).set({ tz: 'Europe/Berlin' }).run();
    await w.toApproval(); // the scope approval waits for mia: her digest lists it
    await scheduler.tick();
    const digests = () => dmsTo('UMIA', /Your ISMS digest/);
    clock.set('2026-11-25T08:00:00.000Z'); // 09:00 in Berlin
    await scheduler.tick();
    expect(digests()).toHaveLength(1);
    // Mia moves to New York; her Slack profile says so (nothing else tells the app).
    fake.users.set('UMIA', member('America/New_York'));
    clock.set('2026-11-26T08:00:00.000Z'); // 09:00 in Berlin, 03:00 in New York
    await scheduler.tick();
    await scheduler.tick();
    expect(digests()).toHaveLength(1);
    clock.set('2026-11-26T13:59:00.000Z');
    await scheduler.tick();
    expect(digests()).toHaveLength(1);
    clock.set('2026-11-26T14:00:00.000Z'); // 09:00 in New York
    await scheduler.tick();
    await scheduler.tick();
    expect(digests()).toHaveLength(2);
    clock.set('2026-11-27T08:00:00.000Z');
    await scheduler.tick();
    expect(digests()).toHaveLength(2);
    clock.set('2026-11-27T14:00:00.000Z');
    await scheduler.tick();
    expect(digests()).toHaveLength(3);
    const row = db
      .select()
      .from(reminderSchedules)
      .all()
      .find((s) => s.userId === 'UMIA');
    expect(row).toMatchObject({ timeZone: 'America/New_York', nextDueAt: '2026-11-28T14:00:00.000Z' });
    expect(
      db
        .select()
        .from(people)
        .all()
        .find((p) => p.userId === 'UMIA')?.tz,
    ).toBe('America/New_York');
  });

  it('sends a digest at once when the person moved east and 09:00 has already passed there today', async () => {
    fake.users.set('UMIA', member('Europe/Berlin'));
    const { clock, w, scheduler, dmsTo } = world('2026-11-24T10:00:00.000Z');
    db.update(people).set({ tz: 'Europe/Berlin' }).run();
    await w.toApproval();
    await scheduler.tick();
    fake.users.set('UMIA', member('Asia/Tokyo'));
    clock.set('2026-11-25T08:00:00.000Z'); // 09:00 in Berlin, 17:00 in Tokyo: today's is not skipped
    await scheduler.tick();
    await scheduler.tick();
    expect(dmsTo('UMIA', /Your ISMS digest/)).toHaveLength(1);
    const row = db
      .select()
      .from(reminderSchedules)
      .all()
      .find((s) => s.userId === 'UMIA');
    expect(row).toMatchObject({ timeZone: 'Asia/Tokyo', nextDueAt: '2026-11-26T00:00:00.000Z' });
  });

  it('moves a snoozed DM that comes due in quiet hours to the next 09:00 in the recipient’s zone', async () => {
    fake.users.set('UBOB', member('America/New_York'));
    const { clock, ctx, scheduler, dmsTo } = world('2026-11-24T12:00:00.000Z');
    db.insert(people)
      .values({ teamId: 'T1', userId: 'UBOB', tz: 'America/New_York', createdAt: '', updatedAt: '' })
      .run();
    addSchedule(ctx, OWNER, {
      cron: '0 10 * * *', // 10:00 in New York = 15:00Z
      timeZone: 'America/New_York',
      target: 'user:UBOB',
      text: 'Check the backup report',
    });
    const sent = () => dmsTo('UBOB', /REM-001/);
    clock.set('2026-11-24T15:00:00.000Z');
    await scheduler.tick();
    expect(sent()).toHaveLength(1);
    const first = db
      .select()
      .from(reminderOccurrences)
      .all()
      .find((o) => o.userId === 'UBOB');
    // Bob snoozes it for a day at 19:00 his time: it comes due at 19:00 tomorrow, after working hours.
    clock.set('2026-11-25T00:00:00.000Z');
    decideReminder(ctx, { userId: 'UBOB' }, first?.id ?? '', 'snooze.day', { timeZone: 'America/New_York' });
    clock.set('2026-11-25T15:00:00.000Z');
    await scheduler.tick();
    expect(sent()).toHaveLength(2); // that day's own reminder
    clock.set('2026-11-26T00:00:00.000Z'); // the snooze: 19:00 in New York
    await scheduler.tick();
    await scheduler.tick();
    expect(sent()).toHaveLength(2);
    const snoozed = db
      .select()
      .from(reminderOccurrences)
      .all()
      .find((o) => o.snoozedFrom === first?.id);
    expect(snoozed).toMatchObject({ status: 'pending', notBefore: '2026-11-26T14:00:00.000Z' });
    clock.set('2026-11-26T13:59:00.000Z');
    await scheduler.tick();
    expect(sent()).toHaveLength(2);
    clock.set('2026-11-26T14:00:00.000Z'); // 09:00 in New York
    await scheduler.tick();
    await scheduler.tick();
    expect(sent()).toHaveLength(3);
    clock.set('2026-11-26T15:00:00.000Z');
    await scheduler.tick();
    expect(sent()).toHaveLength(4);
  });
});
