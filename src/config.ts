/**
 * The only reader of the environment. Everything else receives a readonly `Config`.
 * A bad value stops start-up with one line naming the variable and what is expected.
 */
import { z } from 'zod';

export type SlackMode = 'socket' | 'http' | 'console';

export class ConfigError extends Error {
  readonly code = 'CONFIG';
}

const optional = (schema: z.ZodString) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

const url = (name: string) =>
  optional(
    z.string().refine((v) => {
      try {
        const u = new URL(v);
        return u.protocol === 'http:' || u.protocol === 'https:';
      } catch {
        return false;
      }
    }, `${name} must be an http(s) URL, e.g. https://example.com/api/`),
  );

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

const schema = z.object({
  SLACK_BOT_TOKEN: optional(z.string().startsWith('xoxb-', 'SLACK_BOT_TOKEN must start with xoxb-')),
  SLACK_APP_TOKEN: optional(z.string().startsWith('xapp-', 'SLACK_APP_TOKEN must start with xapp-')),
  SLACK_SIGNING_SECRET: optional(
    z
      .string()
      .regex(
        /^[0-9a-f]{16,}$/i,
        'SLACK_SIGNING_SECRET must be the hex signing secret from Basic Information',
      ),
  ),
  SLACK_API_URL: url('SLACK_API_URL'),
  DATABASE_PATH: z
    .preprocess((v) => (v === undefined || v === '' ? 'data/isms.db' : v), z.string())
    .refine((v) => v === ':memory:' || !v.endsWith('/'), 'DATABASE_PATH must be a file path, not a folder'),
  OPENAI_API_KEY: optional(z.string().min(1)),
  OPENAI_BASE_URL: url('OPENAI_BASE_URL'),
  OPENAI_MODEL: z.preprocess((v) => (v === undefined || v === '' ? 'gpt-4o-mini' : v), z.string()),
  OPENAI_EMBEDDING_MODEL: optional(z.string()),
  OPENAI_TIMEOUT_MS: z.preprocess(
    (v) => (v === undefined || v === '' ? 15000 : Number(v)),
    z
      .number({ error: 'OPENAI_TIMEOUT_MS must be a whole number of milliseconds' })
      .int('OPENAI_TIMEOUT_MS must be a whole number of milliseconds')
      .min(100, 'OPENAI_TIMEOUT_MS must be at least 100')
      .max(600000, 'OPENAI_TIMEOUT_MS must be at most 600000'),
  ),
  LOG_LEVEL: z.preprocess(
    (v) => (v === undefined || v === '' ? 'info' : v),
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
    }),
  ),
  TZ: z.preprocess(
    (v) => (v === undefined || v === '' ? 'UTC' : v),
    z.string().refine(isTimeZone, 'TZ must be an IANA time zone such as Europe/Berlin or UTC'),
  ),
});

const PORT_MESSAGE = 'PORT must be a port number from 0 to 65535';
const portSchema = z.preprocess(
  (v) => (v === undefined || v === '' ? 3000 : Number(v)),
  z.number({ error: PORT_MESSAGE }).int(PORT_MESSAGE).min(0, PORT_MESSAGE).max(65535, PORT_MESSAGE),
);

export interface LoadOptions {
  /** The mode is already chosen (`isms chat`, the evidence commands): Slack's HTTP port is not used. */
  readonly mode?: 'console';
}

export interface Config {
  readonly mode: SlackMode;
  readonly slack: {
    readonly botToken?: string;
    readonly appToken?: string;
    readonly signingSecret?: string;
    readonly apiUrl?: string;
  };
  readonly databasePath: string;
  readonly openai?: {
    readonly apiKey: string;
    readonly baseUrl?: string;
    readonly model: string;
    readonly embeddingModel?: string;
    readonly timeoutMs: number;
  };
  readonly port: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Default time zone for reminders. */
  readonly timeZone: string;
}

/** Parse the environment. Throws `ConfigError` whose message is the one line to show. */
export function loadConfig(env: NodeJS.ProcessEnv, options: LoadOptions = {}): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'configuration');
    const message = issue?.message ?? 'is invalid';
    throw new ConfigError(message.startsWith(name) ? message : `${name} ${message}`);
  }
  const e = parsed.data;
  let mode: SlackMode = 'console';
  if (e.SLACK_BOT_TOKEN) {
    if (e.SLACK_APP_TOKEN) mode = 'socket';
    else if (e.SLACK_SIGNING_SECRET) mode = 'http';
    else
      throw new ConfigError(
        'SLACK_BOT_TOKEN is set but neither SLACK_APP_TOKEN (Socket Mode) nor SLACK_SIGNING_SECRET (HTTP) is',
      );
  } else if (e.SLACK_APP_TOKEN || e.SLACK_SIGNING_SECRET) {
    throw new ConfigError(
      'SLACK_BOT_TOKEN must be set (xoxb-…) when SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is',
    );
  }
  if (options.mode) mode = options.mode;
  // PORT is checked only in HTTP mode, the one that listens: a stray value does not stop the console
  // or Socket Mode.
  const port = portSchema.safeParse(mode === 'http' ? env.PORT : undefined);
  if (!port.success) throw new ConfigError(PORT_MESSAGE);
  if (e.OPENAI_BASE_URL && !e.OPENAI_API_KEY) {
    throw new ConfigError(
      'OPENAI_API_KEY must be set when OPENAI_BASE_URL is (use any value for a local server)',
    );
  }
  return {
    mode,
    slack: {
      botToken: e.SLACK_BOT_TOKEN,
      appToken: e.SLACK_APP_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      apiUrl: e.SLACK_API_URL && (e.SLACK_API_URL.endsWith('/') ? e.SLACK_API_URL : `${e.SLACK_API_URL}/`),
    },
    databasePath: e.DATABASE_PATH,
    openai: e.OPENAI_API_KEY
      ? {
          apiKey: e.OPENAI_API_KEY,
          baseUrl: e.OPENAI_BASE_URL,
          model: e.OPENAI_MODEL,
          embeddingModel: e.OPENAI_EMBEDDING_MODEL,
          timeoutMs: e.OPENAI_TIMEOUT_MS,
        }
      : undefined,
    port: port.data,
    logLevel: e.LOG_LEVEL,
    timeZone: e.TZ,
  };
}
