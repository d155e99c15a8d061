/** What every part of the runtime shares: the store, the clock, the flows and the per-instance lock. */
import type { AnyStateMachine } from 'xstate';
import type { Clock, Ctx } from '../domain/context.ts';
import { DomainError } from '../domain/errors.ts';
import type { Logger } from '../logger.ts';
import type { Db } from '../store/db.ts';
import type { Instance } from './instances.ts';
import { KeyedLock } from './lock.ts';
import type { AlsoInTx } from './persist.ts';
import type { RuntimeFlow } from './types.ts';

export interface Core {
  readonly db: Db;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly flows: readonly RuntimeFlow[];
  readonly lock: KeyedLock;
  readonly busyTimeoutMs: number;
  /** The workspace time zone when a workspace has not set its own (config `TZ`). */
  readonly timeZone: string;
  /** Writes that go with every transition, in its transaction (due events, message intents). */
  readonly hooks: AlsoInTx[];
  flowOf(key: string): RuntimeFlow;
  /** The definition the instance started on (it finishes on that one). */
  machineOf(instance: Pick<Instance, 'flow' | 'machineVersion' | 'id'>): AnyStateMachine;
  ctxOf(teamId: string): Ctx;
}

export function createCore(deps: {
  db: Db;
  clock: Clock;
  logger: Logger;
  flows: readonly RuntimeFlow[];
  busyTimeoutMs?: number | undefined;
  timeZone?: string | undefined;
}): Core {
  const flowOf = (key: string): RuntimeFlow => {
    const f = deps.flows.find((x) => x.key === key);
    if (!f) throw new DomainError('NOT_FOUND', `There is no workflow called ${key}.`);
    return f;
  };
  return {
    ...deps,
    lock: new KeyedLock(),
    busyTimeoutMs: deps.busyTimeoutMs ?? 30000,
    timeZone: deps.timeZone ?? 'UTC',
    hooks: [],
    flowOf,
    machineOf(instance) {
      const machine = flowOf(instance.flow).machines.get(instance.machineVersion);
      if (!machine)
        throw new DomainError(
          'CONFLICT',
          `Workflow ${instance.id} runs on version ${instance.machineVersion} of its definition, which this release no longer has.`,
        );
      return machine;
    },
    ctxOf: (teamId) => ({ db: deps.db, teamId, clock: deps.clock }),
  };
}
