/**
 * `/isms remind` and the reminder buttons over Slack's wire protocol, on a clock the test moves: the app
 * runs in-process (createApp + startSlack, as `isms start`), commands and clicks are signed as Slack
 * signs them and POSTed to /slack/events, the fake Slack Web API records what was posted and updated.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type IsmsApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { systemClock } from '../../src/domain/context.ts';
import { listEvidence } from '../../src/domain/evidence.ts';
import { createScheduler, type Scheduler } from '../../src/scheduler/index.ts';
import { type RunningSlack, startSlack } from '../../src/slack/app.ts';
import { deliver } from '../../src/slack/deliver.ts';
import { closeDatabase, type Db, openDatabase } from '../../src/store/db.ts';
import { reminderSchedules } from '../../src/store/schema/index.ts';
import { tempDbPath, waitFor } from '../helpers/app-process.ts';
import { FakeSlack } from '../helpers/fake-slack.ts';
import { testClock } from '../helpers/scoping-run.ts';
import { SIGNING_SECRET, slashCommand } from '../helpers/slack-request.ts';
import { click, findButton, latestMessage, type User } from '../helpers/slack-ui.ts';

const alice: User = { id: 'UALICE', name: 'alice' }; // ISMS owner
const bob: User = { id: 'UBOB', name: 'bob' }; // no ISMS role
const clock = testClock('2026-11-24T07:00:00.000Z');
const fake = new FakeSlack();
const logger = pino({ level: 'silent' });
let db: Db;
let app: IsmsApp;
let slack: RunningSlack;
let scheduler: Scheduler;
let base = '';

beforeAll(async () => {
  await fake.start();
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl(),
    DATABASE_PATH: tempDbPath(),
    PORT: '0',
  });
  db = openDatabase(config.databasePath);
  app = await createApp({ config, db, clock, logger });
  // Slack's transport (signature timestamps, replay claims) keeps real time; the ISMS runs on the test's.
  slack = await startSlack({ config, bot: app.bot, db, clock: systemClock, logger });
  base = `http://127.0.0.1:${slack.port}`;
  scheduler = createScheduler({
    db,
    clock,
    runtime: app.runtime,
    logger,
    messages: app.messages,
    reminders: app.reminders,
    deliver: (replies) =>
      deliver(slack.app.client, { channel: '', userId: '', teamId: 'T1' }, replies, logger),
  });
});
afterAll(async () => {
  await slack?.stop();
  await fake.stop();
  closeDatabase(db);
});

async function command(user: User, text: string): Promise<string> {
  const id = `cmd-${Math.random().toString(36).slice(2)}`;
  await slashCommand(base, {
    text,
    user_id: user.id,
    user_name: user.name,
    response_url: fake.responseUrl(id),
  });
  return String((await waitFor(() => fake.responses.find((r) => r.id === id), 5000, text)).body.text);
}
async function press(user: User, m: { channel: string; ts: string }, action: string): Promise<string> {
  const blocks = (fake.postsTo(m.channel).find((c) => c.args.__ts === m.ts)?.args.blocks ?? []) as never[];
  const { responseId } = click(base, fake, user, { ...m, blocks }, action);
  return String(
    (await waitFor(() => fake.responses.find((r) => r.id === responseId), 5000, action)).body.text,
  );
}
const posts = () => fake.postsTo('CBACKUP').filter((c) => /REM-001/.test(String(c.args.text)));
const schedules = () => db.select().from(reminderSchedules).all().length;
const evidence = () => listEvidence({ db, teamId: 'T1', clock });

describe('/isms remind over the wire', () => {
  it('refuses a bad cron expression or time zone with an example of a good one, storing nothing', async () => {
    await command(alice, 'setup');
    await command(alice, 'remind list'); // the defaults
    const before = { schedules: schedules(), evidence: evidence().length };
    expect(await command(alice, 'remind add 0 25 * * * Europe/Berlin Check the backup report')).toMatch(
      /not a cron expression.*e\.g\. `0 9 \* \* 1`.*Nothing was saved/,
    );
    expect(await command(alice, 'remind add 0 9 * * 1 Mars/Olympus Check the backup report')).toMatch(
      /not a time zone.*`Europe\/Berlin`.*Nothing was saved/,
    );
    expect(await command(alice, 'remind add 0 9 * *')).toMatch(/needs a cron expression.*`0 9 \* \* 1`/);
    expect(await command(alice, 'remind add risk-review 0 9 31 2 *')).toMatch(/not a cron expression/);
    expect({ schedules: schedules(), evidence: evidence().length }).toEqual(before);
  });

  it('lets only the owner add a reminder; anyone may list them', async () => {
    expect(
      await command(bob, 'remind add "0 9 * * *" Europe/Berlin <#CBACKUP|backup> Check the backup report'),
    ).toMatch(/Only the ISMS owner.*recorded/);
    expect(evidence().at(-1)).toMatchObject({ kind: 'reminder.refused', actorId: bob.id });
    expect(
      await command(alice, 'remind add "0 9 * * *" Europe/Berlin <#CBACKUP|backup> Check the backup report'),
    ).toMatch(/Added `REM-001`/);
    const list = await command(bob, 'remind list');
    for (const name of [
      'management-review',
      'risk-review',
      'soa-review',
      'digest',
      'weekly-summary',
      'REM-001',
    ])
      expect(list).toContain(`\`${name}\``);
    expect(list).toMatch(/`REM-001` `0 9 \* \* \*` Europe\/Berlin → <#CBACKUP>/);
    // Anyone pauses their own digest; it is their DM, not the workspace's schedule.
    expect(await command(bob, 'remind pause my-digest')).toMatch(/Your daily digest is paused/);
    expect(await command(bob, 'remind pause my-digest')).toMatch(/already paused; nothing was changed/);
    expect(await command(bob, 'remind pause digest')).toMatch(/Only the ISMS owner/);
    expect(await command(bob, 'remind list')).toMatch(/your own digest is paused/);
    expect(await command(alice, 'remind list')).not.toMatch(/your own digest/);
  });

  it('posts the reminder once on time with Done / Snooze / Open; Done is the owner’s click, recorded', async () => {
    clock.set('2026-11-24T08:00:00.000Z'); // 09:00 in Berlin
    await Promise.all([scheduler.tick(), scheduler.tick()]);
    await scheduler.tick();
    expect(posts()).toHaveLength(1);
    const m = { channel: 'CBACKUP', ts: String(posts()[0]?.args.__ts) };
    const blocks = (posts()[0]?.args.blocks ?? []) as never[];
    for (const a of ['reminder.done', 'reminder.snooze.day', 'reminder.snooze.week', 'reminder.open'])
      expect(findButton(blocks, a)).toBeDefined();

    expect(await press(bob, m, 'reminder.done')).toMatch(/Only people with an ISMS role.*recorded/);
    expect(evidence().at(-1)).toMatchObject({ kind: 'reminder.refused', actorId: bob.id });
    expect(await press(alice, m, 'reminder.open')).toMatch(/remind list/);
    expect(evidence().at(-1)).toMatchObject({ kind: 'reminder.opened', actorId: alice.id });
    expect(await press(alice, m, 'reminder.done')).toMatch(/Done — <@UALICE>/);
    await waitFor(() => fake.callsTo('chat.update').some((c) => c.args.ts === m.ts), 5000, 'updated');
    const shown = latestMessage(fake, m.ts);
    expect(shown?.text).toMatch(/Done/);
    expect(findButton(shown?.blocks ?? [], 'reminder.done')).toBeUndefined();
    expect(await press(alice, m, 'reminder.done')).toMatch(/already marked done by <@UALICE>/);
    expect(evidence().filter((e) => e.kind === 'reminder.done')).toHaveLength(1);
  });

  it('still fires the next day; Snooze 1 week brings that one back once, a week later', async () => {
    clock.set('2026-11-25T08:00:00.000Z');
    await scheduler.tick();
    expect(posts()).toHaveLength(2);
    const m = { channel: 'CBACKUP', ts: String(posts()[1]?.args.__ts) };
    clock.set('2026-11-25T08:00:30.000Z');
    expect(await press(alice, m, 'reminder.snooze.week')).toMatch(/Snoozed by <@UALICE> until 2 Dec/);
    await waitFor(() => fake.callsTo('chat.update').some((c) => c.args.ts === m.ts), 5000, 'updated');
    expect(evidence().at(-1)).toMatchObject({ kind: 'reminder.snoozed', actorId: alice.id });
    // Paused meanwhile: the daily reminder stops, the snoozed one still comes back when asked.
    expect(await command(bob, 'remind pause REM-001')).toMatch(/Only the ISMS owner/);
    expect(await command(alice, 'remind pause REM-001')).toMatch(/Paused/);
    clock.set('2026-12-02T08:00:29.000Z');
    await scheduler.tick();
    expect(posts()).toHaveLength(2);
    clock.set('2026-12-02T08:00:30.000Z');
    await scheduler.tick();
    await scheduler.tick();
    expect(posts()).toHaveLength(3);
    expect(await command(alice, 'remind resume REM-001')).toMatch(/Resumed/);
    clock.set('2026-12-03T08:00:00.000Z');
    await scheduler.tick();
    expect(posts()).toHaveLength(4);
    expect(JSON.stringify(posts()[3]?.args.blocks)).not.toMatch(/Late/); // nothing caught up from the pause
    expect(await command(alice, 'remind delete REM-001')).toMatch(/Deleted `REM-001`/);
    expect(await command(alice, 'remind list')).not.toContain('REM-001');
  });
});
