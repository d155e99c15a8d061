/**
 * What a new user or an operator gets wrong when starting `isms`: one clear line each, exit 1, no
 * stack trace, and nothing refused that the chosen mode does not use.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanEnv, type RunResult, runIsms, tempDbPath } from '../helpers/app-process.ts';
import { FakeSlack } from '../helpers/fake-slack.ts';
import { SIGNING_SECRET } from '../helpers/slack-request.ts';

/** The lines that are not JSON logs: what a person reads. */
const said = (r: RunResult) =>
  r.stderr
    .trim()
    .split('\n')
    .filter((l) => l && !l.startsWith('{'));

function expectOneLine(r: RunResult, line: RegExp): void {
  expect(r.code).toBe(1);
  expect(said(r)).toHaveLength(1);
  expect(said(r)[0]).toMatch(line);
  expect(r.stderr).not.toMatch(/"stack"|\n\s+at /);
}

const http = (extra: Record<string, string>) =>
  cleanEnv({
    SLACK_BOT_TOKEN: 'xoxb-1-2-3',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    DATABASE_PATH: tempDbPath(),
    PORT: '0',
    ...extra,
  });

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('start-up mistakes', () => {
  it('an unwritable DATABASE_PATH is one line naming it', async () => {
    const dir = dirname(tempDbPath());
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    const folder = join(dir, 'a-folder');
    mkdirSync(folder);
    const paths = [join(file, 'isms.db'), folder, '/proc/isms-test.db'];
    const runs = await Promise.all(paths.map((p) => runIsms(['start'], cleanEnv({ DATABASE_PATH: p }))));
    runs.forEach((r, i) => {
      expectOneLine(r, new RegExp(`^isms: DATABASE_PATH ${paths[i]} cannot be created or written \\(.+\\)$`));
    });
  });

  it('an unreachable SLACK_API_URL is reported as unreachable', async () => {
    const port = await closedPort();
    const r = await runIsms(['start'], http({ SLACK_API_URL: `http://127.0.0.1:${port}/api/` }));
    expectOneLine(
      r,
      new RegExp(
        `^isms: Slack's Web API at http://127\\.0\\.0\\.1:${port}/api/ is unreachable \\(ECONNREFUSED\\)`,
      ),
    );
    expect(r.stderr).not.toContain('rejected');
  });

  it('a token Slack refuses is reported as refused', async () => {
    const slack = await new FakeSlack().start();
    slack.fail('auth.test', { error: 'invalid_auth' });
    try {
      const r = await runIsms(['start'], http({ SLACK_API_URL: slack.apiUrl() }));
      expectOneLine(r, /^isms: Slack rejected SLACK_BOT_TOKEN \(invalid_auth\): check the token$/);
    } finally {
      await slack.stop();
    }
  });

  it('an unknown command is called one, at any level', async () => {
    const [top, nested] = await Promise.all([
      runIsms(['frob'], cleanEnv({ DATABASE_PATH: tempDbPath() })),
      runIsms(['evidence', 'frob'], cleanEnv({ DATABASE_PATH: tempDbPath() })),
    ]);
    expectOneLine(
      top,
      /^isms: unknown command "frob": the commands are start, chat, ask, evidence, import, export, status, migrate/,
    );
    expectOneLine(nested, /^isms: unknown command "evidence frob": the commands are verify, head, export/);
  });

  it('PORT is checked only where it is used: HTTP mode', async () => {
    const [consoleMode, httpMode] = await Promise.all([
      runIsms(['start'], cleanEnv({ DATABASE_PATH: tempDbPath(), PORT: 'abc' }), '/isms help\n'),
      runIsms(['start'], http({ PORT: 'abc' })),
    ]);
    expect(consoleMode.code).toBe(0);
    expect(consoleMode.stdout).toMatch(/\/isms ask/);
    expectOneLine(httpMode, /^isms: PORT must be a port number from 0 to 65535$/);
  });
});
