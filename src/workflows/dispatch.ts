/**
 * Applying one event to an instance: restore the actor from its snapshot (on the definition it started
 * with), check the event against the current step, send it, persist, and wait out any busy step.
 */
import { type AnyActorRef, type AnyMachineSnapshot, createActor, waitFor } from 'xstate';
import type { Actor } from '../domain/context.ts';
import { DomainError } from '../domain/errors.ts';
import type { EventActor } from '../domain/flow-meta.ts';
import { rolesOf } from '../domain/roles.ts';
import type { Core } from './core.ts';
import { BusyError, type Instance, loadInstance, type Step, stepOf } from './instances.ts';
import { type AlsoInTx, evidenceFor, persist } from './persist.ts';
import { type Emitted, type SendInput, SYSTEM_ACTOR } from './types.ts';

export interface Restored {
  readonly actor: AnyActorRef;
  readonly emitted: Emitted[];
}

export function restore(core: Core, instance: Instance): Restored {
  // The registry holds machines of different types; the persisted snapshot is that machine's own,
  // and input is ignored on restore (xstate v5 still wants one to type-check).
  const actor = createActor(core.machineOf(instance), {
    snapshot: instance.snapshot as never,
    input: {} as never,
  });
  const emitted: Emitted[] = [];
  actor.on('*', (e: { type: string }) => {
    emitted.push(e as Emitted);
  });
  actor.start();
  return { actor, emitted };
}

/** The instance's current step, read without starting the actor (so no side effects run). */
export function currentStep(core: Core, instance: Instance): Step {
  const persisted = instance.snapshot as {
    value: AnyMachineSnapshot['value'];
    context: Record<string, unknown>;
  };
  const snapshot = core.machineOf(instance).resolveState({
    value: persisted.value,
    context: persisted.context,
  });
  return { ...stepOf(snapshot), done: instance.status === 'done' };
}

/** Wait out a busy step (async actor) and persist where it lands. */
export async function settle(core: Core, instance: Instance, restored: Restored): Promise<Instance> {
  const { actor: actorRef, emitted } = restored;
  let current = instance;
  let snapshot = actorRef.getSnapshot() as AnyMachineSnapshot;
  while (snapshot.hasTag('busy')) {
    const from = stepOf(snapshot).key;
    snapshot = (await waitFor(actorRef, (s: AnyMachineSnapshot) => !s.hasTag('busy'), {
      timeout: core.busyTimeoutMs,
    })) as AnyMachineSnapshot;
    const to = stepOf(snapshot);
    current = persist(
      core,
      current,
      snapshot,
      actorRef,
      emitted.splice(0),
      [
        evidenceFor(current, {
          actor: SYSTEM_ACTOR,
          kind: 'step.completed',
          step: from,
          data: { next: to.key },
        }),
      ],
      SYSTEM_ACTOR,
    );
  }
  return current;
}

/** Who sent an event, as the machine sees it (with their roles and the moment it was applied). */
export function eventActor(core: Core, teamId: string, actor: Actor): EventActor {
  return {
    userId: actor.userId,
    name: actor.name,
    roles: rolesOf(core.ctxOf(teamId), actor.userId),
    at: core.clock.now().toISOString(),
  };
}

export interface Dispatched {
  /** Resolves once the event and its evidence are committed (answer Slack then). */
  readonly persisted: Promise<Instance>;
  /** Resolves once any busy step it led to (e.g. drafting with the model) has finished. */
  readonly settled: Promise<Instance>;
}

/**
 * Apply one event. Both promises reject with DomainError CONFLICT for stale or impossible events (and
 * FORBIDDEN from `check`), and nothing changes.
 */
export function dispatch(
  core: Core,
  input: SendInput,
  opts: { check?: (instance: Instance, step: Step) => void; also?: AlsoInTx } = {},
): Dispatched {
  let onPersisted: (i: Instance) => void = () => {};
  const persisted = new Promise<Instance>((resolve) => {
    onPersisted = resolve;
  });
  const settled = core.lock.run(input.instanceId, async () => {
    const instance = loadInstance(core.db, input.teamId, input.instanceId);
    if (instance.status !== 'active') {
      throw new DomainError(
        'CONFLICT',
        `This workflow is already ${instance.status === 'done' ? 'complete' : 'cancelled'}; nothing was changed.`,
      );
    }
    if (input.expectStep && input.expectStep !== instance.step) {
      throw new DomainError(
        'CONFLICT',
        'This step has moved on (someone already did it); nothing was changed.',
      );
    }
    const step = currentStep(core, instance);
    if (step.meta.busy) throw new BusyError();
    opts.check?.(instance, step);
    const restored = restore(core, instance);
    const { actor: actorRef, emitted } = restored;
    try {
      const event = { ...input.event, actor: eventActor(core, input.teamId, input.actor) };
      const before = actorRef.getSnapshot() as AnyMachineSnapshot;
      if (!before.can(event))
        throw new DomainError('CONFLICT', 'That is not possible at this step any more; nothing was changed.');
      const { type, actor: _a, ...data } = event;
      actorRef.send(event);
      const after = actorRef.getSnapshot() as AnyMachineSnapshot;
      const kind =
        input.actor.userId === SYSTEM_ACTOR.userId
          ? 'step.timed'
          : 'values' in data
            ? 'step.submitted'
            : 'step.decided';
      const saved = persist(
        core,
        instance,
        after,
        actorRef,
        emitted.splice(0),
        [
          evidenceFor(instance, {
            actor: input.actor,
            kind,
            data: { event: type, ...data },
            place: input.place,
            via: input.via,
          }),
        ],
        input.actor,
        opts.also,
      );
      onPersisted(saved);
      return await settle(core, saved, restored);
    } finally {
      actorRef.stop();
    }
  });
  // A failure before the commit rejects both; after it, only `settled`.
  const first = Promise.race([persisted, settled]);
  first.catch(() => undefined); // callers that only await `settled` must not leave this one unhandled
  return { persisted: first, settled };
}
