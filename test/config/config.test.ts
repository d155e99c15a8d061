/** Configuration errors: one clear line naming the variable, exit code 1, no stack trace. */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { cleanEnv, runIsms, tempDbPath } from '../helpers/app-process.ts';

const httpMode = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'abcdef0123456789' };
const cases: [string, Record<string, string>, RegExp][] = [
  [
    'bot token prefix',
    { SLACK_BOT_TOKEN: 'xoxp-123', SLACK_APP_TOKEN: 'xapp-1' },
    /^isms: SLACK_BOT_TOKEN must start with xoxb-$/,
  ],
  [
    'app token prefix',
    { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xoxb-2' },
    /^isms: SLACK_APP_TOKEN must start with xapp-$/,
  ],
  [
    'signing secret',
    { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'not hex!' },
    /^isms: SLACK_SIGNING_SECRET must be/,
  ],
  [
    'bot token alone',
    { SLACK_BOT_TOKEN: 'xoxb-1' },
    /^isms: SLACK_BOT_TOKEN is set but neither SLACK_APP_TOKEN/,
  ],
  ['app token alone', { SLACK_APP_TOKEN: 'xapp-1' }, /^isms: SLACK_BOT_TOKEN must be set/],
  ['slack api url', { SLACK_API_URL: 'ftp://x' }, /^isms: SLACK_API_URL must be an http\(s\) URL/],
  ['port', { ...httpMode, PORT: 'eighty' }, /^isms: PORT must be a port number/],
  ['port range', { ...httpMode, PORT: '70000' }, /^isms: PORT must be a port number/],
  ['log level', { LOG_LEVEL: 'loud' }, /^isms: LOG_LEVEL must be one of/],
  ['time zone', { TZ: 'Mars/Olympus' }, /^isms: TZ must be an IANA time zone/],
  ['openai base url', { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' }, /^isms: OPENAI_API_KEY must be set/],
  [
    'openai timeout',
    { OPENAI_API_KEY: 'k', OPENAI_TIMEOUT_MS: '5' },
    /^isms: OPENAI_TIMEOUT_MS must be at least 100$/,
  ],
];

/** The line `isms` prints for a configuration error (src/cli.ts prefixes the message). */
function configLine(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return `isms: ${err.message}`;
    throw err;
  }
  return '(accepted)';
}

describe('configuration', () => {
  // Each case is checked in-process; one spawned `isms start` below shows how the CLI prints it. A
  // process per case cost a second of CPU each and made the suite slow on two busy cores.
  it.each(cases)('%s: one line naming the variable', (_name, vars, expected) => {
    const line = configLine({ DATABASE_PATH: tempDbPath(), ...vars });
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toMatch(expected);
  });

  it('isms start prints that one line, no stack trace, and exits 1', async () => {
    const [, vars, expected] = cases[0] ?? ['', {}, /^$/];
    const r = await runIsms(['start'], cleanEnv({ DATABASE_PATH: tempDbPath(), ...vars }));
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(expected);
    expect(lines[0]).toBe(configLine(vars));
    expect(r.stdout).toBe('');
  });

  it('picks the mode from the credentials present', () => {
    expect(loadConfig({}).mode).toBe('console');
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).mode).toBe('socket');
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'abcdef0123456789' }).mode).toBe(
      'http',
    );
  });

  it('applies the documented defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ databasePath: 'data/isms.db', port: 3000, logLevel: 'info', timeZone: 'UTC' });
    expect(c.openai).toBeUndefined();
    expect(loadConfig({ SLACK_API_URL: 'http://127.0.0.1:9/api' }).slack.apiUrl).toBe(
      'http://127.0.0.1:9/api/',
    );
  });
});
