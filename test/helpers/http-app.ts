/** The app in HTTP mode against a fake Slack, started once per test file. */
import { afterAll, beforeAll } from 'vitest';
import { cleanEnv, type RunningApp, startIsms, tempDbPath } from './app-process.ts';
import { FakeSlack } from './fake-slack.ts';
import { SIGNING_SECRET } from './slack-request.ts';

export class HttpHarness {
  slack = new FakeSlack();
  app!: RunningApp;
  readonly dbPath = tempDbPath();

  constructor(private readonly extra: Record<string, string> = {}) {}

  env(): NodeJS.ProcessEnv {
    return cleanEnv({
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: this.slack.apiUrl(),
      DATABASE_PATH: this.dbPath,
      PORT: '0',
      ...this.extra,
    });
  }

  async start(): Promise<void> {
    await this.slack.start();
    this.app = await startIsms(this.env());
  }

  /** Stop the process (SIGTERM, or SIGKILL for a crash) and start a new one on the same database. */
  async restart(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    await this.app.stop(signal);
    this.app = await startIsms(this.env());
  }

  async stop(): Promise<void> {
    await this.app?.stop();
    await this.slack.stop();
  }
}

export function useHttpApp(extra?: Record<string, string>): HttpHarness {
  const h = new HttpHarness(extra);
  beforeAll(() => h.start());
  afterAll(() => h.stop());
  return h;
}
