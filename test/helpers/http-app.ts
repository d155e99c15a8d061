/** The app in HTTP mode against a fake Slack, started once per test file. */
import { afterAll, beforeAll } from 'vitest';
import {
  cleanEnv,
  type RunningApp,
  type Standby,
  standbyIsms,
  startIsms,
  tempDbPath,
} from './app-process.ts';
import { FakeSlack } from './fake-slack.ts';
import { SIGNING_SECRET } from './slack-request.ts';

export class HttpHarness {
  slack = new FakeSlack();
  app!: RunningApp;
  readonly dbPath = tempDbPath();

  private standby?: Standby;

  /**
   * `restarts`: the file restarts the app, so a warm process is kept ready for it (standby.mjs).
   * Only then: it costs a second of CPU that a file without restarts would waste.
   */
  constructor(
    private readonly extra: Record<string, string> = {},
    private readonly options: { restarts?: boolean } = {},
  ) {}

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
    if (this.options.restarts) this.standby = standbyIsms(this.env());
  }

  /** Stop the process (SIGTERM, or SIGKILL for a crash) and start a new one on the same database. */
  async restart(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    await this.app.stop(signal);
    const warm = this.standby;
    this.standby = undefined;
    this.app = warm ? await warm.go() : await startIsms(this.env());
    if (this.options.restarts) this.standby = standbyIsms(this.env());
  }

  async stop(): Promise<void> {
    this.standby?.kill();
    await this.app?.stop();
    await this.slack.stop();
  }
}

export function useHttpApp(extra?: Record<string, string>, options?: { restarts?: boolean }): HttpHarness {
  const h = new HttpHarness(extra, options);
  beforeAll(() => h.start());
  afterAll(() => h.stop());
  return h;
}
