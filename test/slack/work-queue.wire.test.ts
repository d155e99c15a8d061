/**
 * Acks under load (issue 7 item 8): the work after an ack goes through a bounded queue. With the
 * queue made small (one job at a time, two waiting) and Slack holding the answers, a burst is acked
 * in full, the overflow is told "busy" at once, and every request gets exactly one reply.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { systemClock } from '../../src/domain/context.ts';
import { type RunningSlack, startSlack } from '../../src/slack/app.ts';
import { closeDatabase, type Db, openDatabase } from '../../src/store/db.ts';
import { tempDbPath, waitFor } from '../helpers/app-process.ts';
import { FakeSlack } from '../helpers/fake-slack.ts';
import { eventCallback, SIGNING_SECRET, slashCommand } from '../helpers/slack-request.ts';

const fake = new FakeSlack();
const logger = pino({ level: 'silent' });
let db: Db;
let slack: RunningSlack;
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
  const app = await createApp({ config, db, clock: systemClock, logger });
  slack = await startSlack({
    config,
    bot: app.bot,
    db,
    clock: systemClock,
    logger,
    work: { concurrency: 1, capacity: 2 },
  });
  base = `http://127.0.0.1:${slack.port}`;
});
afterAll(async () => {
  fake.release();
  await slack?.stop();
  await fake.stop();
  closeDatabase(db);
});

const mention = (eventId: string, user: string, channel: string, ts = `${Date.now() / 1000}`) =>
  eventCallback(base, eventId, {
    type: 'app_mention',
    user,
    text: '<@UBOT> what is a risk owner?',
    ts,
    channel,
    team: 'T1',
  });

const BUSY = /busy/i;
const answersIn = (channel: string) =>
  fake.postsTo(channel).filter((c) => /risk owner/i.test(String(c.args.text)));
const busyFor = (user: string) =>
  fake.callsTo('chat.postEphemeral').filter((c) => c.args.user === user && BUSY.test(String(c.args.text)));

describe('a burst beyond the work queue', () => {
  it('is acked in full; the overflow is told busy, the rest answered, each person once', async () => {
    fake.hold('C5'); // the answers reach Slack but are not answered: the queue stays full
    const users = ['UA1', 'UA2', 'UA3', 'UA4', 'UA5', 'UA6'];
    const tsOf = new Map(users.map((u, i) => [u, `1700000${i}.000100`]));
    const acks = await Promise.all(users.map((u, i) => mention(`EvBurst${i}`, u, 'C5', tsOf.get(u) ?? '')));
    expect(acks.map((r) => r.status)).toEqual(users.map(() => 200));

    // One runs, two wait: the other three are told at once, while the answers are still held.
    await waitFor(() => users.filter((u) => busyFor(u).length > 0).length === 3, 8000, 'busy replies');
    expect(answersIn('C5').length).toBeLessThanOrEqual(1);

    fake.release();
    await waitFor(() => answersIn('C5').length === 3, 8000, 'three answers');
    await new Promise((r) => setTimeout(r, 300)); // nothing more may come
    const answers = (u: string) => answersIn('C5').filter((c) => c.args.thread_ts === tsOf.get(u)).length;
    // Each person exactly once: an answer in their thread or the busy reply, never both, never none.
    expect(users.map((u) => answers(u) + busyFor(u).length)).toEqual(users.map(() => 1));
    expect(users.filter((u) => busyFor(u).length === 1)).toHaveLength(3);
  });

  it('tells a slash command busy through its response_url while the queue is full, and answers once it is not', async () => {
    fake.hold('C6');
    await Promise.all(['UB1', 'UB2', 'UB3'].map((u, i) => mention(`EvFill${i}`, u, 'C6')));
    const res = await slashCommand(base, {
      text: 'ask what is a risk owner?',
      user_id: 'UB4',
      response_url: fake.responseUrl('busy-1'),
    });
    expect(res.status).toBe(200);
    const reply = await waitFor(() => fake.responses.find((r) => r.id === 'busy-1'), 8000, 'busy reply');
    expect(String(reply.body.text)).toMatch(BUSY);

    fake.release();
    await waitFor(() => answersIn('C6').length === 3, 8000, 'queued answers');
    await slashCommand(base, {
      text: 'ask what is a risk owner?',
      user_id: 'UB4',
      response_url: fake.responseUrl('answer-1'),
    });
    const answer = await waitFor(() => fake.responses.find((r) => r.id === 'answer-1'), 8000, 'answer');
    expect(String(answer.body.text)).toMatch(/risk owner/i);
    expect(fake.responses.filter((r) => r.id === 'busy-1')).toHaveLength(1);
  });
});
