/**
 * Structured logs (pino) to stderr. Secrets are redacted twice over: by key path, and by pattern in
 * any string, so a token that ends up inside an error message is masked as well.
 */
import pino, { type Logger } from 'pino';

export type { Logger };

const SECRET_PATTERNS: readonly RegExp[] = [
  /xox[abposr]-[A-Za-z0-9-]+/g, // Slack bot/user/legacy tokens
  /xapp-[A-Za-z0-9-]+/g, // Slack app-level tokens
  /sk-[A-Za-z0-9_-]{8,}/g, // OpenAI-style API keys
  /(Bearer\s+)[A-Za-z0-9._~+/-]+=*/gi,
];

/** Mask anything that looks like a token or key inside a string. */
export function redactSecrets(text: string, extra: readonly string[] = []): string {
  let out = text;
  for (const secret of extra) if (secret.length >= 8) out = out.split(secret).join('[REDACTED]');
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

export function createLogger(
  level: string,
  secrets: readonly string[] = [],
  destination: pino.DestinationStream = pino.destination(2),
): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
      hooks: {
        // Last line of defence: scrub every string argument (messages and error text) of secrets.
        logMethod(args, method) {
          const clean = args.map((a) =>
            typeof a === 'string'
              ? redactSecrets(a, secrets)
              : a instanceof Error
                ? Object.assign(Object.create(Object.getPrototypeOf(a)), a, {
                    message: redactSecrets(a.message, secrets),
                    stack: a.stack && redactSecrets(a.stack, secrets),
                  })
                : a,
          );
          method.apply(this, clean as Parameters<typeof method>);
        },
      },
      serializers: {
        err: (err: Error) => {
          const s = pino.stdSerializers.err(err);
          return {
            ...s,
            message: redactSecrets(s.message, secrets),
            stack: redactSecrets(s.stack ?? '', secrets),
          };
        },
      },
    },
    destination,
  );
}
