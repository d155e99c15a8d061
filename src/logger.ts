/**
 * Structured logs (pino) to stderr. Secrets are redacted three ways: by key path, by shape (Slack
 * tokens, `sk-` keys, bearer credentials) and by value. The configured secrets (tokens, signing secret,
 * model key) are masked in the finished log line, so they cannot leak through any field, however deep:
 * an error's `error.message` echoed by a server, its `cause`, an array element, a message string.
 */
import pino, { type Logger } from 'pino';
import type { Config } from './config.ts';

export type { Logger };

const SECRET_PATTERNS: readonly RegExp[] = [
  /xox[abposr]-[A-Za-z0-9-]+/g, // Slack bot/user/legacy tokens
  /xapp-[A-Za-z0-9-]+/g, // Slack app-level tokens
  /sk-[A-Za-z0-9_-]{8,}/g, // OpenAI-style API keys
  /(Bearer\s+)[A-Za-z0-9._~+/-]+=*/gi,
];

/** Shorter values are not masked: a 3-letter "key" for a local server would blank out every word. */
export const MIN_SECRET_LENGTH = 8;

/**
 * Every form a secret takes in a log line: as typed, escaped inside a JSON string, and URL-encoded
 * (a key in a query string). Longest first, so a longer form is masked whole.
 */
function secretForms(secrets: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const s of secrets) {
    if (s.length < MIN_SECRET_LENGTH) continue;
    forms.add(s);
    forms.add(JSON.stringify(s).slice(1, -1));
    forms.add(encodeURIComponent(s));
  }
  return [...forms].sort((a, b) => b.length - a.length);
}

/** Mask the given secret values, then anything shaped like a token or key, inside a string. */
export function redactSecrets(text: string, extra: readonly string[] = []): string {
  return redactForms(text, secretForms(extra));
}

function redactForms(text: string, forms: readonly string[]): string {
  let out = text;
  for (const form of forms) out = out.split(form).join('[REDACTED]');
  for (const re of SECRET_PATTERNS)
    out = out.replace(re, (_m, bearer?: string) => `${bearer ?? ''}[REDACTED]`);
  return out;
}

const REDACT_PATHS = [
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'apiKey',
  'authorization',
  '*.token',
  '*.botToken',
  '*.appToken',
  '*.signingSecret',
  '*.apiKey',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
];

/** The secret values of a configuration: what every logger built from it must mask. */
export function secretsOf(config: Config): string[] {
  return [
    config.slack.botToken,
    config.slack.appToken,
    config.slack.signingSecret,
    config.openai?.apiKey,
  ].filter((s): s is string => Boolean(s));
}

export function createLogger(
  level: string,
  secrets: readonly string[] = [],
  destination: pino.DestinationStream = pino.destination(2),
): Logger {
  const forms = secretForms(secrets);
  return pino(
    {
      level,
      base: undefined,
      redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
      // Errors keep their own fields (a server's `error` body, `cause`, `headers`): the line is then
      // scrubbed whole, which is the only place where every nested string is in one piece of text.
      serializers: { err: pino.stdSerializers.errWithCause },
      hooks: { streamWrite: (line) => redactForms(line, forms) },
    },
    destination,
  );
}
