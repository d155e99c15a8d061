/**
 * Wiring: everything the app is made of, built from a config, a database, a clock and a logger.
 * Nothing is built at import time; tests and the CLI call this with their own parts.
 */
import { createAsk } from './bot/ask.ts';
import { createBot } from './bot/index.ts';
import type { Bot } from './bot/types.ts';
import { createWorkflows } from './bot/workflows.ts';
import type { Config } from './config.ts';
import type { Clock } from './domain/context.ts';
import { createAnswerer } from './knowledge/index.ts';
import type { Answerer } from './knowledge/types.ts';
import type { Logger } from './logger.ts';
import type { Db } from './store/db.ts';
import { createScopeDrafter } from './workflows/draft-scope.ts';
import { runtimeFlows } from './workflows/flows.ts';
import { createRuntime, type Runtime } from './workflows/runtime.ts';

export interface AppDeps {
  readonly config: Config;
  readonly db: Db;
  readonly clock: Clock;
  readonly logger: Logger;
}

export interface IsmsApp {
  readonly bot: Bot;
  readonly answerer: Answerer;
  readonly runtime: Runtime;
}

export async function createApp({ config, db, clock, logger }: AppDeps): Promise<IsmsApp> {
  const answerer = await createAnswerer({ config, db, logger });
  const ask = createAsk({ db, clock, answerer });
  const flows = runtimeFlows({ draftScope: createScopeDrafter(config, logger) });
  const runtime = createRuntime({ db, clock, logger, flows });
  // Finish steps a crash interrupted (e.g. a draft in progress) before taking new events.
  await runtime.recover();
  const bot = createBot({ logger, ask, features: [createWorkflows({ db, clock, runtime })] });
  return { bot, answerer, runtime };
}
