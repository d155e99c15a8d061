/** One scheduler tick in its own process: `tick-once.ts <db path> <now>`; prints the tick's result. */
import pino from 'pino';
import { templateStatement } from '../../src/domain/scope-statement.ts';
import { createScheduler } from '../../src/scheduler/index.ts';
import { closeDatabase, openDatabase } from '../../src/store/db.ts';
import { runtimeFlows } from '../../src/workflows/flows.ts';
import { createRuntime } from '../../src/workflows/runtime.ts';

const [path, now] = process.argv.slice(2);
const db = openDatabase(path ?? '');
const clock = { now: () => new Date(now ?? '') };
const logger = pino({ level: 'silent' });
const runtime = createRuntime({
  db,
  clock,
  logger,
  flows: runtimeFlows({ draftScope: async ({ answers }) => templateStatement(answers) }),
});
const result = await createScheduler({ db, clock, runtime, logger }).tick();
closeDatabase(db);
process.stdout.write(JSON.stringify(result));
