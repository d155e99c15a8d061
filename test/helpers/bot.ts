/** The shared conversation (`Bot`) over a real SQLite file, as Slack and the console use it. */
import pino from 'pino';
import { createAsk } from '../../src/bot/ask.ts';
import { createBot } from '../../src/bot/index.ts';
import { createRegisters } from '../../src/bot/registers.ts';
import { createRoles } from '../../src/bot/roles.ts';
import { createSettings } from '../../src/bot/settings.ts';
import type { Bot, Reply, Requester } from '../../src/bot/types.ts';
import { createWorkflows } from '../../src/bot/workflows.ts';
import { templateStatement } from '../../src/domain/scope-statement.ts';
import { type Db, openDatabase } from '../../src/store/db.ts';
import { runtimeFlows } from '../../src/workflows/flows.ts';
import { createRuntime } from '../../src/workflows/runtime.ts';
import { tempDbPath } from './app-process.ts';

export const clock = { now: () => new Date('2026-11-24T09:00:00Z') };

export function botOnDisk(): { db: Db; bot: Bot } {
  const db = openDatabase(tempDbPath());
  const logger = pino({ level: 'silent' });
  const runtime = createRuntime({
    db,
    clock,
    logger,
    flows: runtimeFlows({ draftScope: async ({ answers }) => templateStatement(answers) }),
  });
  const answerer = {
    answer: async () => {
      throw new Error('questions are not part of these tests');
    },
  };
  const bot = createBot({
    logger,
    ask: createAsk({ db, clock, answerer }),
    features: [
      createRoles({ db, clock }),
      createSettings({ db, clock, timeZone: 'UTC' }),
      createWorkflows({ db, clock, runtime }),
      ...createRegisters({ db, clock }),
    ],
  });
  return { db, bot };
}

export const as = (userId: string, channelId = 'C1'): Requester => ({
  teamId: 'T1',
  userId,
  userName: userId.toLowerCase(),
  channelId,
});
export const text = (replies: readonly Reply[]) =>
  replies.map((r) => ('message' in r ? r.message.text : '')).join('\n');
