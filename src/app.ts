/**
 * Wiring: everything the app is made of, built from a config, a database, a clock and a logger.
 * Nothing is built at import time; tests and the CLI call this with their own parts.
 */
import { join } from 'node:path';
import { createAsk } from './bot/ask.ts';
import { createExports } from './bot/exports.ts';
import type { FlowMessages } from './bot/flow-messages.ts';
import { createFormOptions } from './bot/form-options.ts';
import { createHome } from './bot/home.ts';
import { createBot } from './bot/index.ts';
import { createRegisters } from './bot/registers.ts';
import { createRiskCommand } from './bot/risk.ts';
import { createRoles } from './bot/roles.ts';
import { createSettings } from './bot/settings.ts';
import { createStatus } from './bot/status.ts';
import type { Bot } from './bot/types.ts';
import { createWorkflows } from './bot/workflows.ts';
import type { Config } from './config.ts';
import type { Clock } from './domain/context.ts';
import { createOptionSources } from './domain/options.ts';
import { createAnswerer } from './knowledge/index.ts';
import { KNOWLEDGE_DIR, loadKnowledge } from './knowledge/load.ts';
import type { Answerer } from './knowledge/types.ts';
import type { Logger } from './logger.ts';
import { createReminders } from './reminders/feature.ts';
import { createReminderOutbox, type ReminderOutbox } from './reminders/outbox.ts';
import type { Db } from './store/db.ts';
import { createMinutesDrafter } from './workflows/draft-minutes.ts';
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
  /** The outbox of workflow messages: what is due to be posted or updated (the scheduler flushes it). */
  readonly messages: FlowMessages;
  /** Reminder schedules' occurrences due to be posted (the scheduler flushes them too). */
  readonly reminders: ReminderOutbox;
  /** Busy steps a crash interrupted, finishing in the background (their messages are then due). */
  readonly settling: Promise<readonly Instance[]>;
  /** Build what the first request would otherwise wait for (the control and threat pickers' indexes); call once ready. */
  warm(): void;
}

/** The knowledge base's keywords per control, so `encryption` finds A.8.24 in a control picker. */
const controlKeywords = () =>
  new Map(
    loadKnowledge(join(KNOWLEDGE_DIR, 'controls'))
      .filter((d) => d.kind === 'control')
      .map((d) => [d.ref, d.keywords]),
  );

export async function createApp({ config, db, clock, logger }: AppDeps): Promise<IsmsApp> {
  const answerer = await createAnswerer({ config, db, logger });
  const ask = createAsk({ db, clock, answerer });
  const flows = runtimeFlows({
    draftScope: createScopeDrafter(config, logger),
    draftMinutes: createMinutesDrafter(config, logger),
    ctxOf: (teamId) => ({ db, teamId, clock }),
  });
  const runtime = createRuntime({ db, clock, logger, flows, timeZone: config.timeZone });
  const sources = createOptionSources({ controlKeywords });
  const forms = createFormOptions({
    db,
    clock,
    sources,
    // Loaded only with Slack: importing Bolt costs console mode and the CLI a second of start-up.
    directory:
      config.mode === 'console' ? undefined : (await import('./slack/directory.ts')).slackDirectory(config),
    timeZone: config.timeZone,
  });
  const workflows = createWorkflows({
    db,
    clock,
    runtime,
    forms,
    // pdfkit is loaded when the first document is handed over, not at start-up.
    attachments: async (ctx, a) => (await import('./exports/review-attachments.ts')).renderAttachment(ctx, a),
  });
  const flowCommands = new Set(flows.map((f) => f.command));
  const home = createHome({
    db,
    clock,
    runtime,
    startCommands: () => (workflows.subcommands ?? []).filter((c) => flowCommands.has(c.name)),
  });
  const bot = createBot({
    logger,
    ask,
    features: [
      home,
      createRoles({ db, clock }),
      createSettings({ db, clock, timeZone: config.timeZone }),
      workflows,
      createRiskCommand({ db, clock, runtime, messages: workflows.messages }),
      forms,
      ...createRegisters({ db, clock }),
      createStatus({ db, clock }),
      createExports({
        db,
        clock,
        // The console is a DM with the bot; in Slack the conversation is asked about.
        channels:
          config.mode === 'console'
            ? { kind: async () => 'im' as const }
            : (await import('./slack/channels.ts')).slackChannels(config),
      }),
      createReminders({ db, clock, timeZone: config.timeZone }),
    ],
  });
  // Interrupted busy steps finish in the background; what was committed but not shown is in the
  // outbox, posted by the surface once it is ready.
  const { settling } = runtime.recover();
  const warm = () => {
    sources.controls?.({ db, teamId: '', clock }, { query: 'warm' });
    sources.threats?.({ db, teamId: '', clock }, { query: 'warm' }); // the threat catalogue, checked and indexed
  };
  const reminders = createReminderOutbox({ db, clock, timeZone: config.timeZone });
  return { bot, answerer, runtime, messages: workflows.messages, reminders, settling, warm };
}
