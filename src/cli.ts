/**
 * The `isms` command: start | chat | ask | evidence verify | evidence head | evidence export |
 * import | export | status | migrate.
 * Expected failures (configuration, bad arguments, a broken chain) print one line and exit non-zero.
 */
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Command } from 'commander';
import pino from 'pino';
import { CliError } from './cli/errors.ts';
import { registerEvidenceCommands } from './cli/evidence.ts';
import { registerStatusCommand } from './cli/status.ts';
import { ConfigError, type LoadOptions, loadConfig } from './config.ts';
import { systemClock } from './domain/context.ts';
import { registerExportCommands } from './exports/commands.ts';
import { registerImportCommands } from './imports/commands.ts';
import type { Answerer } from './knowledge/types.ts';
import { createLogger, type Logger, secretsOf } from './logger.ts';
import { closeDatabase, type Db, openDatabase } from './store/db.ts';

/** How often due events and the outbox are checked while the bot runs. */
const SCHEDULER_INTERVAL_MS = 1000;

/** The configured secrets, once read: also the last-resort logger of `fail` must mask them. */
let configuredSecrets: string[] = [];

/**
 * In a console conversation on a terminal, JSON log lines would land between the bot's replies: they
 * go to a file beside the database instead (stderr stays the place for logs when it is not a TTY).
 */
/** Console mode writes the documents a workflow hands over (minutes PDF) beside the database. */
function consoleFilesDir(databasePath: string): string {
  return join(databasePath === ':memory:' ? 'data' : dirname(resolve(databasePath)), 'files');
}

function consoleLogFile(databasePath: string): string {
  return join(databasePath === ':memory:' ? 'data' : dirname(resolve(databasePath)), 'isms.log');
}

function setup(options: LoadOptions = {}, conversation = false) {
  const config = loadConfig(process.env, options);
  configuredSecrets = secretsOf(config);
  const logFile =
    conversation && config.mode === 'console' && process.stderr.isTTY
      ? consoleLogFile(config.databasePath)
      : undefined;
  const logger = createLogger(
    config.logLevel,
    configuredSecrets,
    logFile ? pino.destination({ dest: logFile, mkdir: true, sync: true }) : undefined,
  );
  return { config, logger, logFile, db: openWritable(config.databasePath) };
}

/** The bot's database, created and migrated; a path it cannot write is one line, not a stack trace. */
function openWritable(path: string): Db {
  try {
    return openDatabase(path);
  } catch (err) {
    const e = err as { code?: string; message?: string };
    const why = e.code === 'EACCES' || e.code === 'EPERM' ? 'permission denied' : (e.message ?? e.code);
    throw new CliError(`DATABASE_PATH ${path} cannot be created or written (${why})`);
  }
}

async function start(forceConsole: boolean): Promise<void> {
  const t0 = performance.now();
  const { config, logger, logFile, db } = setup(forceConsole ? { mode: 'console' } : {}, true);
  // The app (knowledge index, workflows) is loaded only by the commands that run it: the evidence
  // commands stay quick to start.
  const { createApp } = await import('./app.ts');
  const app = await createApp({ config, db, clock: systemClock, logger });
  if (config.mode === 'console') {
    const { runConsoleApp } = await import('./console/session.ts');
    await runConsoleApp({
      app,
      db,
      clock: systemClock,
      logger,
      input: process.stdin,
      output: process.stdout,
      notice: logFile ? `(Logs are written to ${logFile}.)` : undefined,
      filesDir: consoleFilesDir(config.databasePath),
    });
    closeDatabase(db);
    return;
  }
  // Bolt is loaded only for Slack modes: the console and the CLI never pay for it.
  const { startSlack } = await import('./slack/app.ts');
  const { deliver } = await import('./slack/deliver.ts');
  const slack = await startSlack({ config, bot: app.bot, db, clock: systemClock, logger });
  logger.info(
    { mode: config.mode, port: slack.port, startupMs: Math.round(performance.now() - t0) },
    'ready',
  );
  setImmediate(app.warm); // after ready: nobody's first keystroke in a picker pays for its index
  // Catch-up once the app is ready: missed due events fire (marked late), unshown steps are posted.
  const { createScheduler } = await import('./scheduler/index.ts');
  const { slackDirectory } = await import('./slack/directory.ts');
  const scheduler = createScheduler({
    db,
    clock: systemClock,
    runtime: app.runtime,
    logger,
    messages: app.messages,
    deliver: (replies) => deliver(slack.app.client, { channel: '', userId: '', teamId: '' }, replies, logger),
    directory: slackDirectory(config),
    reminders: app.reminders,
  });
  const tick = (catchUp = false) =>
    void scheduler.tick({ catchUp }).catch((err: unknown) => logger.error({ err }, 'scheduler tick failed'));
  tick(true);
  void app.settling.then(() => tick());
  const timer = setInterval(() => tick(), SCHEDULER_INTERVAL_MS);
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    clearInterval(timer);
    slack
      .stop()
      .catch((err: unknown) => logger.warn({ err }, 'stop failed'))
      .finally(() => {
        closeDatabase(db);
        process.exit(0);
      });
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

async function ask(words: string[], json: boolean): Promise<void> {
  const { config, logger, db } = setup({ mode: 'console' });
  const { createApp } = await import('./app.ts');
  const app = await createApp({ config, db, clock: systemClock, logger });
  const question = words.join(' ').trim();
  if (question && !json) {
    printAnswer(await app.answerer.answer({ question }));
  } else if (question) {
    process.stdout.write(`${JSON.stringify(await toJson(app.answerer, question))}\n`);
  } else if (json) {
    // One question per line on stdin, one JSON object per line on stdout, in order.
    for await (const line of createInterface({ input: process.stdin, terminal: false })) {
      if (!line.trim()) continue;
      process.stdout.write(`${JSON.stringify(await toJson(app.answerer, line.trim()))}\n`);
    }
  } else {
    throw new CliError(
      'isms ask needs a question, e.g. isms ask "what is a risk owner?" (or --json with questions on stdin)',
    );
  }
  closeDatabase(db);
}

async function toJson(answerer: Answerer, question: string) {
  const a = await answerer.answer({ question });
  return {
    question,
    answer: a.answer,
    answered: a.answered,
    sources: a.sources.map(({ ref, title, score }) => ({ ref, title, score })),
  };
}

function printAnswer(a: Awaited<ReturnType<Answerer['answer']>>): void {
  const sources = a.sources.map((s) => `  ${s.ref} — ${s.title}`).join('\n');
  process.stdout.write(`${a.answer}\n${sources ? `\nSources:\n${sources}\n` : ''}`);
  if (!a.answered) process.exitCode = 3;
}

export function buildProgram(): Command {
  const program = new Command('isms')
    .description('isms-bot: run an ISO/IEC 27001 ISMS from Slack')
    .showHelpAfterError()
    .exitOverride();
  program
    .command('start', { isDefault: true })
    .description('run the bot: Socket Mode, HTTP or console, chosen by the environment')
    .action(() => start(false));
  program
    .command('chat')
    .description('talk to the bot in this terminal (console mode)')
    .action(() => start(true));
  program
    .command('ask')
    .description('answer a question with its sources; --json reads questions from stdin, one per line')
    .argument('[question...]')
    .option('--json', 'print one JSON object per question')
    .action((words: string[], o: { json?: boolean }) => ask(words, Boolean(o.json)));
  registerEvidenceCommands(program, () => loadConfig(process.env, { mode: 'console' }));
  registerImportCommands(program, () => loadConfig(process.env, { mode: 'console' }));
  registerExportCommands(program, () => loadConfig(process.env, { mode: 'console' }));
  registerStatusCommand(program, () => loadConfig(process.env, { mode: 'console' }));
  program
    .command('migrate')
    .description('create the database if needed and apply migrations')
    .action(() => {
      const { db, config } = setup({ mode: 'console' });
      closeDatabase(db);
      process.stdout.write(`database ready: ${config.databasePath}\n`);
    });
  return program;
}

/**
 * `start` is the default command, so commander would hand an unknown word to it ("too many
 * arguments for 'start'"). A word that names no command, at any level, is said to be one.
 */
function checkCommandWords(program: Command, args: readonly string[]): void {
  let cmd = program;
  let path = 'isms';
  for (const word of args) {
    if (word.startsWith('-') || cmd.commands.length === 0) return;
    const next = cmd.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (!next) {
      if (word === 'help' && cmd === program) return;
      const names = cmd.commands.map((c) => c.name()).join(', ');
      const shown = `${path} ${word}`.replace(/^isms /, '');
      throw new CliError(`unknown command "${shown}": the commands are ${names} (${path} --help)`);
    }
    cmd = next;
    path = `${path} ${word}`;
  }
}

export async function main(argv: string[]): Promise<void> {
  try {
    const program = buildProgram();
    checkCommandWords(program, argv.slice(2));
    await program.parseAsync(argv);
  } catch (err) {
    fail(err);
  }
}

function fail(err: unknown, logger?: Logger): void {
  const e = err as { code?: string; exitCode?: number };
  if (e.code?.startsWith('commander.')) {
    process.exitCode = e.exitCode ?? 1; // commander printed its own message (or help)
  } else if (err instanceof CliError) {
    process.stderr.write(`isms: ${err.message}\n`);
    process.exitCode = err.exitCode;
  } else if (err instanceof ConfigError || (err as Error).name === 'SlackStartError') {
    process.stderr.write(`isms: ${(err as Error).message}\n`);
    process.exitCode = 1;
  } else {
    (logger ?? createLogger('error', configuredSecrets)).fatal({ err }, 'isms failed');
    process.exitCode = 1;
  }
}

await main(process.argv);
