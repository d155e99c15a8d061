/**
 * A console-mode session run inside the test process: the same wiring as `isms chat` (config from an
 * environment, the database file with its migrations, `createApp`, `runConsole`), with the typed
 * lines as its stdin and its stdout collected. A spawned `isms` costs about a second of CPU to start;
 * on two busy cores a test made of three of them ran past its timeout, so only the tests of the
 * command itself (mode chosen by the environment, exit codes) spawn one.
 */
import { dirname, join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import pino from 'pino';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { runConsoleApp } from '../../src/console/session.ts';
import { type Clock, systemClock } from '../../src/domain/context.ts';
import { closeDatabase, openDatabase } from '../../src/store/db.ts';

export interface SessionResult {
  readonly stdout: string;
}

/** Type `input` (lines) into a console session on the database at `databasePath`; EOF ends it. */
export async function chatSession(
  databasePath: string,
  input: string,
  options: { clock?: Clock; tty?: boolean } = {},
): Promise<SessionResult> {
  const clock = options.clock ?? systemClock;
  const config = { ...loadConfig({ DATABASE_PATH: databasePath }), mode: 'console' as const };
  const db = openDatabase(config.databasePath);
  const logger = pino({ level: 'silent' });
  let stdout = '';
  const output = new PassThrough();
  output.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  try {
    const app = await createApp({ config, db, clock, logger });
    // A terminal is a TTY on both sides (bracketed paste is switched on only then).
    const stdin = Object.assign(Readable.from([input]), { isTTY: options.tty === true });
    const terminal = Object.assign(output, { isTTY: options.tty === true });
    const filesDir = join(dirname(databasePath), 'files');
    await runConsoleApp({ app, db, clock, logger, input: stdin, output: terminal, filesDir });
  } finally {
    closeDatabase(db);
  }
  return { stdout };
}
