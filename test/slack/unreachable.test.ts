/**
 * Slack's Web API going away while the app runs: the client retries each call for ~3.5 s and used to
 * log a warning per attempt with neither method nor cause, then more for each fallback route. Now the
 * failure is one line naming the cause, and the event stays unanswered, to be answered after a restart.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { systemClock } from '../../src/domain/context.ts';
import { createLogger } from '../../src/logger.ts';
import { type RunningSlack, startSlack } from '../../src/slack/app.ts';
import { closeDatabase, type Db, openDatabase } from '../../src/store/db.ts';
import { slackEvents } from '../../src/store/schema/index.ts';
import { tempDbPath, waitFor } from '../helpers/app-process.ts';
import { FakeSlack } from '../helpers/fake-slack.ts';
import { eventCallback, SIGNING_SECRET } from '../helpers/slack-request.ts';

const fake = new FakeSlack();
const lines: { level: number; msg: string; [k: string]: unknown }[] = [];
let db: Db;
let slack: RunningSlack;

beforeAll(async () => {
  await fake.start();
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl(),
    DATABASE_PATH: tempDbPath(),
    PORT: '0',
  });
  const logger = createLogger('info', [], { write: (line: string) => void lines.push(JSON.parse(line)) });
  db = openDatabase(config.databasePath);
  const app = await createApp({ config, db, clock: systemClock, logger });
  slack = await startSlack({ config, bot: app.bot, db, clock: systemClock, logger });
});
afterAll(async () => {
  await slack?.stop();
  closeDatabase(db);
});

describe('Slack unreachable while running', () => {
  it('is one clear log line per lost reply, and the event is left to be answered again', async () => {
    await fake.stop(); // connection refused from now on
    const from = lines.length;
    const res = await eventCallback(`http://127.0.0.1:${slack.port}`, 'EvUnreachable', {
      type: 'app_mention',
      user: 'U1',
      text: '<@UBOT> what is a risk owner?',
      ts: '1700000009.000100',
      channel: 'C1',
      team: 'T1',
    });
    expect(res.status).toBe(200);
    await waitFor(() => lines.slice(from).some((l) => /unreachable/.test(l.msg)), 15000, 'the log line');
    await new Promise((r) => setTimeout(r, 500)); // no fallback route may add more
    const warnings = lines.slice(from).filter((l) => l.level >= 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ cause: 'ECONNREFUSED', channel: 'C1', userId: 'U1' });
    expect(warnings[0]?.msg).toMatch(/Slack's Web API is unreachable \(ECONNREFUSED\)/);
    const row = db.select().from(slackEvents).where(eq(slackEvents.eventId, 'EvUnreachable')).get();
    expect(row?.deliveredAt).toBeNull();
    expect(row?.body).not.toBeNull();
  });
});
