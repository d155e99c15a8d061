/**
 * The workflow runtime: starts instances, applies one event at a time per instance (dispatch.ts),
 * persists each transition with its evidence in one transaction (persist.ts), and finds what a crash
 * left unfinished (recover.ts). Only after the commit does anything reach Slack.
 */
import { addressees, mayAct } from '../domain/assignment.ts';
import type { Actor, Clock, Place } from '../domain/context.ts';
import { DomainError } from '../domain/errors.ts';
import { appendEvidence } from '../domain/evidence.ts';
import type { Logger } from '../logger.ts';
import type { Db } from '../store/db.ts';
import { childrenHook, childrenOf, createInstance, newInstanceId } from './children.ts';
import { createCore } from './core.ts';
import { currentStep, dispatch } from './dispatch.ts';
import { effectsHook } from './effects.ts';
import { type HandOverInput, handOver, handOverHook, personLeft } from './handover.ts';
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
import { messagesHook } from './messages.ts';
import { evidenceFor } from './persist.ts';
import { recover } from './recover.ts';
import { historyOf, type SupersedeInput, stepAt, supersede } from './supersede.ts';
import type { RuntimeFlow, SendInput } from './types.ts';

export type { Instance, RuntimeFlow, SendInput, Step };
export { newInstanceId, placeOf, stepOf };

export interface RuntimeDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly flows: readonly RuntimeFlow[];
  /** How long a busy step (e.g. drafting with the model) may take before the runtime stops waiting. */
  readonly busyTimeoutMs?: number;
  readonly timeZone?: string;
}

export interface StartInput {
  readonly teamId: string;
  readonly flow: string;
  readonly actor: Actor;
  readonly channel: string;
  readonly threadTs?: string | undefined;
  readonly subject?: string | undefined;
  readonly parentId?: string | undefined;
  readonly via?: string | undefined;
  /** Given to the flow binding's `input()`. */
  readonly input?: unknown;
}

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';
}

export interface RefuseInput {
  readonly teamId: string;
  readonly instanceId: string;
  readonly actor: Actor;
  readonly event: string;
  readonly reason: string;
  readonly place?: Place | undefined;
  readonly via?: string | undefined;
}

export function createRuntime(deps: RuntimeDeps) {
  const core = createCore(deps);
  core.hooks.push(handOverHook(core), effectsHook(core), childrenHook(core), messagesHook(core));
  const { db, clock, logger } = core;
  const load = (teamId: string, id: string) => loadInstance(db, teamId, id);

  function refuse(input: RefuseInput): void {
    const instance = load(input.teamId, input.instanceId);
    appendEvidence(
      core.ctxOf(input.teamId),
      evidenceFor(instance, {
        actor: input.actor,
        kind: 'step.refused',
        data: { event: input.event, reason: input.reason },
        place: input.place,
        via: input.via,
      }),
    );
  }

  /** Whom the current step is addressed to. */
  const addressed = (i: Instance, step = currentStep(core, i)) =>
    addressees(core.ctxOf(i.teamId), step.meta.to, {
      context: step.context,
      startedBy: i.startedBy,
      instanceId: i.id,
      step: step.key,
    });

  /**
   * The one permission rule for steps (`meta.to`), used by the runtime before it applies an event and
   * by surfaces before they open a form. A refusal is recorded as evidence, then thrown (FORBIDDEN).
   */
  function authorize(
    input: Omit<RefuseInput, 'reason' | 'instanceId'> & { instance: Instance; step?: Step },
  ): void {
    const step = input.step ?? currentStep(core, input.instance);
    const subject = {
      context: step.context,
      startedBy: input.instance.startedBy,
      instanceId: input.instance.id,
      step: step.key,
    };
    if (mayAct(core.ctxOf(input.teamId), step.meta.to, input.actor.userId, subject)) return;
    const who = addressed(input.instance, step);
    refuse({
      ...input,
      instanceId: input.instance.id,
      reason: `addressed to ${who.userIds.join(',') || 'nobody'}`,
    });
    throw new DomainError('FORBIDDEN', `Only ${who.label} can do this step. Your attempt was recorded.`);
  }

  return {
    core,
    flows: deps.flows,
    list: (teamId: string, status?: Instance['status']) => listInstances(db, teamId, status),
    markRendered: (teamId: string, id: string, r: Parameters<typeof markRendered>[3]) =>
      markRendered(db, teamId, id, r),
    /** Apply one event (checked against `meta.to` first; see dispatch.ts). */
    dispatch: (input: SendInput, opts: Parameters<typeof dispatch>[2] = {}) =>
      dispatch(core, input, {
        ...opts,
        check: (instance, step) => {
          authorize({ ...input, instance, step, event: input.event.type });
          opts.check?.(instance, step);
        },
      }),
    /** Apply one event and wait until the instance has settled (see `dispatch`). */
    send(input: SendInput): Promise<Instance> {
      return dispatch(core, input, {
        check: (instance, step) => authorize({ ...input, instance, step, event: input.event.type }),
      }).settled;
    },
    authorize,
    addressed,
    refuse,
    get: load,
    step: (i: Instance) => currentStep(core, i),
    recover: () => recover(core),
    /** Slack deactivated (or reactivated) an account: steps waiting for that person go to the ISMS owner. */
    personLeft: (teamId: string, userId: string, deactivated: boolean) =>
      personLeft(core, teamId, userId, deactivated),
    /** The ISMS owner hands the current step to someone else (see handover.ts). */
    handOver: (input: HandOverInput) => handOver(core, input),
    /** A decision taken by mistake, superseded (who, why); the flow may ask again (see supersede.ts). */
    supersede: (input: SupersedeInput) => supersede(core, input),
    /** The instance's evidence entries, oldest first. */
    history: (teamId: string, instanceId: string) => historyOf(core, teamId, instanceId),
    /** A step of the instance's definition by its key (e.g. where a past decision was taken). */
    stepAt: (i: Instance, key: string) => stepAt(core, i, key),

    async start(input: StartInput): Promise<Instance> {
      const flow = core.flowOf(input.flow);
      try {
        const row = db.transaction((tx) => createInstance(core, tx, input), { behavior: 'immediate' });
        logger.info({ teamId: input.teamId, instanceId: row.id, flow: flow.key }, 'workflow started');
        return row;
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        const running = listInstances(db, input.teamId, 'active').find((i) => i.flow === flow.key);
        throw new DomainError(
          'CONFLICT',
          running
            ? `This workflow is already running (\`${running.id}\`, started by <@${running.startedBy}>). Use \`/isms flows resume ${running.id}\` to bring it here.`
            : 'This workflow is already running.',
        );
      }
    },

    /** The instances a parent started (`runtime.spawn`). */
    children: (teamId: string, parentId: string) => childrenOf(db, teamId, parentId),

    cancel(input: {
      teamId: string;
      instanceId: string;
      actor: Actor;
      reason: string;
      via?: string | undefined;
    }): Promise<Instance> {
      return core.lock.run(input.instanceId, async () => {
        const instance = load(input.teamId, input.instanceId);
        if (instance.status !== 'active')
          throw new DomainError('CONFLICT', `Workflow ${instance.id} is already ${instance.status}.`);
        return db.transaction(
          (tx) => {
            const row = bumpVersion(tx, instance, {
              status: 'cancelled',
              singletonKey: null,
              updatedAt: clock.now().toISOString(),
            });
            appendEvidence(
              { db: tx, teamId: input.teamId, clock },
              evidenceFor(instance, {
                actor: input.actor,
                kind: 'workflow.cancelled',
                data: { reason: input.reason },
                via: input.via,
              }),
            );
            for (const hook of core.hooks)
              hook(tx, { updated: row, previous: instance, emitted: [], actor: input.actor });
            return row;
          },
          { behavior: 'immediate' },
        );
      });
    },
  };
}

export type Runtime = ReturnType<typeof createRuntime>;
