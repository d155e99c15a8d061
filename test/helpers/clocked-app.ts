/**
 * The app in-process over Slack's wire protocol, with a clock the test moves: the same createApp +
 * startSlack as `isms start`, requests signed as Slack signs them, the fake Slack Web API recording
 * what it was sent, and a scheduler the test ticks. Slack's transport (signature timestamps, replay
 * claims) keeps real time; the ISMS runs on the test's clock. Started once per test file.
 */
import pino from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { createApp, type IsmsApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { systemClock } from '../../src/domain/context.ts';
import { listEvidence } from '../../src/domain/evidence.ts';
import { createScheduler, type Scheduler } from '../../src/scheduler/index.ts';
import { type RunningSlack, startSlack } from '../../src/slack/app.ts';
import { deliver } from '../../src/slack/deliver.ts';
import { closeDatabase, type Db, openDatabase } from '../../src/store/db.ts';
import { tempDbPath, waitFor } from './app-process.ts';
import { FakeSlack } from './fake-slack.ts';
import { testClock } from './scoping-run.ts';
import { SIGNING_SECRET, slashCommand } from './slack-request.ts';
import { latestMessage, type User } from './slack-ui.ts';

export interface ClockedApp {
  readonly fake: FakeSlack;
  readonly clock: ReturnType<typeof testClock>;
  readonly db: Db;
  readonly app: IsmsApp;
  readonly slack: RunningSlack;
  readonly scheduler: Scheduler;
  /** `http://127.0.0.1:<port>` of the app's endpoint. */
  readonly base: string;
  /** `/isms <text>` as `user`; resolves with the response_url reply. */
  command(user: User, text: string): Promise<{ id: string; body: Record<string, unknown> }>;
  /** A message as it reads now (its latest update), for clicking its buttons. */
  copy(channel: string, ts: string): { channel: string; ts: string; blocks: never[] };
  evidence(): ReturnType<typeof listEvidence>;
}

export function useClockedApp(start: string): ClockedApp {
  const clock = testClock(start);
  const fake = new FakeSlack();
  const logger = pino({ level: 'silent' });
  const live = {} as { db: Db; app: IsmsApp; slack: RunningSlack; scheduler: Scheduler; base: string };
  beforeAll(async () => {
    await fake.start();
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl(),
      DATABASE_PATH: tempDbPath(),
      PORT: '0',
    });
    live.db = openDatabase(config.databasePath);
    live.app = await createApp({ config, db: live.db, clock, logger });
    live.slack = await startSlack({ config, bot: live.app.bot, db: live.db, clock: systemClock, logger });
    live.base = `http://127.0.0.1:${live.slack.port}`;
    live.scheduler = createScheduler({
      db: live.db,
      clock,
      runtime: live.app.runtime,
      logger,
      messages: live.app.messages,
      deliver: (replies) =>
        deliver(live.slack.app.client, { channel: '', userId: '', teamId: 'T1' }, replies, logger),
    });
  });
  afterAll(async () => {
    await live.slack?.stop();
    await fake.stop();
    if (live.db) closeDatabase(live.db);
  });
  return {
    fake,
    clock,
    get db() {
      return live.db;
    },
    get app() {
      return live.app;
    },
    get slack() {
      return live.slack;
    },
    get scheduler() {
      return live.scheduler;
    },
    get base() {
      return live.base;
    },
    async command(user, text) {
      const id = `cmd-${Math.random().toString(36).slice(2)}`;
      await slashCommand(live.base, {
        text,
        user_id: user.id,
        user_name: user.name,
        response_url: fake.responseUrl(id),
      });
      return waitFor(() => fake.responses.find((r) => r.id === id), 5000, text);
    },
    copy: (channel, ts) => ({ channel, ts, blocks: (latestMessage(fake, ts)?.blocks ?? []) as never[] }),
    evidence: () => listEvidence({ db: live.db, teamId: 'T1', clock }),
  };
}
