/** A scoping instance driven to its approval step through the runtime, with a clock the test moves. */
import pino from 'pino';
import { createActor } from 'xstate';
import { scopingMachine } from '../../flows/scoping.ts';
import { createFlowMessages } from '../../src/bot/flow-messages.ts';
import { changeRole, claimOwnership } from '../../src/domain/roles.ts';
import { templateStatement } from '../../src/domain/scope-statement.ts';
import type { Db } from '../../src/store/db.ts';
import { runtimeFlows } from '../../src/workflows/flows.ts';
import { createRuntime } from '../../src/workflows/runtime.ts';
import { exampleValues, metaOf } from './flow-paths.ts';

export const OWNER = { userId: 'UOWNER', name: 'olivia' };
export const MIA = { userId: 'UMIA', name: 'mia' };

/** A clock that stands still until the test moves it. */
export function testClock(start: string) {
  let now = new Date(start).getTime();
  return {
    now: () => new Date(now),
    set: (iso: string) => {
      now = new Date(iso).getTime();
    },
    advance: (ms: number) => {
      now += ms;
    },
  };
}

export function formEvent(step: string) {
  const actor = createActor(scopingMachine, {
    input: { previous: null },
    snapshot: scopingMachine.resolveState({
      value: step,
      context: { answers: {}, previous: null, changes: null, rejection: null },
    }) as never,
  });
  const form = metaOf(actor.getSnapshot())?.form;
  if (!form) throw new Error(`no form at ${step}`);
  return { type: form.event, values: exampleValues(form.fields) };
}

export function scopingWorld(db: Db, clock: { now(): Date }, opts: { management?: boolean } = {}) {
  const logger = pino({ level: 'silent' });
  const ctx = { db, teamId: 'T1', clock };
  claimOwnership(ctx, OWNER);
  if (opts.management)
    changeRole(ctx, OWNER, { userId: MIA.userId, name: MIA.name, role: 'management', grant: true });
  const runtime = createRuntime({
    db,
    clock,
    logger,
    flows: runtimeFlows({ draftScope: async ({ answers }) => templateStatement(answers) }),
  });
  const messages = createFlowMessages({ db, clock, runtime });
  async function toApproval() {
    const i = await runtime.start({ teamId: 'T1', flow: 'scoping', actor: OWNER, channel: 'C1' });
    for (const step of ['issues', 'parties', 'boundaries', 'review'])
      await runtime.send({ teamId: 'T1', instanceId: i.id, event: formEvent(step), actor: OWNER });
    return runtime.get('T1', i.id);
  }
  return { runtime, messages, logger, toApproval };
}
