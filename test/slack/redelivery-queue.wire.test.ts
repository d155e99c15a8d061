/**
 * Events a crash left unanswered wait for room in the work queue after a restart (issue 7 items 6 and
 * 8): more of them than the queue holds are all answered, none told "busy", each once.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { systemClock } from '../../src/domain/context.ts';
import { type RunningSlack, startSlack } from '../../src/slack/app.ts';
import { closeDatabase, type Db, openDatabase } from '../../src/store/db.ts';
import { slackEvents } from '../../src/store/schema/index.ts';
import { tempDbPath, waitFor } from '../helpers/app-process.ts';
import { FakeSlack } from '../helpers/fake-slack.ts';
import { SIGNING_SECRET } from '../helpers/slack-request.ts';

const fake = new FakeSlack();
const logger = pino({ level: 'silent' });
const LOST = 7; // the queue below holds three: one running, two waiting
let db: Db;
let slack: RunningSlack | undefined;

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
  // What an earlier start left: claimed @mentions whose answers never reached Slack.
  const receivedAt = new Date().toISOString();
  for (let i = 0; i < LOST; i++) {
    const event = {
      type: 'app_mention',
      user: `UL${i}`,
      text: '<@UBOT> what is a risk owner?',
      ts: `170000010${i}.000100`,
      channel: 'C7',
      team: 'T1',
    };
    db.insert(slackEvents)
      .values({
        teamId: 'T1',
        eventId: `EvLost${i}`,
        receivedAt,
        attempts: 1,
        claimedBy: 'an-earlier-start',
        body: { type: 'event_callback', team_id: 'T1', event_id: `EvLost${i}`, event },
      })
      .run();
  }
  fake.hold('C7'); // answers reach Slack but are not answered yet: the queue fills up
  const app = await createApp({ config, db, clock: systemClock, logger });
  slack = await startSlack({
    config,
    bot: app.bot,
    db,
    clock: systemClock,
    logger,
    work: { concurrency: 1, capacity: 2 },
  });
});
afterAll(async () => {
  fake.release();
  await slack?.stop();
  await fake.stop();
  closeDatabase(db);
});

describe('events a restart left unanswered, more than the work queue holds', () => {
  it('are all answered once, in their threads, and nobody is told busy', async () => {
    await waitFor(() => fake.postsTo('C7').length >= 1, 10000, 'the first re-run answer');
    fake.release();
    const answers = () => fake.postsTo('C7').filter((c) => /risk owner/i.test(String(c.args.text)));
    await waitFor(() => answers().length === LOST, 15000, 'every lost answer');
    await new Promise((r) => setTimeout(r, 300)); // nothing more may come
    expect(
      answers()
        .map((c) => c.args.thread_ts)
        .sort(),
    ).toEqual(Array.from({ length: LOST }, (_, i) => `170000010${i}.000100`));
    expect(fake.callsTo('chat.postEphemeral').filter((c) => /busy/i.test(String(c.args.text)))).toEqual([]);
    expect(
      db
        .select()
        .from(slackEvents)
        .all()
        .every((r) => r.deliveredAt !== null && r.body === null),
    ).toBe(true);
  });
});
