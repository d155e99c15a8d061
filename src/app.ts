/**
 * Wiring: everything the app is made of, built from a config, a database, a clock and a logger.
 * Nothing is built at import time; tests and the CLI call this with their own parts.
 */
import { createAsk } from './bot/ask.ts';
import { createBot } from './bot/index.ts';
import { createRegisters } from './bot/registers.ts';
import { createRoles } from './bot/roles.ts';
import type { Bot, Reply } from './bot/types.ts';
import { createWorkflows } from './bot/workflows.ts';
import type { Config } from './config.ts';
import type { Clock } from './domain/context.ts';
import { createAnswerer } from './knowledge/index.ts';
import type { Answerer } from './knowledge/types.ts';
import type { Logger } from './logger.ts';
import type { Db } from './store/db.ts';
import { createScopeDrafter } from './workflows/draft-scope.ts';
import { runtimeFlows } from './workflows/flows.ts';
import { createRuntime, type Instance, type Runtime } from './workflows/runtime.ts';

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
  readonly pending: readonly Pending[];
  readonly later: Promise<readonly Pending[]>;
}

export interface Pending {
  readonly instance: Instance;
  readonly reply: Reply;
}

export async function createApp({ config, db, clock, logger }: AppDeps): Promise<IsmsApp> {
  const answerer = await createAnswerer({ config, db, logger });
  const ask = createAsk({ db, clock, answerer });
  const flows = runtimeFlows({ draftScope: createScopeDrafter(config, logger) });
  const runtime = createRuntime({ db, clock, logger, flows });
  const workflows = createWorkflows({ db, clock, runtime });
  const bot = createBot({
    logger,
    ask,
    features: [createRoles({ db, clock }), workflows, ...createRegisters({ db, clock })],
  });
  // Steps committed but not shown before the process stopped, and interrupted busy steps once they
  // finish: the Slack layer posts both.
  const recovered = runtime.recover();
  const show = (instance: Instance) => ({ instance, reply: workflows.show(instance) });
  const pending = recovered.unshown.map(show);
  const later = recovered.settling.then((list) => list.map(show));
  return { bot, answerer, runtime, pending, later };
}
