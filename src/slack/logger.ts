import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../logger.ts';

const BOLT_LEVELS: Record<string, LogLevel> = {
  trace: LogLevel.DEBUG,
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
  fatal: LogLevel.ERROR,
  silent: LogLevel.ERROR,
};

/**
 * Bolt's Logger interface over the same pino logger. The Web API client warns once per failed
 * attempt ("http request failed fetch failed", with neither method nor cause) while it retries;
 * those are debug here, and the caller logs the outcome once, with its cause (deliver.ts).
 */
export function toBoltLogger(logger: Logger): BoltLogger {
  let name = 'bolt';
  const child = () => logger.child({ component: name });
  const fmt = (msg: unknown[]) => msg.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
  return {
    debug: (...msg) => child().debug(fmt(msg)),
    info: (...msg) => child().info(fmt(msg)),
    warn: (...msg) =>
      typeof msg[0] === 'string' && msg[0].startsWith('http request failed')
        ? child().debug(fmt(msg))
        : child().warn(fmt(msg)),
    error: (...msg) => child().error(fmt(msg)),
    setLevel: () => {},
    getLevel: () => BOLT_LEVELS[logger.level] ?? LogLevel.INFO,
    setName: (n: string) => {
      name = n;
    },
  };
}
