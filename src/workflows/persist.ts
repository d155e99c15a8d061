/**
 * Persisting one transition: the new snapshot (version-checked), the domain writes for what the
 * machine emitted, and the evidence, in one synchronous transaction. Nothing reaches Slack before it
 * commits.
 */
import type { AnyActorRef, AnyMachineSnapshot } from 'xstate';
import type { Actor, Place } from '../domain/context.ts';
import { appendEvidence, type NewEvidence } from '../domain/evidence.ts';
import type { Tx } from '../store/db.ts';
import type { Core } from './core.ts';
import { bumpVersion, type Instance, placeOf, stepOf } from './instances.ts';
import { type Emitted, SYSTEM_ACTOR } from './types.ts';

/** One evidence entry about an instance; `via` (e.g. console mode) is kept in its data. */
export function evidenceFor(
  instance: Instance,
  e: {
    actor: Actor;
    kind: string;
    step?: string | undefined;
    data?: Record<string, unknown>;
    place?: Place | undefined;
    via?: string | undefined;
  },
): NewEvidence {
  return {
    actor: e.actor,
    kind: e.kind,
    subject: instance.id,
    step: e.step ?? instance.step,
    data: { ...(e.data ?? {}), ...(e.via ? { via: e.via } : {}) },
    place: { ...placeOf(instance), ...e.place },
  };
}

/** What a transition did, for writes that belong to its transaction (due events, message intents …). */
export interface Transition {
  readonly updated: Instance;
  /** The instance before (undefined when it was just created). */
  readonly previous?: Instance | undefined;
  readonly emitted: readonly Emitted[];
  readonly actor: Actor;
}
export type AlsoInTx = (tx: Tx, t: Transition) => void;

export function persist(
  core: Core,
  instance: Instance,
  snapshot: AnyMachineSnapshot,
  actorRef: AnyActorRef,
  emitted: readonly Emitted[],
  evidence: readonly NewEvidence[],
  actor: Actor,
  also?: AlsoInTx,
): Instance {
  const flow = core.flowOf(instance.flow);
  const step = stepOf(snapshot);
  const now = core.clock.now().toISOString();
  return core.db.transaction(
    (tx) => {
      const txCtx = { db: tx, teamId: instance.teamId, clock: core.clock };
      const updated = bumpVersion(tx, instance, {
        snapshot: actorRef.getPersistedSnapshot(),
        step: step.key,
        status: step.done ? 'done' : 'active',
        ...(step.done ? { singletonKey: null } : {}),
        updatedAt: now,
      });
      const domain = emitted.filter((e) => !e.type.startsWith('runtime.'));
      const extra = domain.flatMap((e) => flow.onEmitted?.(txCtx, e, updated) ?? []);
      for (const e of [...evidence, ...extra]) appendEvidence(txCtx, e);
      if (step.done) {
        appendEvidence(
          txCtx,
          evidenceFor(updated, {
            actor: SYSTEM_ACTOR,
            kind: 'workflow.completed',
            data: { flow: instance.flow },
          }),
        );
      }
      // After the evidence, so a checkpoint posted on completion covers the completion itself.
      const t: Transition = { updated, previous: instance, emitted, actor };
      // The caller's write first: a due event that ends the instance is marked fired before the
      // effects hook drops the instance's other pending events.
      also?.(tx, t);
      for (const hook of core.hooks) hook(tx, t);
      return updated;
    },
    { behavior: 'immediate' },
  );
}
