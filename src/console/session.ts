/**
 * Console mode wired to the app: the bot on the terminal, with due events fired and the workflow
 * outbox shown between lines (a DM to a colleague appears as one). Used by `isms chat` and tests.
 */
import type { IsmsApp } from '../app.ts';
import type { Clock } from '../domain/context.ts';
import type { Logger } from '../logger.ts';
import { createScheduler } from '../scheduler/index.ts';
import type { Db } from '../store/db.ts';
import { consoleWiring, runConsole } from './index.ts';

export async function runConsoleApp(opts: {
  app: IsmsApp;
  db: Db;
  clock: Clock;
  logger: Logger;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Said after the banner (where the logs go). */
  notice?: string | undefined;
  /** Where handed-over documents (the approved minutes PDF) are written. */
  filesDir: string;
}): Promise<void> {
  const { app, db, clock, logger } = opts;
  const scheduler = createScheduler({ db, clock, runtime: app.runtime, logger });
  const background = () =>
    scheduler.tick().then(async () => [...(await app.messages.due()), ...(await app.reminders.due())]);
  await runConsole({
    ...consoleWiring(app, db),
    input: opts.input,
    output: opts.output,
    background,
    notice: opts.notice,
    filesDir: opts.filesDir,
  });
  // Steps interrupted by an earlier session finish in the background; let them, then close.
  await app.settling;
}
