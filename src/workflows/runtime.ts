/**
 * The workflow runtime: starts and restores actors from persisted snapshots, applies one event at a
 * time per instance, and persists the new snapshot in the same transaction as the evidence it
 * produced. Only after the commit does anything reach Slack (the caller renders the result).
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import {
  type AnyActorRef,
  type AnyMachineSnapshot,
  type AnyStateMachine,
  createActor,
  waitFor,
} from 'xstate';
import type { Actor, Clock, Ctx, Place } from '../domain/context.ts';
import { DomainError } from '../domain/errors.ts';
import { appendEvidence, type NewEvidence } from '../domain/evidence.ts';
import type { EventActor } from '../domain/flow-meta.ts';
import { rolesOf } from '../domain/roles.ts';
import type { Logger } from '../logger.ts';
import type { Db, Tx } from '../store/db.ts';
import { workflowInstances } from '../store/schema/index.ts';
import {
  bumpVersion,
  type Instance,
  listInstances,
  loadInstance,
  markRendered,
  placeOf,
  type Step,
  stepOf,
} from './instances.ts';
import { KeyedLock } from './lock.ts';

export type { Instance, Step };
export { placeOf, stepOf };

/** A flow as the runtime runs it: the machine with side effects provided, and its effects on data. */
export interface RuntimeFlow {
  readonly key: string;
  readonly title: string;
  readonly command: string;
  readonly summary: string;
  readonly machine: AnyStateMachine;
  /** Input for a new instance (e.g. the current approved version to propose changes to). */
  input(ctx: Ctx): unknown;
  /** Domain writes for an emitted event, inside the transaction; returns extra evidence. */
  onEmitted?(
    ctx: Ctx & { db: Tx },
    emitted: { type: string } & Record<string, unknown>,
    instance: Instance,
  ): NewEvidence[];
}

export interface RuntimeDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly flows: readonly RuntimeFlow[];
  /** How long a busy step (e.g. drafting with the model) may take before the runtime stops waiting. */
  readonly busyTimeoutMs?: number;
}

export interface SendInput {
  readonly teamId: string;
  readonly instanceId: string;
  readonly event: { type: string } & Record<string, unknown>;
  readonly actor: Actor;
  /** The step the person saw; a different current step means their button is stale. */
  readonly expectStep?: string | undefined;
  readonly place?: Place | undefined;
}

export function createRuntime({ db, clock, logger, flows, busyTimeoutMs = 30000 }: RuntimeDeps) {
  const lock = new KeyedLock();
  const flowOf = (key: string): RuntimeFlow => {
    const f = flows.find((x) => x.key === key);
    if (!f) throw new DomainError('NOT_FOUND', `There is no workflow called ${key}.`);
    return f;
  };
  const ctxOf = (teamId: string): Ctx => ({ db, teamId, clock });
  const load = (teamId: string, id: string) => loadInstance(db, teamId, id);

  function restore(instance: Instance): {
    actor: AnyActorRef;
    emitted: ({ type: string } & Record<string, unknown>)[];
  } {
    const flow = flowOf(instance.flow);
    // The registry holds machines of different types; the persisted snapshot is that machine's own,
    // and input is ignored on restore (xstate v5 still wants one to type-check).
    const actor = createActor(flow.machine, { snapshot: instance.snapshot as never, input: {} as never });
    const emitted: ({ type: string } & Record<string, unknown>)[] = [];
    actor.on('*', (e: { type: string }) => {
      emitted.push(e as { type: string } & Record<string, unknown>);
    });
    actor.start();
    return { actor, emitted };
  }

  /** The instance's current step, read without starting the actor (so no side effects run). */
  function currentStep(instance: Instance): Step {
    const persisted = instance.snapshot as {
      value: AnyMachineSnapshot['value'];
      context: Record<string, unknown>;
    };
    const snapshot = flowOf(instance.flow).machine.resolveState({
      value: persisted.value,
      context: persisted.context,
    });
    return { ...stepOf(snapshot), done: instance.status === 'done' };
  }

  function eventActor(teamId: string, a: Actor): EventActor {
    return { userId: a.userId, name: a.name, roles: rolesOf(ctxOf(teamId), a.userId) };
  }

  /** Persist snapshot + evidence + domain effects atomically; fails if someone else wrote first. */
  function persist(
    instance: Instance,
    snapshot: AnyMachineSnapshot,
    actorRef: AnyActorRef,
    emitted: ({ type: string } & Record<string, unknown>)[],
    evidence: NewEvidence[],
  ): Instance {
    const flow = flowOf(instance.flow);
    const step = stepOf(snapshot);
    const now = clock.now().toISOString();
    return db.transaction(
      (tx) => {
        const txCtx = { db: tx, teamId: instance.teamId, clock };
        const updated = bumpVersion(tx, instance, {
          snapshot: actorRef.getPersistedSnapshot(),
          step: step.key,
          status: step.done ? 'done' : 'active',
          updatedAt: now,
        });
        const extra = emitted.flatMap((e) => flow.onEmitted?.(txCtx, e, updated) ?? []);
        for (const e of [...evidence, ...extra]) appendEvidence(txCtx, e);
        if (step.done) {
          appendEvidence(txCtx, {
            actor: { userId: 'system', name: 'isms-bot' },
            kind: 'workflow.completed',
            subject: instance.id,
            step: step.key,
            data: { flow: instance.flow },
            place: placeOf(updated),
          });
        }
        return updated;
      },
      { behavior: 'immediate' },
    );
  }

  /** Wait out a busy step (async actor) and persist where it lands. */
  async function settle(
    instance: Instance,
    actorRef: AnyActorRef,
    emitted: ({ type: string } & Record<string, unknown>)[],
  ): Promise<Instance> {
    let current = instance;
    let snapshot = actorRef.getSnapshot() as AnyMachineSnapshot;
    while (snapshot.hasTag('busy')) {
      const from = stepOf(snapshot).key;
      snapshot = (await waitFor(actorRef, (s: AnyMachineSnapshot) => !s.hasTag('busy'), {
        timeout: busyTimeoutMs,
      })) as AnyMachineSnapshot;
      const to = stepOf(snapshot);
      current = persist(current, snapshot, actorRef, emitted.splice(0), [
        {
          actor: { userId: 'system', name: 'isms-bot' },
          kind: 'step.completed',
          subject: current.id,
          step: from,
          data: { next: to.key },
          place: placeOf(current),
        },
      ]);
    }
    return current;
  }

  /**
   * Apply one event. `persisted` resolves once the event and its evidence are committed (answer
   * Slack then); `settled` once any busy step it led to (e.g. drafting with the model) has finished.
   * Both reject with DomainError CONFLICT for stale or impossible events, and nothing changes.
   */
  function dispatch(input: SendInput): { persisted: Promise<Instance>; settled: Promise<Instance> } {
    let onPersisted: (i: Instance) => void = () => {};
    const persisted = new Promise<Instance>((resolve) => {
      onPersisted = resolve;
    });
    const settled = lock.run(input.instanceId, async () => {
      const instance = load(input.teamId, input.instanceId);
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
      if (currentStep(instance).meta.busy)
        throw new DomainError('CONFLICT', 'I am still working on the previous step; try again in a moment.');
      const { actor: actorRef, emitted } = restore(instance);
      try {
        const event = { ...input.event, actor: eventActor(input.teamId, input.actor) };
        const before = actorRef.getSnapshot() as AnyMachineSnapshot;
        if (!before.can(event))
          throw new DomainError(
            'CONFLICT',
            'That is not possible at this step any more; nothing was changed.',
          );
        const { type, actor: _a, ...data } = event;
        actorRef.send(event);
        const after = actorRef.getSnapshot() as AnyMachineSnapshot;
        const place = { ...placeOf(instance), ...input.place };
        const kind = 'values' in data ? 'step.submitted' : 'step.decided';
        const saved = persist(instance, after, actorRef, emitted.splice(0), [
          {
            actor: input.actor,
            kind,
            subject: instance.id,
            step: instance.step,
            data: { event: type, ...data },
            place,
          },
        ]);
        onPersisted(saved);
        return await settle(saved, actorRef, emitted);
      } finally {
        actorRef.stop();
      }
    });
    // A failure before the commit rejects both; after it, only `settled`.
    const first = Promise.race([persisted, settled]);
    first.catch(() => undefined); // callers that only await `settled` must not leave this one unhandled
    return { persisted: first, settled };
  }

  return {
    flows,
    list: (teamId: string, status?: Instance['status']) => listInstances(db, teamId, status),
    markRendered: (teamId: string, id: string, r: Parameters<typeof markRendered>[3]) =>
      markRendered(db, teamId, id, r),
    dispatch,
    /** Apply one event and wait until the instance has settled (see `dispatch`). */
    send(input: SendInput): Promise<Instance> {
      return dispatch(input).settled;
    },
    get: load,
    step: currentStep,

    async start(input: {
      teamId: string;
      flow: string;
      actor: Actor;
      channel: string;
      threadTs?: string | undefined;
    }): Promise<Instance> {
      const flow = flowOf(input.flow);
      const id = `${flow.key.slice(0, 2)}-${randomUUID().slice(0, 6)}`;
      const actorRef = createActor(flow.machine, { input: flow.input(ctxOf(input.teamId)) as never });
      const emitted: ({ type: string } & Record<string, unknown>)[] = [];
      actorRef.on('*', (e: { type: string }) => emitted.push(e as never));
      actorRef.start();
      const snapshot = actorRef.getSnapshot() as AnyMachineSnapshot;
      const now = clock.now().toISOString();
      const place = { channel: input.channel, threadTs: input.threadTs };
      const row = db.transaction(
        (tx) => {
          const created = tx
            .insert(workflowInstances)
            .values({
              id,
              teamId: input.teamId,
              flow: flow.key,
              status: 'active',
              step: stepOf(snapshot).key,
              snapshot: actorRef.getPersistedSnapshot(),
              version: 1,
              channel: input.channel,
              threadTs: input.threadTs ?? null,
              startedBy: input.actor.userId,
              createdAt: now,
              updatedAt: now,
            })
            .returning()
            .get();
          appendEvidence(
            { db: tx, teamId: input.teamId, clock },
            {
              actor: input.actor,
              kind: 'workflow.started',
              subject: id,
              step: created.step,
              data: { flow: flow.key },
              place,
            },
          );
          return created;
        },
        { behavior: 'immediate' },
      );
      actorRef.stop();
      logger.info({ teamId: input.teamId, instanceId: id, flow: flow.key }, 'workflow started');
      return row;
    },

    /** Record a refused attempt (wrong person) as evidence; changes nothing else. */
    refuse(input: {
      teamId: string;
      instanceId: string;
      actor: Actor;
      event: string;
      reason: string;
      place?: Place;
    }): void {
      const instance = load(input.teamId, input.instanceId);
      appendEvidence(ctxOf(input.teamId), {
        actor: input.actor,
        kind: 'step.refused',
        subject: instance.id,
        step: instance.step,
        data: { event: input.event, reason: input.reason },
        place: { ...placeOf(instance), ...input.place },
      });
    },

    cancel(input: { teamId: string; instanceId: string; actor: Actor; reason: string }): Promise<Instance> {
      return lock.run(input.instanceId, async () => {
        const instance = load(input.teamId, input.instanceId);
        if (instance.status !== 'active')
          throw new DomainError('CONFLICT', `Workflow ${instance.id} is already ${instance.status}.`);
        return db.transaction(
          (tx) => {
            const row = bumpVersion(tx, instance, {
              status: 'cancelled',
              updatedAt: clock.now().toISOString(),
            });
            appendEvidence(
              { db: tx, teamId: input.teamId, clock },
              {
                actor: input.actor,
                kind: 'workflow.cancelled',
                subject: instance.id,
                step: instance.step,
                data: { reason: input.reason },
                place: placeOf(instance),
              },
            );
            return row;
          },
          { behavior: 'immediate' },
        );
      });
    },

    /** After a restart: finish busy steps that were interrupted; return instances not yet shown. */
    /**
     * After a restart: find instances whose latest step was committed but never shown (returned at
     * once), and finish busy steps a crash interrupted (in the background: a model draft must not hold
     * up start-up); `settling` resolves with those once they are done, to be shown too.
     */
    recover(): { unshown: Instance[]; settling: Promise<Instance[]> } {
      const active = db.select().from(workflowInstances).where(eq(workflowInstances.status, 'active')).all();
      const busy = active.filter((i) => currentStep(i).meta.busy);
      const unshown = active.filter((i) => !busy.includes(i) && i.renderedVersion < i.version);
      const settling = Promise.all(
        busy.map((instance) =>
          lock.run(instance.id, async () => {
            const { actor: actorRef, emitted } = restore(instance);
            try {
              return await settle(instance, actorRef, emitted);
            } catch (err) {
              logger.error(
                { err, teamId: instance.teamId, instanceId: instance.id },
                'could not resume workflow',
              );
              return instance;
            } finally {
              actorRef.stop();
            }
          }),
        ),
      );
      return { unshown, settling };
    },
  };
}

export type Runtime = ReturnType<typeof createRuntime>;
